// Time windows under both emit strategies and Kafka's null rules, ported from Kafka's
// KStreamWindowAggregateTest (same inputs, timestamps and expected outputs).
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { EmitStrategy, Serdes, StreamsBuilder, TimeWindows, type KTable, type TimeWindowedKStream, type Windowed } from 'streamwise';
import { TopologyTestDriver } from 'streamwise/testing';

type Emit = 'update' | 'close';
const STRING_INIT = (): string => '0';
const TOSTRING_ADDER = (_k: unknown, v: unknown, agg: string): string => `${agg}+${String(v)}`;

function run(windows: TimeWindows, emit: Emit, make: (w: TimeWindowedKStream<string, string>) => KTable<Windowed<string>, unknown>, input: [string | null, string | null, number][], valueSerde = Serdes.String() as never) {
  const b = new StreamsBuilder();
  const w = b.stream('topic', { keySerde: Serdes.String(), valueSerde: Serdes.String() }).groupByKey().windowedBy(windows);
  make(emit === 'close' ? w.emitStrategy(EmitStrategy.onWindowClose()) : w)
    .toStream()
    .to('out', { keySerde: Serdes.TimeWindowed(Serdes.String(), windows.sizeMs), valueSerde });
  const d = new TopologyTestDriver(b.build(), { applicationId: 'time-windows' });
  const topic = d.createInputTopic('topic');
  for (const [k, v, ts] of input) topic.pipeInput(k, v, ts);
  const out = d.createOutputTopic('out', Serdes.TimeWindowed(Serdes.String(), windows.sizeMs), valueSerde).readRecordsToList();
  return { d, rows: out.map((r) => [r.key.key, r.key.window.start, r.key.window.end, r.value, r.timestamp]) };
}

const BASIC: [string, string, number][] = [
  ['A', '1', 0], ['B', '2', 1], ['C', '3', 2], ['D', '4', 3], ['A', '1', 4],
  ['A', '1', 5], ['B', '2', 6], ['D', '4', 7], ['B', '2', 8], ['C', '3', 9],
  ['A', '1', 10], ['B', '2', 11], ['D', '4', 12], ['B', '2', 13], ['C', '3', 14],
  ['B', '1', 3], ['B', '2', 2], ['B', '3', 9],
];

test('hopping windows, onWindowUpdate (KStreamWindowAggregateTest.testAggBasic)', () => {
  const { rows } = run(TimeWindows.ofSizeAndGrace(10, 100).advanceBy(5), 'update', (w) => w.aggregate(STRING_INIT, TOSTRING_ADDER, { name: 'topic1-Canonized', valueSerde: Serdes.String() }), BASIC);
  assert.deepEqual(rows, [
    ['A', 0, 10, '0+1', 0], ['B', 0, 10, '0+2', 1], ['C', 0, 10, '0+3', 2], ['D', 0, 10, '0+4', 3], ['A', 0, 10, '0+1+1', 4],
    ['A', 0, 10, '0+1+1+1', 5], ['A', 5, 15, '0+1', 5], ['B', 0, 10, '0+2+2', 6], ['B', 5, 15, '0+2', 6],
    ['D', 0, 10, '0+4+4', 7], ['D', 5, 15, '0+4', 7], ['B', 0, 10, '0+2+2+2', 8], ['B', 5, 15, '0+2+2', 8],
    ['C', 0, 10, '0+3+3', 9], ['C', 5, 15, '0+3', 9], ['A', 5, 15, '0+1+1', 10], ['A', 10, 20, '0+1', 10],
    ['B', 5, 15, '0+2+2+2', 11], ['B', 10, 20, '0+2', 11], ['D', 5, 15, '0+4+4', 12], ['D', 10, 20, '0+4', 12],
    ['B', 5, 15, '0+2+2+2+2', 13], ['B', 10, 20, '0+2+2', 13], ['C', 5, 15, '0+3+3', 14], ['C', 10, 20, '0+3', 14],
    ['B', 0, 10, '0+2+2+2+1', 8], ['B', 0, 10, '0+2+2+2+1+2', 8], ['B', 0, 10, '0+2+2+2+1+2+3', 9], ['B', 5, 15, '0+2+2+2+2+3', 13],
  ]);
});

test('onWindowClose: nothing while no window has closed (grace 100) (KStreamWindowAggregateTest.testAggBasic, emitFinal)', () => {
  const { rows } = run(TimeWindows.ofSizeAndGrace(10, 100).advanceBy(5), 'close', (w) => w.aggregate(STRING_INIT, TOSTRING_ADDER, { valueSerde: Serdes.String() }), BASIC);
  assert.deepEqual(rows, []);
});

