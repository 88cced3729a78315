// KTable.suppress(), ported from Kafka's SuppressScenarioTest (same inputs, timestamps and expected
// outputs) and SuppressTopologyTest (literal describe() texts), plus the buffer's changelog bytes.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { BufferConfig, Serdes, SessionWindows, SlidingWindows, StreamsBuilder, Suppressed, TimeWindows, type KTable, type Windowed } from 'streamwise';
import { TopologyTestDriver } from 'streamwise/testing';

const S = Serdes.String();
type Row = [string, number | null, number];

/** table("input").groupBy((k, v) => [v, k]).count(), suppressed and raw, as the scenario tests build it. */
function valueCounts(suppressed: Suppressed) {
  const b = new StreamsBuilder();
  const counts = b
    .table('input', { keySerde: S, valueSerde: S })
    .groupBy((k: string, v: string) => [v, k] as const, { keySerde: S, valueSerde: S })
    .count();
  counts.suppress(suppressed).toStream().to('output-suppressed', { keySerde: S, valueSerde: Serdes.Long() });
  counts.toStream().to('output-raw', { keySerde: S, valueSerde: Serdes.Long() });
  const d = new TopologyTestDriver(b.build(), { applicationId: 'suppress-scenario' });
  const input = d.createInputTopic('input');
  const drain = (topic: string): Row[] => d.createOutputTopic(topic, S, Serdes.Long()).readRecordsToList().map((r) => [r.key as string, r.value as number | null, r.timestamp]);
  return { d, input, drain };
}

test('untilTimeLimit(0) emits every update at once (SuppressScenarioTest.shouldImmediatelyEmitEventsWithZeroEmitAfter)', () => {
  const { input, drain } = valueCounts(Suppressed.untilTimeLimit(0, BufferConfig.unbounded()));
  input.pipeInput('k1', 'v1', 0);
  input.pipeInput('k1', 'v2', 1);
  input.pipeInput('k2', 'v1', 2);
  const all: Row[] = [['v1', 1, 0], ['v1', 0, 1], ['v2', 1, 1], ['v1', 1, 2]];
  assert.deepEqual(drain('output-raw'), all);
  assert.deepEqual(drain('output-suppressed'), all);
  input.pipeInput('x', 'x', 3);
  assert.deepEqual(drain('output-raw'), [['x', 1, 3]]);
  assert.deepEqual(drain('output-suppressed'), [['x', 1, 3]]);
  input.pipeInput('x', 'y', 4);
  assert.deepEqual(drain('output-raw'), [['x', 0, 4], ['y', 1, 4]]);
  assert.deepEqual(drain('output-suppressed'), [['x', 0, 4], ['y', 1, 4]]);
});

test('untilTimeLimit keeps each key in place from its first buffered update (SuppressScenarioTest.shouldSuppressIntermediateEventsWithTimeLimit)', () => {
  const { input, drain } = valueCounts(Suppressed.untilTimeLimit(2, BufferConfig.unbounded()));
  input.pipeInput('k1', 'v1', 0);
  input.pipeInput('k1', 'v2', 1);
  input.pipeInput('k2', 'v1', 2);
  assert.deepEqual(drain('output-raw'), [['v1', 1, 0], ['v1', 0, 1], ['v2', 1, 1], ['v1', 1, 2]]);
  assert.deepEqual(drain('output-suppressed'), [['v1', 1, 2]]);
  // A "tick" record only advances stream time.
  input.pipeInput('tick', 'tick', 3);
  assert.deepEqual(drain('output-raw'), [['tick', 1, 3]]);
  assert.deepEqual(drain('output-suppressed'), [['v2', 1, 1]]);
  input.pipeInput('tick', 'tock', 4);
  assert.deepEqual(drain('output-raw'), [['tick', 0, 4], ['tock', 1, 4]]);
  // tick was first buffered at 3 and it is only 4.
  assert.deepEqual(drain('output-suppressed'), []);
});

