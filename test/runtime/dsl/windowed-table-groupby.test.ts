// KTable.groupBy over a windowed table: the old values a subtractor sees. Kafka has no test of its
// own for this; the expected outputs follow its processors step by step:
// - KStreamWindowAggregate / KStreamSlidingWindowAggregate: a brand-new window's old aggregate is the
//   initializer's value (`oldAgg = initializer.apply()`), sent as Change(newAgg, oldAgg) once a
//   downstream KTable.groupBy enables sendOldValues; a reduce's initializer is null;
// - KStreamSessionWindowAggregate: a merged session is removed with Change(null, its aggregate) and the
//   new session is Change(agg, null);
// - KTableRepartitionMap: one Change when the old and new pairs share a key, else old then new;
// - KTableAggregate: subtracts an old value only when the key has an aggregate, then adds the new one.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { Serdes, SessionWindows, SlidingWindows, StreamsBuilder, TimeWindows, type KGroupedStream, type KTable, type Windowed } from 'streamwise';
import { TopologyTestDriver } from 'streamwise/testing';

/** The per-key audit trail of what the adder added and the subtractor subtracted. */
function audit(windowed: (g: KGroupedStream<string, string>) => KTable<Windowed<string>, number>, input: [string, number][]): string[] {
  const b = new StreamsBuilder();
  windowed(b.stream<string, string>('in').groupByKey())
    .groupBy((wk, count) => [wk.key, count], { keySerde: Serdes.String(), valueSerde: Serdes.Long() })
    .aggregate(() => '', (_k, v, agg: string) => `${agg}+${v}`, (_k, v, agg: string) => `${agg}-${v}`, { name: 'audit', valueSerde: Serdes.String() })
    .toStream()
    .to('out');
  const d = new TopologyTestDriver(b.build());
  const topic = d.createInputTopic('in');
  for (const [k, ts] of input) topic.pipeInput(k, 'x', ts);
  const out = d.createOutputTopic('out').readValuesToList();
  d.close();
  return out;
}

test('time windows: a new window sends the initializer value (0 for count) as the old value the subtractor sees', () => {
  const trail = audit((g) => g.windowedBy(TimeWindows.ofSizeWithNoGrace(10)).count(), [['a', 0], ['a', 5], ['a', 10]]);
  // a@0: [0,10) new, Change(1, 0); 'a' has no aggregate yet, so nothing is subtracted.
  // a@5: [0,10) Change(2, 1). a@10: [10,20) new, Change(1, 0): the 0 is subtracted, then 1 added.
  assert.deepEqual(trail, ['+1', '+1-1+2', '+1-1+2-0+1']);
});

test('time windows, reduce: a new window\'s old value is null (the reduce initializer), so nothing is subtracted', () => {
  const b = new StreamsBuilder();
  b.stream<string, string>('in').groupByKey().windowedBy(TimeWindows.ofSizeWithNoGrace(10)).reduce((a, v) => `${a}${v}`)
    .groupBy((wk, v) => [wk.key, v], { keySerde: Serdes.String(), valueSerde: Serdes.String() })
    .aggregate(() => '', (_k, v, agg: string) => `${agg}+${v}`, (_k, v, agg: string) => `${agg}-${v}`, { name: 'audit', valueSerde: Serdes.String() })
    .toStream()
    .to('out');
  const d = new TopologyTestDriver(b.build());
  const topic = d.createInputTopic('in');
  topic.pipeInput('a', 'x', 0);
  topic.pipeInput('a', 'y', 5);
  topic.pipeInput('a', 'z', 10);
  assert.deepEqual(d.createOutputTopic('out').readValuesToList(), ['+x', '+x-x+xy', '+x-x+xy+z']);
  d.close();
});

test('sliding windows: new windows send the initializer value as the old value', () => {
  // a@5: early record, window [0,10] new, Change(1, 0). a@20: left window [10,20] new, Change(1, 0).
  const trail = audit((g) => g.windowedBy(SlidingWindows.ofTimeDifferenceWithNoGrace(10)).count(), [['a', 5], ['a', 20]]);
  assert.deepEqual(trail, ['+1', '+1-0+1']);
});

test('session windows: a merged session is removed with its aggregate as the old value, so it is subtracted', () => {
  // a@0: [0,0] = 1. a@5 merges it: Change(null, 1) removes [0,0] (subtract 1), then [0,5] = 2 is added.
  const trail = audit((g) => g.windowedBy(SessionWindows.ofInactivityGapWithNoGrace(10)).count(), [['a', 0], ['a', 5]]);
  assert.deepEqual(trail, ['+1', '+1-1', '+1-1+2']);
});
