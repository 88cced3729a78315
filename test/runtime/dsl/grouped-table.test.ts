// KTable.groupBy -> KGroupedTable with adder and subtractor, ported from Kafka's KTableAggregateTest
// (same inputs, timestamps and outputs) plus describe() and the Change repartition bytes.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { Serdes, StreamsBuilder } from 'streamwise';
import { TopologyTestDriver } from 'streamwise/testing';

const ADD = (_k: unknown, v: string, agg: string): string => `${agg}+${v}`;
const REMOVE = (_k: unknown, v: string, agg: string): string => `${agg}-${v}`;

function aggregate(selector: (k: string, v: string) => readonly [string | null, string] | null) {
  const b = new StreamsBuilder();
  b.table('topic1').groupBy(selector).aggregate(() => '0', ADD, REMOVE, { name: 'topic1-Canonized', valueSerde: Serdes.String() }).toStream().to('out');
  const d = new TopologyTestDriver(b.build());
  const read = () => d.createOutputTopic('out').readRecordsToList().map((r) => [r.key, r.value, r.timestamp]);
  return { d, input: d.createInputTopic('topic1'), read };
}

test('aggregate with adder and subtractor (KTableAggregateTest.testAggBasic)', () => {
  const { input, read } = aggregate((k, v) => [k, v]);
  for (const [k, v, ts] of [['A', '1', 10], ['B', '2', 15], ['A', '3', 20], ['B', '4', 18], ['C', '5', 5], ['D', '6', 25], ['B', '7', 15], ['C', '8', 10]] as const) input.pipeInput(k, v, ts);
  assert.deepEqual(read(), [
    ['A', '0+1', 10], ['B', '0+2', 15], ['A', '0+1-1+3', 20], ['B', '0+2-2+4', 18],
    ['C', '0+5', 5], ['D', '0+6', 25], ['B', '0+2-2+4-4+7', 18], ['C', '0+5-5+8', 10],
  ]);
});

test('aggregate after a key change, deletes and null keys (KTableAggregateTest.testAggRepartition)', () => {
  const { input, read } = aggregate((k, v) => (k === 'null' ? [null, v] : k === 'NULL' ? null : [v, v]));
  for (const [k, v, ts] of [['A', '1', 10], ['A', null, 15], ['A', '1', 12], ['B', '2', 20], ['null', '3', 25], ['B', '4', 23], ['NULL', '5', 24], ['B', '7', 22]] as const) input.pipeInput(k, v, ts);
  assert.deepEqual(read(), [
    ['1', '0+1', 10], ['1', '0+1-1', 15], ['1', '0+1-1+1', 15], ['2', '0+2', 20],
    ['2', '0+2-2', 23], ['4', '0+4', 23], ['4', '0+4-4', 23], ['7', '0+7', 22],
  ]);
});

test('count by value (KTableAggregateTest.testCount)', () => {
  const b = new StreamsBuilder();
  b.table('count-test-input').groupBy((_k, v) => [v, v]).count({ name: 'count' }).toStream().to('out', { valueSerde: Serdes.Long() });
  const d = new TopologyTestDriver(b.build());
  const input = d.createInputTopic('count-test-input');
  for (const [k, v, ts] of [['A', 'green', 10], ['B', 'green', 9], ['A', 'blue', 12], ['C', 'yellow', 15], ['D', 'green', 11]] as const) input.pipeInput(k, v, ts);
  assert.deepEqual(d.createOutputTopic('out', Serdes.String(), Serdes.Long()).readRecordsToList().map((r) => [r.key, r.value, r.timestamp]), [
    ['green', 1, 10], ['green', 2, 10], ['green', 1, 12], ['blue', 1, 12], ['yellow', 1, 15], ['green', 2, 12],
  ]);
  assert.equal(d.getKeyValueStore('count').get('green'), 2);
});

test('reduce with a subtractor; the repartition topic carries Kafka Change bytes', () => {
  const b = new StreamsBuilder();
  b.table('t', { valueSerde: Serdes.Integer() }).groupBy((_k, v) => ['all', v], { valueSerde: Serdes.Integer() })
    .reduce((a, v) => a + v, (a, v) => a - v, { name: 'sum' });
  const d = new TopologyTestDriver(b.build(), { applicationId: 'r' });
  const input = d.createInputTopic('t', Serdes.String(), Serdes.Integer());
  input.pipeInput('x', 5);
  input.pipeInput('y', 7);
  input.pipeInput('x', 1);
  assert.equal(d.getKeyValueStore('sum').get('all'), 8);
  // {new}{1} for the first two; then key stays 'all': {varint len}{new}{old}{2}.
  const bytes = d.createOutputTopic('r-sum-repartition', Serdes.String(), Serdes.Buffer()).readValuesToList().map((v) => v.toString('hex'));
  assert.deepEqual(bytes, ['0000000501', '0000000701', '08' + '00000001' + '00000005' + '02']);
});

test('describe(): KTABLE-SELECT, a repartition sink and source (no filter), KTABLE-AGGREGATE', () => {
  const b = new StreamsBuilder();
  b.table('input').groupBy((_k, v) => [v, v]).count();
  assert.equal(b.build().describe().toString(), `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000001 (topics: [input])
      --> KTABLE-SOURCE-0000000002
    Processor: KTABLE-SOURCE-0000000002 (stores: [input-STATE-STORE-0000000000])
      --> KTABLE-SELECT-0000000003
      <-- KSTREAM-SOURCE-0000000001
    Processor: KTABLE-SELECT-0000000003 (stores: [])
      --> KSTREAM-SINK-0000000005
      <-- KTABLE-SOURCE-0000000002
    Sink: KSTREAM-SINK-0000000005 (topic: KTABLE-AGGREGATE-STATE-STORE-0000000004-repartition)
      <-- KTABLE-SELECT-0000000003

  Sub-topology: 1
    Source: KSTREAM-SOURCE-0000000006 (topics: [KTABLE-AGGREGATE-STATE-STORE-0000000004-repartition])
      --> KTABLE-AGGREGATE-0000000007
    Processor: KTABLE-AGGREGATE-0000000007 (stores: [KTABLE-AGGREGATE-STATE-STORE-0000000004])
      --> none
      <-- KSTREAM-SOURCE-0000000006

`);
});
