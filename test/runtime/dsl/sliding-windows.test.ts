// Sliding windows, ported from Kafka's KStreamSlidingWindowAggregateTest (same inputs, timestamps and
// expected outputs, for onWindowUpdate and onWindowClose), plus TopologyTest's describe() text and
// the window store's contents.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { EmitStrategy, Serdes, SlidingWindows, StreamsBuilder, type KTable, type SlidingWindowedKStream, type Windowed } from 'streamwise';
import { TopologyTestDriver } from 'streamwise/testing';

type Emit = 'update' | 'close';
type Windowing = SlidingWindowedKStream<string, string>;

/** MockInitializer.STRING_INIT and MockAggregator.TOSTRING_ADDER. */
const STRING_INIT = (): string => '0';
const TOSTRING_ADDER = (_k: unknown, v: unknown, agg: string): string => `${agg}+${String(v)}`;

/** Kafka's gatherOutput: per window start, the set of (value, timestamp) forwarded. */
function run(windows: SlidingWindows, emit: Emit, make: (w: Windowing) => KTable<Windowed<string>, unknown>, input: [string, string, number][]) {
  const b = new StreamsBuilder();
  const w = b.stream('topic', { keySerde: Serdes.String(), valueSerde: Serdes.String() }).groupByKey().windowedBy(windows);
  make(emit === 'close' ? w.emitStrategy(EmitStrategy.onWindowClose()) : w)
    .toStream()
    .to('out', { keySerde: Serdes.TimeWindowed(Serdes.String(), windows.timeDifferenceMs), valueSerde: Serdes.String() });
  const d = new TopologyTestDriver(b.build(), { applicationId: 'sliding' });
  const topic = d.createInputTopic('topic');
  for (const [k, v, ts] of input) topic.pipeInput(k, v, ts);
  const records = d.createOutputTopic('out', Serdes.TimeWindowed(Serdes.String(), windows.timeDifferenceMs), Serdes.String()).readRecordsToList();
  const byStart = new Map<number, Set<string>>();
  for (const r of records) {
    const set = byStart.get(r.key.window.start) ?? new Set<string>();
    set.add(`${String(r.value)}@${r.timestamp}`);
    byStart.set(r.key.window.start, set);
  }
  return { d, records, byStart: Object.fromEntries([...byStart].sort((a, b) => a[0] - b[0]).map(([s, v]) => [s, [...v].sort()])) };
}

function expected(spec: Record<number, [string, number][]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(spec).map(([s, vs]) => [s, vs.map(([v, t]) => `${v}@${t}`).sort()]));
}

const SMALL: [string, string, number][] = [
  ['A', '1', 10],
  ['A', '2', 10],
  ['A', '3', 14],
  ['A', '4', 15],
  ['A', '5', 20],
  ['A', '6', 22],
  ['A', '7', 30],
];

test('aggregate, onWindowUpdate (KStreamSlidingWindowAggregateTest.testAggregateSmallInput)', () => {
  const { byStart } = run(SlidingWindows.ofTimeDifferenceAndGrace(10, 5), 'update', (w) => w.aggregate(STRING_INIT, TOSTRING_ADDER, { valueSerde: Serdes.String() }), SMALL);
  assert.deepEqual(
    byStart,
    expected({
      0: [['0+1', 10], ['0+1+2', 10]],
      4: [['0+1+2+3', 14]],
      5: [['0+1+2+3+4', 15]],
      10: [['0+1+2+3+4+5', 20]],
      11: [['0+3', 14], ['0+3+4', 15], ['0+3+4+5', 20]],
      12: [['0+3+4+5+6', 22]],
      15: [['0+4', 15], ['0+4+5', 20], ['0+4+5+6', 22]],
      16: [['0+5', 20], ['0+5+6', 22]],
      20: [['0+5+6+7', 30]],
      21: [['0+6', 22], ['0+6+7', 30]],
      23: [['0+7', 30]],
    }),
  );
});

test('aggregate, onWindowClose: one final result per closed window (KStreamSlidingWindowAggregateTest.testAggregateSmallInput)', () => {
  const { byStart, records } = run(SlidingWindows.ofTimeDifferenceAndGrace(10, 5), 'close', (w) => w.aggregate(STRING_INIT, TOSTRING_ADDER, { valueSerde: Serdes.String() }), SMALL);
  assert.deepEqual(
    byStart,
    expected({
      0: [['0+1+2', 10]],
      4: [['0+1+2+3', 14]],
      5: [['0+1+2+3+4', 15]],
      10: [['0+1+2+3+4+5', 20]],
      11: [['0+3+4+5', 20]],
      12: [['0+3+4+5+6', 22]],
    }),
  );
  assert.equal(records.length, 6, 'each window once');
});

