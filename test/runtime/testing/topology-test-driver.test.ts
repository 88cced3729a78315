// The TopologyTestDriver API of SPEC section 2.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { Serdes, StreamsBuilder, StreamsProcessingError } from 'streamwise';
import { TopologyTestDriver } from 'streamwise/testing';

function upper(): ReturnType<StreamsBuilder['build']> {
  const b = new StreamsBuilder();
  b.stream('in')
    .mapValues((v) => {
      if (v === 'boom') throw new Error('cannot handle boom');
      return v.toUpperCase();
    })
    .to('out');
  return b.build();
}

test('pipeInput/readKeyValue/readValue/isEmpty/getQueueSize', () => {
  const d = new TopologyTestDriver(upper());
  const input = d.createInputTopic('in');
  const out = d.createOutputTopic('out');
  assert.ok(out.isEmpty());
  input.pipeInput('k1', 'a');
  input.pipeInput('k2', 'b');
  assert.equal(out.getQueueSize(), 2);
  assert.deepEqual(out.readKeyValue(), ['k1', 'A']);
  assert.equal(out.readValue(), 'B');
  assert.ok(out.isEmpty());
});

test('reading an empty output topic throws', () => {
  const d = new TopologyTestDriver(upper());
  const out = d.createOutputTopic('out');
  assert.throws(() => out.readKeyValue(), /output topic out is empty: nothing to read/);
  assert.throws(() => out.readValue(), /output topic out is empty/);
  assert.deepEqual(out.readKeyValuesToList(), []);
});

test('pipeKeyValueList, pipeValueList (null keys), readKeyValuesToList, readValuesToList', () => {
  const d = new TopologyTestDriver(upper());
  const input = d.createInputTopic('in');
  input.pipeKeyValueList([['a', 'x'], ['b', 'y']]);
  input.pipeValueList(['z']);
  const out = d.createOutputTopic('out');
  assert.deepEqual(out.readKeyValuesToList(), [['a', 'X'], ['b', 'Y'], [null, 'Z']]);
  input.pipeValueList(['w']);
  assert.deepEqual(out.readValuesToList(), ['W']);
});

test('timestamps default to the driver wall clock, which advanceWallClockTime moves', () => {
  const d = new TopologyTestDriver(upper(), { initialWallClockTimeMs: 5000 });
  const input = d.createInputTopic('in');
  const out = d.createOutputTopic('out');
  input.pipeInput('k', 'a');
  d.advanceWallClockTime(250);
  input.pipeInput('k', 'b');
  input.pipeInput('k', 'c', 42);
  assert.deepEqual(out.readRecordsToList().map((r) => r.timestamp), [5000, 5250, 42]);
  assert.throws(() => d.advanceWallClockTime(-1), /non-negative/);
});

test('processing errors are thrown by default and nothing of the bad record is lost from the message', () => {
  const d = new TopologyTestDriver(upper());
  const input = d.createInputTopic('in');
  input.pipeInput('k', 'ok');
  assert.throws(
    () => input.pipeInput('k', 'boom'),
    (e: unknown) => e instanceof StreamsProcessingError && e.offset === 1 && e.node === 'KSTREAM-MAPVALUES-0000000001' && /cannot handle boom/.test(e.message),
  );
});

test("processingExceptionHandler 'continue' skips the bad record", () => {
  const d = new TopologyTestDriver(upper(), { processingExceptionHandler: 'continue' });
  d.createInputTopic('in').pipeValueList(['a', 'boom', 'b']);
  assert.deepEqual(d.createOutputTopic('out').readValuesToList(), ['A', 'B']);
});

test('a dead-letter topic receives the failed record with headers naming the error', () => {
  const d = new TopologyTestDriver(upper(), { processingExceptionHandler: { deadLetterTopic: 'dlq' } });
  d.createInputTopic('in').pipeValueList(['a', 'boom', 'b']);
  assert.deepEqual(d.createOutputTopic('out').readValuesToList(), ['A', 'B']);
  const dead = d.createOutputTopic('dlq').readRecord();
  assert.equal(dead.value, 'boom');
  assert.equal(dead.headers['__streams.errors.exception']?.toString(), 'StreamsProcessingError');
  assert.match(dead.headers['__streams.errors.message']?.toString() ?? '', /cannot handle boom/);
  assert.equal(dead.headers['__streams.errors.node']?.toString(), 'KSTREAM-MAPVALUES-0000000001');
  assert.equal(dead.headers['__streams.errors.offset']?.toString(), '1');
});

test('state stores are readable; an unknown store name throws', () => {
  const b = new StreamsBuilder();
  b.stream('in').groupByKey().count({ name: 'n' });
  const d = new TopologyTestDriver(b.build());
  d.createInputTopic('in').pipeKeyValueList([['a', '1'], ['a', '2']]);
  assert.equal(d.getKeyValueStore<string, number>('n').get('a'), 2);
  assert.equal(d.getKeyValueStore('n').approximateNumEntries(), 1);
  assert.throws(() => d.getKeyValueStore('nope'), /the topology has no state store named nope/);
});