for (const [what, config, javaTest] of [
  ['maxRecords(1)', BufferConfig.maxRecords(1).emitEarlyWhenFull(), 'shouldSuppressIntermediateEventsWithRecordLimit'],
  ['maxBytes(200)', BufferConfig.maxBytes(200).emitEarlyWhenFull(), 'shouldSuppressIntermediateEventsWithBytesLimit'],
] as const) {
  test(`a full ${what} buffer emits its oldest record early (SuppressScenarioTest.${javaTest})`, () => {
    const { input, drain } = valueCounts(Suppressed.untilTimeLimit(Number.MAX_SAFE_INTEGER, config));
    input.pipeInput('k1', 'v1', 0);
    input.pipeInput('k1', 'v2', 1);
    input.pipeInput('k2', 'v1', 2);
    assert.deepEqual(drain('output-raw'), [['v1', 1, 0], ['v1', 0, 1], ['v2', 1, 1], ['v1', 1, 2]]);
    // Consecutive updates to v1 are suppressed into the latter; the last one waits for another key.
    assert.deepEqual(drain('output-suppressed'), [['v1', 0, 1], ['v2', 1, 1]]);
    input.pipeInput('x', 'x', 3);
    assert.deepEqual(drain('output-raw'), [['x', 1, 3]]);
    assert.deepEqual(drain('output-suppressed'), [['v1', 1, 2]]);
  });
}

test('a full shutDownWhenFull buffer stops processing with Kafka\'s message', () => {
  const { input } = valueCounts(Suppressed.untilTimeLimit(1000, BufferConfig.maxRecords(1).shutDownWhenFull()));
  input.pipeInput('k1', 'v1', 0);
  assert.throws(() => input.pipeInput('k2', 'v2', 1), /KTABLE-SUPPRESS-0000000008 buffer exceeded its max capacity\. Currently \[2\/1\] records and \[\d+\/9223372036854775807\] bytes\./);
});

type Grouping = ReturnType<ReturnType<StreamsBuilder['stream']>['groupBy']>;

/** stream("input").groupBy(k).windowedBy(...).count("counts"), suppressed untilWindowCloses and raw. */
function windowedCounts(windowed: (g: Grouping) => KTable<Windowed<unknown>, number>, suppressed = Suppressed.untilWindowCloses(BufferConfig.unbounded())) {
  const b = new StreamsBuilder();
  const counts = windowed(b.stream('input', { keySerde: S, valueSerde: S }).groupBy((k) => k, { keySerde: S, valueSerde: S }));
  const show = (k: Windowed<unknown>): string => `[${String(k.key)}@${k.window.start}/${k.window.end}]`;
  counts.suppress(suppressed).toStream().map((k, v) => [show(k), v] as const).to('output-suppressed', { keySerde: S, valueSerde: Serdes.Long() });
  counts.toStream().map((k, v) => [show(k), v] as const).to('output-raw', { keySerde: S, valueSerde: Serdes.Long() });
  const d = new TopologyTestDriver(b.build(), { applicationId: 'suppress-windows' });
  const input = d.createInputTopic('input');
  const drain = (topic: string): Row[] => d.createOutputTopic(topic, S, Serdes.Long()).readRecordsToList().map((r) => [r.key as string, r.value as number | null, r.timestamp]);
  return { b, d, input, drain };
}

test('final results of time windows (SuppressScenarioTest.shouldSupportFinalResultsForTimeWindows)', () => {
  const { input, drain } = windowedCounts((g) => g.windowedBy(TimeWindows.ofSizeAndGrace(2, 1)).count({ name: 'counts' }));
  for (const ts of [0, 1, 2, 1, 0, 5, 0]) input.pipeInput('k1', 'v1', ts); // the last is past the grace period
  assert.deepEqual(drain('output-raw'), [
    ['[k1@0/2]', 1, 0],
    ['[k1@0/2]', 2, 1],
    ['[k1@2/4]', 1, 2],
    ['[k1@0/2]', 3, 1],
    ['[k1@0/2]', 4, 1],
    ['[k1@4/6]', 1, 5],
  ]);
  assert.deepEqual(drain('output-suppressed'), [
    ['[k1@0/2]', 4, 1],
    ['[k1@2/4]', 1, 2],
  ]);
});