const REDUCE_INPUT: [string, string, number][] = [
  ['A', '1', 10],
  ['A', '2', 14],
  ['A', '3', 15],
  ['A', '4', 22],
  ['A', '5', 26],
  ['A', '6', 30],
];

test('reduce under both emit strategies (KStreamSlidingWindowAggregateTest.testReduceSmallInput)', () => {
  const windows = SlidingWindows.ofTimeDifferenceAndGrace(10, 5);
  const reduce = (w: Windowing) => w.reduce((a: unknown, v: unknown) => `${String(a)}+${String(v)}`);
  assert.deepEqual(
    run(windows, 'update', reduce, REDUCE_INPUT).byStart,
    expected({
      0: [['1', 10]],
      4: [['1+2', 14]],
      5: [['1+2+3', 15]],
      11: [['2', 14], ['2+3', 15]],
      12: [['2+3+4', 22]],
      15: [['3', 15], ['3+4', 22]],
      16: [['4', 22], ['4+5', 26]],
      20: [['4+5+6', 30]],
      23: [['5', 26], ['5+6', 30]],
      27: [['6', 30]],
    }),
  );
  assert.deepEqual(
    run(windows, 'close', reduce, REDUCE_INPUT).byStart,
    expected({ 0: [['1', 10]], 4: [['1+2', 14]], 5: [['1+2+3', 15]], 11: [['2+3', 15]], 12: [['2+3+4', 22]] }),
  );
});

const EARLY: [string, string, number][] = [
  ['A', '1', 0],
  ['A', '2', 5],
  ['A', '3', 6],
  ['A', '4', 3],
  ['A', '5', 13],
  ['A', '6', 10],
  ['A', '7', 70],
];

const EARLY_FINAL = {
  0: [['0+1+2+3+4+5+6', 13]],
  1: [['0+2+3+4+5+6', 13]],
  4: [['0+2+3+5+6', 13]],
  6: [['0+3+5+6', 13]],
  7: [['0+5+6', 13]],
  11: [['0+5', 13]],
} satisfies Record<number, [string, number][]>;

test('records earlier than the time difference share the window [0, d] (KStreamSlidingWindowAggregateTest.testEarlyRecordsSmallInput)', () => {
  const windows = SlidingWindows.ofTimeDifferenceAndGrace(50, 0);
  const agg = (w: Windowing) => w.aggregate(STRING_INIT, TOSTRING_ADDER, { name: 'topic-Canonized', valueSerde: Serdes.String() });
  assert.deepEqual(
    run(windows, 'update', agg, EARLY).byStart,
    expected({
      0: [['0+1', 0], ['0+1+2', 5], ['0+1+2+3', 6], ['0+1+2+3+4', 6], ['0+1+2+3+4+5', 13], ['0+1+2+3+4+5+6', 13]],
      1: [['0+2', 5], ['0+2+3', 6], ['0+2+3+4', 6], ['0+2+3+4+5', 13], ['0+2+3+4+5+6', 13]],
      4: [['0+2+3', 6], ['0+2+3+5', 13], ['0+2+3+5+6', 13]],
      6: [['0+3', 6], ['0+3+5', 13], ['0+3+5+6', 13]],
      7: [['0+5', 13], ['0+5+6', 13]],
      11: [['0+5', 13]],
      20: [['0+7', 70]],
    }),
  );
  assert.deepEqual(run(windows, 'close', agg, EARLY).byStart, expected(EARLY_FINAL));
});

test('no grace (KStreamSlidingWindowAggregateTest.testEarlyNoGracePeriodSmallInput)', () => {
  const input = EARLY.map(([k, v, ts], i): [string, string, number] => (i === 6 ? [k, '6', ts] : [k, v, ts]));
  const windows = SlidingWindows.ofTimeDifferenceWithNoGrace(50);
  const agg = (w: Windowing) => w.aggregate(STRING_INIT, TOSTRING_ADDER, { name: 'topic-Canonized', valueSerde: Serdes.String() });
  const update = run(windows, 'update', agg, input).byStart;
  assert.deepEqual(update['20'], ['0+6@70']);
  assert.deepEqual(run(windows, 'close', agg, input).byStart, expected(EARLY_FINAL));
});

