// split()/branch() naming as Kafka's BranchedKStream, and routing (first match wins).
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { StreamsBuilder, TopologyError, type KStream } from 'streamwise';
import { TopologyTestDriver } from 'streamwise/testing';

const isA = (_k: string, v: string): boolean => v.startsWith('a');
const isB = (_k: string, v: string): boolean => v.startsWith('b');

test('named split: keys are prefix + branch name, or prefix + 1-based position; default is prefix + "0"', () => {
  const b = new StreamsBuilder();
  const m = b.stream('in').split({ name: 'p-' }).branch(isA, { name: 'a' }).branch(isB).defaultBranch();
  assert.deepEqual(Object.keys(m).sort(), ['p-0', 'p-2', 'p-a']);
});

test('named default branch: prefix + its name', () => {
  const b = new StreamsBuilder();
  const m = b.stream('in').split({ name: 'p-' }).branch(isA).defaultBranch({ name: 'rest' });
  assert.deepEqual(Object.keys(m).sort(), ['p-1', 'p-rest']);
});

test('unnamed split: the prefix is the generated KSTREAM-BRANCH name', () => {
  const b = new StreamsBuilder();
  const m = b.stream('in').split().branch(isA).branch(isB, { name: 'b' }).noDefaultBranch();
  assert.deepEqual(Object.keys(m).sort(), ['KSTREAM-BRANCH-00000000011', 'KSTREAM-BRANCH-0000000001b']);
});

test('withConsumer gives no map entry; withChain gives its result, or none for null/undefined', () => {
  const b = new StreamsBuilder();
  const consumed: string[] = [];
  const m = b
    .stream('in')
    .split({ name: 's-' })
    .branch(isA, { withConsumer: (s) => s.to('a-out') })
    .branch(isB, { withChain: (s) => s.mapValues((v) => v.toUpperCase()) })
    .branch((_k, v) => v.startsWith('c'), { name: 'c', withChain: (s) => void s.to('c-out') })
    .branch((_k, v) => v.startsWith('d'), { name: 'd', withChain: () => null })
    .defaultBranch({ withConsumer: (s) => s.foreach((_k, v) => consumed.push(v)) });
  assert.deepEqual(Object.keys(m), ['s-2']);
  (m['s-2'] as KStream<string, string>).to('b-out');
  const d = new TopologyTestDriver(b.build());
  d.createInputTopic('in').pipeValueList(['apple', 'banana', 'cherry', 'date', 'elder']);
  assert.deepEqual(d.createOutputTopic('a-out').readValuesToList(), ['apple']);
  assert.deepEqual(d.createOutputTopic('b-out').readValuesToList(), ['BANANA']);
  assert.deepEqual(d.createOutputTopic('c-out').readValuesToList(), ['cherry']);
  assert.deepEqual(consumed, ['elder']);
});

test('first matching predicate wins; without a default branch unmatched records are dropped', () => {
  const b = new StreamsBuilder();
  const m = b
    .stream('in')
    .split({ name: 'r-' })
    .branch((_k, v) => v.includes('x'), { name: 'x' })
    .branch((_k, v) => v.includes('y'), { name: 'y' })
    .noDefaultBranch();
  m['r-x']?.to('x');
  m['r-y']?.to('y');
  const d = new TopologyTestDriver(b.build());
  d.createInputTopic('in').pipeValueList(['xy', 'y', 'z', 'yx']);
  assert.deepEqual(d.createOutputTopic('x').readValuesToList(), ['xy', 'yx']);
  assert.deepEqual(d.createOutputTopic('y').readValuesToList(), ['y']);
});

test('the default branch catches records no predicate matched', () => {
  const b = new StreamsBuilder();
  const m = b.stream('in').split({ name: 'r-' }).branch(isA).defaultBranch();
  m['r-1']?.to('a');
  m['r-0']?.to('rest');
  const d = new TopologyTestDriver(b.build());
  d.createInputTopic('in').pipeValueList(['a1', 'b1', 'a2', 'c1']);
  assert.deepEqual(d.createOutputTopic('a').readValuesToList(), ['a1', 'a2']);
  assert.deepEqual(d.createOutputTopic('rest').readValuesToList(), ['b1', 'c1']);
});

test('a branch key used twice fails the build with a clear message', () => {
  const b = new StreamsBuilder();
  b.stream('in').split({ name: 'p-' }).branch(isA, { name: 'x' }).branch(isB, { name: 'x' }).noDefaultBranch();
  assert.throws(
    () => b.build(),
    (e: unknown) => e instanceof TopologyError && e.message.includes('split p-: branch key p-x is used twice'),
  );
});

test('a named branch that collides with a position key fails the build', () => {
  const b = new StreamsBuilder();
  b.stream('in').split({ name: 'p-' }).branch(isA).branch(isB, { name: '1' }).noDefaultBranch();
  assert.throws(() => b.build(), /branch key p-1 is used twice/);
});

test('branch() after defaultBranch() fails the build', () => {
  const b = new StreamsBuilder();
  const split = b.stream('in').split({ name: 'p-' });
  split.defaultBranch();
  split.branch(isA);
  assert.throws(() => b.build(), /branch\(\) called after defaultBranch\(\)\/noDefaultBranch\(\)/);
});