test('final results of time windows after a large jump (SuppressScenarioTest.shouldSupportFinalResultsForTimeWindowsWithLargeJump)', () => {
  const { input, drain } = windowedCounts((g) => g.windowedBy(TimeWindows.ofSizeAndGrace(2, 2)).count({ name: 'counts' }));
  for (const ts of [0, 1, 2, 0, 3, 0, 4, 0, 30]) input.pipeInput('k1', 'v1', ts);
  assert.deepEqual(drain('output-raw'), [
    ['[k1@0/2]', 1, 0],
    ['[k1@0/2]', 2, 1],
    ['[k1@2/4]', 1, 2],
    ['[k1@0/2]', 3, 1],
    ['[k1@2/4]', 2, 3],
    ['[k1@0/2]', 4, 1],
    ['[k1@4/6]', 1, 4],
    ['[k1@30/32]', 1, 30],
  ]);
  assert.deepEqual(drain('output-suppressed'), [
    ['[k1@0/2]', 4, 1],
    ['[k1@2/4]', 2, 3],
    ['[k1@4/6]', 1, 4],
  ]);
});

test('final results of sliding windows (SuppressScenarioTest.shouldSupportFinalResultsForSlidingWindows)', () => {
  const { input, drain } = windowedCounts((g) => g.windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(5, 15)).count({ name: 'counts' }));
  for (const ts of [10, 11, 10, 13, 10, 24, 5, 7, 90]) input.pipeInput('k1', 'v1', ts);
  const raw = drain('output-raw').sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[2] - b[2]));
  assert.deepEqual(raw, [
    ['[k1@11/16]', 1, 11],
    ['[k1@11/16]', 2, 13],
    ['[k1@12/17]', 1, 13],
    ['[k1@19/24]', 1, 24],
    ['[k1@5/10]', 1, 10],
    ['[k1@5/10]', 2, 10],
    ['[k1@5/10]', 3, 10],
    ['[k1@5/10]', 4, 10],
    ['[k1@5/10]', 5, 10],
    ['[k1@6/11]', 2, 11],
    ['[k1@6/11]', 3, 11],
    ['[k1@6/11]', 4, 11],
    ['[k1@6/11]', 5, 11],
    ['[k1@8/13]', 4, 13],
    ['[k1@8/13]', 5, 13],
    ['[k1@85/90]', 1, 90],
  ]);
  assert.deepEqual(drain('output-suppressed'), [
    ['[k1@5/10]', 5, 10],
    ['[k1@6/11]', 5, 11],
    ['[k1@8/13]', 5, 13],
    ['[k1@11/16]', 2, 13],
    ['[k1@12/17]', 1, 13],
    ['[k1@19/24]', 1, 24],
  ]);
});

test('final results of session windows drop the merged sessions\' tombstones (SuppressScenarioTest.shouldSupportFinalResultsForSessionWindows)', () => {
  const { input, drain } = windowedCounts((g) => g.windowedBy(SessionWindows.ofInactivityGapWithNoGrace(5)).count({ name: 'counts' }));
  input.pipeInput('k1', 'v1', 0);
  input.pipeInput('k1', 'v1', 5);
  input.pipeInput('k1', 'v1', 1); // disordered, but its window is not closed yet
  input.pipeInput('k2', 'v1', 11); // any key advances stream time
  input.pipeInput('k1', 'v1', 5); // late for the closed first window
  input.pipeInput('k1', 'v1', 30);
  assert.deepEqual(drain('output-raw'), [
    ['[k1@0/0]', 1, 0],
    ['[k1@0/0]', null, 0],
    ['[k1@0/5]', 2, 5],
    ['[k1@0/5]', null, 5],
    ['[k1@0/5]', 3, 5],
    ['[k2@11/11]', 1, 11],
    ['[k1@30/30]', 1, 30],
  ]);
  assert.deepEqual(drain('output-suppressed'), [
    ['[k1@0/5]', 3, 5],
    ['[k2@11/11]', 1, 11],
  ]);
});