test('records later than grace are dropped; windows they would join are not touched (KStreamSlidingWindowAggregateTest.shouldLogAndMeterWhenSkippingExpiredWindowByGrace)', () => {
  const input: [string, string, number][] = [
    ['k', '100', 200],
    ['k', '0', 100],
    ['k', '1', 101],
    ['k', '2', 102],
    ['k', '3', 103],
    ['k', '4', 104],
    ['k', '5', 105],
    ['k', '6', 15],
    ['k', '101', 300],
    ['k', '102', 400],
  ];
  const windows = SlidingWindows.ofTimeDifferenceAndGrace(10, 90);
  const agg = (w: Windowing) => w.aggregate(STRING_INIT, TOSTRING_ADDER, { valueSerde: Serdes.String() });
  const rows = (emit: Emit) => run(windows, emit, agg, input).records.map((r) => [r.key.key, r.key.window.start, r.key.window.end, r.value, r.timestamp]);
  assert.deepEqual(rows('update'), [
    ['k', 190, 200, '0+100', 200],
    ['k', 290, 300, '0+101', 300],
    ['k', 390, 400, '0+102', 400],
  ]);
  assert.deepEqual(rows('close'), [
    ['k', 190, 200, '0+100', 200],
    ['k', 290, 300, '0+101', 300],
  ]);
});

test('null keys and null values are skipped; count counts per window (KStreamSlidingWindowAggregateTest.shouldLogAndMeterWhenSkippingNullKey)', () => {
  const b = new StreamsBuilder();
  b.stream('topic', { keySerde: Serdes.String(), valueSerde: Serdes.String() })
    .groupByKey()
    .windowedBy(SlidingWindows.ofTimeDifferenceWithNoGrace(10))
    .count()
    .toStream()
    .to('out', { keySerde: Serdes.TimeWindowed(Serdes.String(), 10), valueSerde: Serdes.Long() });
  const d = new TopologyTestDriver(b.build(), { applicationId: 'sliding-null' });
  const input = d.createInputTopic('topic');
  input.pipeInput(null, '1', 1);
  input.pipeInput('a', null, 2);
  input.pipeInput('a', 'x', 12);
  input.pipeInput('a', 'y', 15);
  const out = d.createOutputTopic('out', Serdes.TimeWindowed(Serdes.String(), 10), Serdes.Long()).readRecordsToList();
  assert.deepEqual(
    out.map((r) => [r.key.key, r.key.window.start, r.key.window.end, r.value, r.timestamp]),
    [
      ['a', 2, 12, 1, 12],
      // a@15 creates the right window of a@12 first, then its own left window.
      ['a', 13, 23, 1, 15],
      ['a', 5, 15, 2, 15],
    ],
  );
  // The window store holds every window by start, with the largest record timestamp in it.
  const store = d.getTimestampedWindowStore<string, number>('KSTREAM-AGGREGATE-STATE-STORE-0000000001');
  assert.deepEqual(store.fetch('a', 0, 100), [
    [2, { value: 1, timestamp: 12 }],
    [5, { value: 2, timestamp: 15 }],
    [13, { value: 1, timestamp: 15 }],
  ]);
});

test('describe(): the same nodes and store names as a time-windowed count (TopologyTest.slidingWindowZeroArgCountWithTopologyConfigShouldPreserveTopologyStructure)', () => {
  const b = new StreamsBuilder();
  b.stream('input-topic').groupByKey().windowedBy(SlidingWindows.ofTimeDifferenceWithNoGrace(1)).count();
  assert.equal(
    b.build().describe().toString(),
    'Topologies:\n' +
      '   Sub-topology: 0\n' +
      '    Source: KSTREAM-SOURCE-0000000000 (topics: [input-topic])\n' +
      '      --> KSTREAM-AGGREGATE-0000000002\n' +
      '    Processor: KSTREAM-AGGREGATE-0000000002 (stores: [KSTREAM-AGGREGATE-STATE-STORE-0000000001])\n' +
      '      --> none\n' +
      '      <-- KSTREAM-SOURCE-0000000000\n\n',
  );
  const json = b.build().describe().toJSON();
  assert.equal(json.stores.find((s) => s.name === 'KSTREAM-AGGREGATE-STATE-STORE-0000000001')?.kind, 'window');
});

