// Every KStream operator, through the test driver, with exact outputs.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { Serdes, StreamsBuilder, type KStream } from 'streamwise';
import { TopologyTestDriver } from 'streamwise/testing';

function run<V = string>(
  build: (s: KStream<string, string>) => void,
  input: [string | null, string][],
  outputs: string[],
  valueSerde = Serdes.String() as unknown,
): Record<string, [string | null, V | null][]> {
  const b = new StreamsBuilder();
  build(b.stream('in'));
  const driver = new TopologyTestDriver(b.build(), { initialWallClockTimeMs: 0 });
  driver.createInputTopic('in').pipeKeyValueList(input);
  const out: Record<string, [string | null, V | null][]> = {};
  for (const t of outputs) out[t] = driver.createOutputTopic(t, Serdes.String(), valueSerde as never).readKeyValuesToList() as [string | null, V | null][];
  driver.close();
  return out;
}

const input: [string | null, string][] = [['a', '1'], ['b', '22'], ['c', '333'], [null, '4']];

test('filter keeps matching records in order', () => {
  assert.deepEqual(run((s) => s.filter((_k, v) => v.length >= 2).to('out'), input, ['out']).out, [['b', '22'], ['c', '333']]);
});

test('filterNot drops matching records', () => {
  assert.deepEqual(run((s) => s.filterNot((_k, v) => v.length >= 2).to('out'), input, ['out']).out, [['a', '1'], [null, '4']]);
});

test('map changes key and value', () => {
  assert.deepEqual(run((s) => s.map((k, v) => [v, `${k}!`] as const).to('out'), input.slice(0, 2), ['out']).out, [['1', 'a!'], ['22', 'b!']]);
});

test('mapValues passes (value, key)', () => {
  assert.deepEqual(run((s) => s.mapValues((v, k) => `${v}:${k}`).to('out'), input.slice(0, 2), ['out']).out, [['a', '1:a'], ['b', '22:b']]);
});

test('flatMap emits every pair in order', () => {
  assert.deepEqual(
    run((s) => s.flatMap((k, v) => [...v].map((ch, i) => [`${k}${i}`, ch] as const)).to('out'), [['x', 'ab']], ['out']).out,
    [['x0', 'a'], ['x1', 'b']],
  );
});

test('flatMapValues keeps the key; an empty result emits nothing', () => {
  assert.deepEqual(
    run((s) => s.flatMapValues((v) => v.split(',').filter((p) => p !== '')).to('out'), [['k', 'a,b'], ['e', '']], ['out']).out,
    [['k', 'a'], ['k', 'b']],
  );
});

test('selectKey replaces the key only', () => {
  assert.deepEqual(run((s) => s.selectKey((_k, v) => `len${v.length}`).to('out'), input.slice(0, 2), ['out']).out, [['len1', '1'], ['len2', '22']]);
});

test('peek sees every record and passes it on; foreach is terminal', () => {
  const peeked: string[] = [];
  const each: string[] = [];
  const out = run(
    (s) => {
      const p = s.peek((k, v) => peeked.push(`${k}=${v}`));
      p.to('out');
      p.foreach((k, v) => each.push(`${k}/${v}`));
    },
    input.slice(0, 2),
    ['out'],
  ).out;
  assert.deepEqual(out, [['a', '1'], ['b', '22']]);
  assert.deepEqual(peeked, ['a=1', 'b=22']);
  assert.deepEqual(each, ['a/1', 'b/22']);
});

test('to with a topic extractor routes per record', () => {
  const out = run((s) => s.to((_k, v) => (v.length === 1 ? 'short' : 'long')), input.slice(0, 3), ['short', 'long']);
  assert.deepEqual(out.short, [['a', '1']]);
  assert.deepEqual(out.long, [['b', '22'], ['c', '333']]);
});

test('to with serdes writes with them', () => {
  const out = run((s) => s.mapValues((v) => v.length).to('out', { valueSerde: Serdes.Number() }), input.slice(0, 2), ['out'], Serdes.Number());
  assert.deepEqual(out.out, [['a', 1], ['b', 2]]);
});

test('merge interleaves both inputs in arrival order', () => {
  const b = new StreamsBuilder();
  b.stream('x').merge(b.stream('y')).to('out');
  const d = new TopologyTestDriver(b.build());
  d.createInputTopic('x').pipeInput('k', 'x1');
  d.createInputTopic('y').pipeInput('k', 'y1');
  d.createInputTopic('x').pipeInput('k', 'x2');
  assert.deepEqual(d.createOutputTopic('out').readValuesToList(), ['x1', 'y1', 'x2']);
});

test('branch: first match wins, array in predicate order, unmatched dropped', () => {
  const out = run(
    (s) => {
      const [long, anyDigit] = s.branch(
        (_k, v) => v.length >= 2,
        (_k, v) => /\d/.test(v),
      );
      long?.to('long');
      anyDigit?.to('digit');
    },
    [['a', '1'], ['b', '22'], ['c', 'x']],
    ['long', 'digit'],
  );
  assert.deepEqual(out.long, [['b', '22']]);
  assert.deepEqual(out.digit, [['a', '1']]);
});

test('record timestamps and headers flow to sinks', () => {
  const b = new StreamsBuilder();
  b.stream('in').mapValues((v) => v.toUpperCase()).to('out');
  const d = new TopologyTestDriver(b.build());
  d.createInputTopic('in').pipeInput('k', 'v', 1234, { h: Buffer.from('x') });
  const r = d.createOutputTopic('out').readRecord();
  assert.equal(r.timestamp, 1234);
  assert.equal(r.value, 'V');
  assert.equal(r.headers.h?.toString(), 'x');
});

test('a stream over several topics reads all of them', () => {
  const b = new StreamsBuilder();
  b.stream(['t1', 't2']).to('out');
  const d = new TopologyTestDriver(b.build());
  d.createInputTopic('t2').pipeInput('k', 'two');
  d.createInputTopic('t1').pipeInput('k', 'one');
  assert.deepEqual(d.createOutputTopic('out').readValuesToList(), ['two', 'one']);
});