test('an input topic the topology does not read is refused', () => {
  const d = new TopologyTestDriver(upper());
  assert.throws(() => d.createInputTopic('elsewhere'), /the topology does not read topic elsewhere \(it reads: in\)/);
});

test('input serdes: serialization failure is a SerdeError', () => {
  const d = new TopologyTestDriver(upper());
  const input = d.createInputTopic('in', Serdes.String(), Serdes.String());
  assert.throws(() => input.pipeInput('k', 7 as unknown as string), { name: 'SerdeError' });
});

test('a closed driver refuses input', () => {
  const d = new TopologyTestDriver(upper());
  const input = d.createInputTopic('in');
  d.close();
  assert.throws(() => input.pipeInput('k', 'v'), /the TopologyTestDriver is closed/);
});

test('nodeMetrics: exact records in/out per node through filter, split outlets and a failing node', () => {
  const b = new StreamsBuilder();
  const branches = b.stream('in')
    .filter((_k, v) => v !== 'drop')
    .split({ name: 'r-' })
    .branch((_k, v) => v.startsWith('a'), {
      name: 'a',
      withChain: (s) => s.mapValues((v) => {
        if (v === 'abad') throw new Error('bad a');
        return v.toUpperCase();
      }),
    })
    .branch((_k, v) => v.startsWith('b'), { name: 'b' })
    .defaultBranch({ name: 'other' });
  branches['r-a']?.to('a-out');
  branches['r-b']?.to('b-out');
  branches['r-other']?.to('other-out');
  const d = new TopologyTestDriver(b.build(), { processingExceptionHandler: 'continue' });
  d.createInputTopic('in').pipeValueList(['drop', 'a1', 'abad', 'b1', 'b2', 'c1']);
  assert.deepEqual(d.createOutputTopic('a-out').readValuesToList(), ['A1']);
  const counts = Object.entries(d.nodeMetrics()).map(([node, m]) => `${node} in ${m.recordsIn} out ${m.recordsOut} errors ${m.errors}`);
  assert.deepEqual(counts, [
    'KSTREAM-SOURCE-0000000000 in 6 out 6 errors 0',
    'KSTREAM-FILTER-0000000001 in 6 out 5 errors 0',
    'r- in 5 out 5 errors 0',
    'r-a in 2 out 2 errors 0',
    'KSTREAM-MAPVALUES-0000000004 in 2 out 1 errors 1',
    'r-b in 2 out 2 errors 0',
    'r-other in 1 out 1 errors 0',
    'KSTREAM-SINK-0000000007 in 1 out 1 errors 0',
    'KSTREAM-SINK-0000000008 in 2 out 2 errors 0',
    'KSTREAM-SINK-0000000009 in 1 out 1 errors 0',
  ]);
  for (const m of Object.values(d.nodeMetrics())) assert.ok(m.processLatencyMs >= 0);
});

test('nodeMetrics: a failing node under the default handler counts its error, and the record is not counted as out', () => {
  const d = new TopologyTestDriver(upper());
  const input = d.createInputTopic('in');
  input.pipeInput('k', 'ok');
  assert.throws(() => input.pipeInput('k', 'boom'), StreamsProcessingError);
  const m = d.nodeMetrics();
  assert.deepEqual([m['KSTREAM-MAPVALUES-0000000001']?.recordsIn, m['KSTREAM-MAPVALUES-0000000001']?.recordsOut, m['KSTREAM-MAPVALUES-0000000001']?.errors], [2, 1, 1]);
  assert.deepEqual([m['KSTREAM-SINK-0000000002']?.recordsIn, m['KSTREAM-SINK-0000000002']?.errors], [1, 0]);
});

test('config: the same option names and validation as KafkaStreams, all optional', () => {
  assert.equal(new TopologyTestDriver(upper()).applicationId, 'topology-test-driver');
  const d = new TopologyTestDriver(upper(), { applicationId: 'gw-viewer', numStreamThreads: 7, processingGuarantee: 'exactly_once_v2', commitIntervalMs: 100, bootstrapServers: ['localhost:9092'] });
  assert.equal(d.applicationId, 'gw-viewer');
  assert.throws(() => new TopologyTestDriver(upper(), { applicationId: 'gw viewer' }), /applicationId "gw viewer" is not legal/);
  assert.throws(() => new TopologyTestDriver(upper(), { processingExceptionHandler: 'skip' as 'continue' }), /processingExceptionHandler must be 'fail', 'continue' or \{ deadLetterTopic/);
  assert.throws(() => new TopologyTestDriver(upper(), { numStreamThreads: 0 }), /numStreamThreads must be a positive integer/);
  assert.throws(() => new TopologyTestDriver(upper(), { comitIntervalMs: 5 } as object), /unknown TopologyTestDriver config option 'comitIntervalMs'/);
  assert.throws(() => new TopologyTestDriver(upper(), { initialWallClockTimeMs: Number.NaN }), /initialWallClockTimeMs must be a finite number/);
});