test('untilWindowCloses on a table that is not windowed fails build() with Kafka\'s reason', () => {
  const b = new StreamsBuilder();
  b.table('input', { keySerde: S, valueSerde: S }).filter(() => true).suppress(Suppressed.untilWindowCloses(BufferConfig.unbounded()));
  assert.throws(() => b.build(), /Window close time is only defined for windowed computations\. Got \[KSTREAM-SOURCE-0000000001->KTABLE-SOURCE-0000000002->KTABLE-FILTER-0000000003\]\./);
});

const ANONYMOUS_FINAL_TOPOLOGY =
  'Topologies:\n' +
  '   Sub-topology: 0\n' +
  '    Source: KSTREAM-SOURCE-0000000000 (topics: [input])\n' +
  '      --> KSTREAM-KEY-SELECT-0000000001\n' +
  '    Processor: KSTREAM-KEY-SELECT-0000000001 (stores: [])\n' +
  '      --> counts-repartition-filter\n' +
  '      <-- KSTREAM-SOURCE-0000000000\n' +
  '    Processor: counts-repartition-filter (stores: [])\n' +
  '      --> counts-repartition-sink\n' +
  '      <-- KSTREAM-KEY-SELECT-0000000001\n' +
  '    Sink: counts-repartition-sink (topic: counts-repartition)\n' +
  '      <-- counts-repartition-filter\n' +
  '\n' +
  '  Sub-topology: 1\n' +
  '    Source: counts-repartition-source (topics: [counts-repartition])\n' +
  '      --> KSTREAM-AGGREGATE-0000000002\n' +
  '    Processor: KSTREAM-AGGREGATE-0000000002 (stores: [counts])\n' +
  '      --> KTABLE-SUPPRESS-0000000006\n' +
  '      <-- counts-repartition-source\n' +
  '    Processor: KTABLE-SUPPRESS-0000000006 (stores: [KTABLE-SUPPRESS-STATE-STORE-0000000007])\n' +
  '      --> KTABLE-TOSTREAM-0000000008\n' +
  '      <-- KSTREAM-AGGREGATE-0000000002\n' +
  '    Processor: KTABLE-TOSTREAM-0000000008 (stores: [])\n' +
  '      --> KSTREAM-MAP-0000000009\n' +
  '      <-- KTABLE-SUPPRESS-0000000006\n' +
  '    Processor: KSTREAM-MAP-0000000009 (stores: [])\n' +
  '      --> KSTREAM-SINK-0000000010\n' +
  '      <-- KTABLE-TOSTREAM-0000000008\n' +
  '    Sink: KSTREAM-SINK-0000000010 (topic: output-suppressed)\n' +
  '      <-- KSTREAM-MAP-0000000009\n' +
  '\n';

function finalSuppression(suppressed: Suppressed): string {
  const b = new StreamsBuilder();
  b.stream('input', { keySerde: S, valueSerde: S })
    .groupBy((k) => k, { keySerde: S, valueSerde: S })
    .windowedBy(SessionWindows.ofInactivityGapAndGrace(5, 5))
    .count({ name: 'counts' })
    .suppress(suppressed)
    .toStream()
    .map((k, v) => [String(k.key), v] as const)
    .to('output-suppressed', { keySerde: S, valueSerde: Serdes.Long() });
  return b.build().describe().toString();
}

test('describe(): an unnamed final suppression draws two counter values (SuppressTopologyTest.shouldUseNumberingForAnonymousFinalSuppressionNode)', () => {
  assert.equal(finalSuppression(Suppressed.untilWindowCloses(BufferConfig.unbounded())), ANONYMOUS_FINAL_TOPOLOGY);
});

test('describe(): withName names the node and `<name>-store` and draws none (SuppressTopologyTest.shouldApplyNameToFinalSuppressionNode)', () => {
  const named = ANONYMOUS_FINAL_TOPOLOGY.replaceAll('KTABLE-SUPPRESS-STATE-STORE-0000000007', 'myname-store')
    .replaceAll('KTABLE-SUPPRESS-0000000006', 'myname')
    .replaceAll('KTABLE-TOSTREAM-0000000008', 'KTABLE-TOSTREAM-0000000006')
    .replaceAll('KSTREAM-MAP-0000000009', 'KSTREAM-MAP-0000000007')
    .replaceAll('KSTREAM-SINK-0000000010', 'KSTREAM-SINK-0000000008');
  assert.equal(finalSuppression(Suppressed.untilWindowCloses(BufferConfig.unbounded()).withName('myname')), named);
});