test('SlidingWindows rejects a negative time difference or grace, with Kafka\'s reasons', () => {
  assert.throws(() => SlidingWindows.ofTimeDifferenceWithNoGrace(-1), /Window time difference must not be negative/);
  assert.throws(() => SlidingWindows.ofTimeDifferenceAndGrace(10, -1), /Window grace period must not be negative/);
  assert.equal(String(SlidingWindows.ofTimeDifferenceAndGrace(10, 5)), 'SlidingWindows{timeDifferenceMs=10, graceMs=5}');
});

const LARGE: [string, string, number][] = [
  ['A', '1', 10], ['A', '2', 20], ['A', '3', 22], ['A', '4', 15],
  ['B', '1', 12], ['B', '2', 13], ['B', '3', 18], ['B', '4', 19], ['B', '5', 25], ['B', '6', 14],
  ['C', '1', 11], ['C', '2', 15], ['C', '3', 16], ['C', '4', 21], ['C', '5', 23],
  ['D', '4', 11], ['D', '2', 12], ['D', '3', 29], ['D', '5', 16],
];

test('many keys, out-of-order records, grace 50 / 10 (KStreamSlidingWindowAggregateTest.testAggregateLargeInput)', () => {
  // Kafka sorts the output by key then window start (stably): the same order here.
  const sorted = (emit: Emit, grace: number) =>
    run(SlidingWindows.ofTimeDifferenceAndGrace(10, grace), emit, (w) => w.aggregate(STRING_INIT, TOSTRING_ADDER, { valueSerde: Serdes.String() }), LARGE)
      .records.map((r) => [r.key.key, r.key.window.start, r.value, r.timestamp])
      .sort((a, b) => (a[0] === b[0] ? (a[1] as number) - (b[1] as number) : String(a[0]) < String(b[0]) ? -1 : 1));
  assert.deepEqual(sorted('update', 50), [
    ['A', 0, '0+1', 10],
    ['A', 5, '0+1+4', 15],
    ['A', 10, '0+1+2', 20],
    ['A', 10, '0+1+2+4', 20],
    ['A', 11, '0+2', 20],
    ['A', 11, '0+2+4', 20],
    ['A', 12, '0+2+3', 22],
    ['A', 12, '0+2+3+4', 22],
    ['A', 16, '0+2+3', 22],
    ['A', 21, '0+3', 22],
    ['B', 2, '0+1', 12],
    ['B', 3, '0+1+2', 13],
    ['B', 4, '0+1+2+6', 14],
    ['B', 8, '0+1+2+3', 18],
    ['B', 8, '0+1+2+3+6', 18],
    ['B', 9, '0+1+2+3+4', 19],
    ['B', 9, '0+1+2+3+4+6', 19],
    ['B', 13, '0+2', 13],
    ['B', 13, '0+2+3', 18],
    ['B', 13, '0+2+3+4', 19],
    ['B', 13, '0+2+3+4+6', 19],
    ['B', 14, '0+3', 18],
    ['B', 14, '0+3+4', 19],
    ['B', 14, '0+3+4+6', 19],
    ['B', 15, '0+3+4+5', 25],
    ['B', 19, '0+4', 19],
    ['B', 19, '0+4+5', 25],
    ['B', 20, '0+5', 25],
    ['C', 1, '0+1', 11],
    ['C', 5, '0+1+2', 15],
    ['C', 6, '0+1+2+3', 16],
    ['C', 11, '0+1+2+3+4', 21],
    ['C', 12, '0+2', 15],
    ['C', 12, '0+2+3', 16],
    ['C', 12, '0+2+3+4', 21],
    ['C', 13, '0+2+3+4+5', 23],
    ['C', 16, '0+3', 16],
    ['C', 16, '0+3+4', 21],
    ['C', 16, '0+3+4+5', 23],
    ['C', 17, '0+4', 21],
    ['C', 17, '0+4+5', 23],
    ['C', 22, '0+5', 23],
    ['D', 1, '0+4', 11],
    ['D', 2, '0+4+2', 12],
    ['D', 6, '0+4+2+5', 16],
    ['D', 12, '0+2', 12],
    ['D', 12, '0+2+5', 16],
    ['D', 13, '0+5', 16],
    ['D', 19, '0+3', 29],
  ]);
  assert.deepEqual(sorted('close', 10), [
    ['A', 0, '0+1', 10],
    ['A', 5, '0+1+4', 15],
    ['B', 2, '0+1', 12],
    ['B', 3, '0+1+2', 13],
    ['B', 8, '0+1+2+3+6', 18],
    ['C', 5, '0+2', 15],
    ['C', 6, '0+2+3', 16],
  ]);
});