const EXPIRED: [string, string, number][] = [
  ['k', '100', 100], ['k', '0', 0], ['k', '1', 1], ['k', '2', 2], ['k', '3', 3],
  ['k', '4', 4], ['k', '5', 5], ['k', '6', 6], ['k', '105', 105], ['k', '106', 106],
];
// As the Java test: Materialized.as("topic1-Canonicalized").withRetention(Duration.ofMillis(100)).
const plusAgg = (w: TimeWindowedKStream<string, string>) => w.aggregate(() => '', (_k, v, agg: string) => `${agg}+${v}`, { name: 'topic1-Canonicalized', valueSerde: Serdes.String(), retentionMs: 100 });

test('records for closed windows are skipped (KStreamWindowAggregateTest.shouldLogAndMeterWhenSkippingExpiredWindow)', () => {
  const windows = TimeWindows.ofSizeAndGrace(10, 90).advanceBy(5);
  assert.deepEqual(run(windows, 'update', plusAgg, EXPIRED).rows, [
    ['k', 95, 105, '+100', 100],
    ['k', 100, 110, '+100', 100],
    ['k', 5, 15, '+5', 5],
    ['k', 5, 15, '+5+6', 6],
    ['k', 100, 110, '+100+105', 105],
    ['k', 105, 115, '+105', 105],
    ['k', 100, 110, '+100+105+106', 106],
    ['k', 105, 115, '+105+106', 106],
  ]);
  // "Window close time is 15 when timestamp is 105": the one closed window, once.
  assert.deepEqual(run(windows, 'close', plusAgg, EXPIRED).rows, [['k', 5, 15, '+5+6', 6]]);
});

test('onWindowClose emits each closed window once, from the last emit time on (KStreamWindowAggregateTest.shouldEmitFromLastEmitTime)', () => {
  const windows = TimeWindows.ofSizeAndGrace(10, 5).advanceBy(5);
  const agg = (w: TimeWindowedKStream<string, string>) => w.aggregate(STRING_INIT, TOSTRING_ADDER, { valueSerde: Serdes.String() });
  const input: [string, string, number][] = [['A', '1', 0], ['B', '2', 5], ['C', '3', 15], ['D', '4', 25]];
  assert.deepEqual(run(windows, 'close', agg, input).rows, [
    ['A', 0, 10, '0+1', 0],
    ['B', 0, 10, '0+2', 5],
    ['B', 5, 15, '0+2', 5],
    ['C', 10, 20, '0+3', 15],
  ]);
});

test('tumbling onWindowClose with no grace: a record on the boundary closes the window before the store drops it', () => {
  const { rows, d } = run(TimeWindows.ofSizeWithNoGrace(10), 'close', (w) => w.count(), [['a', 'x', 1], ['a', 'y', 9], ['b', 'z', 10], ['a', 'w', 20]], Serdes.Long() as never);
  assert.deepEqual(rows, [
    ['a', 0, 10, 2, 9],
    ['b', 10, 20, 1, 10],
  ]);
  d.close();
});

test('time windows skip null keys only: count counts a null value, a reduce passes it on (KStreamWindowAggregate.process)', () => {
  const input: [string | null, string | null, number][] = [[null, 'x', 1], ['a', null, 2], ['a', 'y', 3]];
  const count = run(TimeWindows.ofSizeWithNoGrace(10), 'update', (w) => w.count(), input, Serdes.Long() as never).rows;
  assert.deepEqual(count, [
    ['a', 0, 10, 1, 2],
    ['a', 0, 10, 2, 3],
  ]);
  // aggregatorForReducer: a null first value leaves the window empty (a null result); the next value starts it.
  const reduce = run(TimeWindows.ofSizeWithNoGrace(10), 'update', (w) => w.reduce((a, v) => `${a}+${v}`), input).rows;
  assert.deepEqual(reduce, [
    ['a', 0, 10, null, 2],
    ['a', 0, 10, 'y', 3],
  ]);
  const aggregate = run(TimeWindows.ofSizeWithNoGrace(10), 'update', (w) => w.aggregate(STRING_INIT, TOSTRING_ADDER, { valueSerde: Serdes.String() }), input).rows;
  assert.deepEqual(aggregate, [
    ['a', 0, 10, '0+null', 2],
    ['a', 0, 10, '0+null+y', 3],
  ]);
});