test('describe(): intermediate suppression, unnamed and named (SuppressTopologyTest.shouldUseNumberingForAnonymousSuppressionNode / shouldApplyNameToSuppressionNode)', () => {
  const text = (suppressed: Suppressed): string => {
    const b = new StreamsBuilder();
    b.stream('input', { keySerde: S, valueSerde: S }).groupByKey().count().suppress(suppressed).toStream().to('output', { keySerde: S, valueSerde: Serdes.Long() });
    return b.build().describe().toString();
  };
  const anonymous =
    'Topologies:\n' +
    '   Sub-topology: 0\n' +
    '    Source: KSTREAM-SOURCE-0000000000 (topics: [input])\n' +
    '      --> KSTREAM-AGGREGATE-0000000002\n' +
    '    Processor: KSTREAM-AGGREGATE-0000000002 (stores: [KSTREAM-AGGREGATE-STATE-STORE-0000000001])\n' +
    '      --> KTABLE-SUPPRESS-0000000003\n' +
    '      <-- KSTREAM-SOURCE-0000000000\n' +
    '    Processor: KTABLE-SUPPRESS-0000000003 (stores: [KTABLE-SUPPRESS-STATE-STORE-0000000004])\n' +
    '      --> KTABLE-TOSTREAM-0000000005\n' +
    '      <-- KSTREAM-AGGREGATE-0000000002\n' +
    '    Processor: KTABLE-TOSTREAM-0000000005 (stores: [])\n' +
    '      --> KSTREAM-SINK-0000000006\n' +
    '      <-- KTABLE-SUPPRESS-0000000003\n' +
    '    Sink: KSTREAM-SINK-0000000006 (topic: output)\n' +
    '      <-- KTABLE-TOSTREAM-0000000005\n' +
    '\n';
  assert.equal(text(Suppressed.untilTimeLimit(1000, BufferConfig.unbounded())), anonymous);
  const named =
    'Topologies:\n' +
    '   Sub-topology: 0\n' +
    '    Source: KSTREAM-SOURCE-0000000000 (topics: [input])\n' +
    '      --> KSTREAM-AGGREGATE-0000000002\n' +
    '    Processor: KSTREAM-AGGREGATE-0000000002 (stores: [KSTREAM-AGGREGATE-STATE-STORE-0000000001])\n' +
    '      --> asdf\n' +
    '      <-- KSTREAM-SOURCE-0000000000\n' +
    '    Processor: asdf (stores: [asdf-store])\n' +
    '      --> KTABLE-TOSTREAM-0000000003\n' +
    '      <-- KSTREAM-AGGREGATE-0000000002\n' +
    '    Processor: KTABLE-TOSTREAM-0000000003 (stores: [])\n' +
    '      --> KSTREAM-SINK-0000000004\n' +
    '      <-- asdf\n' +
    '    Sink: KSTREAM-SINK-0000000004 (topic: output)\n' +
    '      <-- KTABLE-TOSTREAM-0000000003\n' +
    '\n';
  assert.equal(text(Suppressed.untilTimeLimit(1000, BufferConfig.unbounded()).withName('asdf')), named);
});

test('the buffer logs to <store>-changelog in Kafka\'s v3 layout and a tombstone on eviction', () => {
  const { d, input } = valueCounts(Suppressed.untilTimeLimit(1, BufferConfig.unbounded()));
  input.pipeInput('k1', 'v1', 5, { h: Buffer.from('x') });
  input.pipeInput('k9', 'v9', 7);
  const changelog = d.createOutputTopic('suppress-scenario-KTABLE-SUPPRESS-STATE-STORE-0000000009-changelog', Serdes.Buffer(), Serdes.Buffer()).readRecordsToList();
  const first = changelog[0];
  assert.ok(first !== undefined);
  assert.deepEqual(first.key, Buffer.from('v1'));
  assert.deepEqual(first.headers, { v: Buffer.from([3]) });
  const repartition = 'suppress-scenario-KTABLE-AGGREGATE-STATE-STORE-0000000004-repartition';
  const topic = Buffer.from(repartition);
  const long = (n: number): Buffer => {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(BigInt(n));
    return b;
  };
  const int = (n: number): Buffer => {
    const b = Buffer.alloc(4);
    b.writeInt32BE(n);
    return b;
  };
  // context (timestamp, offset, topic, partition, no headers: the repartition drops none, the count
  // forwards the repartitioned record's), prior (null), old (null), new (count 1), buffer time 5.
  const expected = Buffer.concat([long(5), long(0), int(topic.length), topic, int(0), int(1), int(1), Buffer.from('h'), int(1), Buffer.from('x'), int(-1), int(-1), int(8), long(1), long(5)]);
  assert.deepEqual(first.value, expected);
  // At 7 the update of v1 (buffered at 5) is older than 1 ms: evicted, so a tombstone follows.
  assert.deepEqual(
    changelog.map((r) => [r.key?.toString(), r.value === null]),
    [
      ['v1', false],
      ['v9', false],
      ['v1', true],
    ],
  );
});

function windowedTombstone(suppressed: Suppressed): [string, number, string | null, number][] {
  // A time-windowed reduce whose first value is null leaves the window empty: a tombstone (Kafka's
  // KStreamWindowAggregate passes the null value to aggregatorForReducer).
  const b = new StreamsBuilder();
  b.stream('input', { keySerde: S, valueSerde: S })
    .groupByKey()
    .windowedBy(TimeWindows.ofSizeWithNoGrace(10))
    .reduce((a, v) => `${a}+${v}`)
    .suppress(suppressed)
    .toStream()
    .to('out', { keySerde: Serdes.TimeWindowed(S, 10), valueSerde: S });
  const d = new TopologyTestDriver(b.build(), { applicationId: 'suppress-tombstones' });
  const input = d.createInputTopic('input');
  input.pipeInput('hey', null, 1);
  input.pipeInput('other', 'x', 30);
  return d.createOutputTopic('out', Serdes.TimeWindowed(S, 10), S).readRecordsToList().map((r) => [r.key.key as string, r.key.window.start, r.value as string | null, r.timestamp]);
}

test('final results drop tombstones of windows never emitted (KTableSuppressProcessorTest.finalResultsShouldDropTombstonesForTimeWindows)', () => {
  assert.deepEqual(windowedTombstone(Suppressed.untilWindowCloses(BufferConfig.unbounded())), []);
});

test('a time limit keeps tombstones (KTableSuppressProcessorTest.suppressShouldNotDropTombstonesForTimeWindows / ForKTable)', () => {
  assert.deepEqual(windowedTombstone(Suppressed.untilTimeLimit(0, BufferConfig.maxRecords(0))), [
    ['hey', 0, null, 1],
    ['other', 30, 'x', 30],
  ]);
  const b = new StreamsBuilder();
  b.table('input', { keySerde: S, valueSerde: S }).suppress(Suppressed.untilTimeLimit(0, BufferConfig.unbounded())).toStream().to('out', { keySerde: S, valueSerde: S });
  const d = new TopologyTestDriver(b.build(), { applicationId: 'suppress-table' });
  const input = d.createInputTopic('input');
  input.pipeInput('hey', 'v', 5);
  input.pipeInput('hey', null, 6);
  assert.deepEqual(d.createOutputTopic('out', S, S).readKeyValuesToList(), [['hey', 'v'], ['hey', null]]);
});

test('getKeyValueStore on a suppress() buffer says it is not queryable', () => {
  const { d } = valueCounts(Suppressed.untilTimeLimit(10, BufferConfig.unbounded()).withName('rate-limit'));
  assert.throws(() => d.getKeyValueStore('rate-limit-store'), /rate-limit-store is a suppress\(\) buffer: it is not queryable/);
});
