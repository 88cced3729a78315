// Table-table joins, ported from Kafka's KTableKTableInnerJoinTest / LeftJoinTest / OuterJoinTest
// (the join outputs and timestamps of their doTestJoin sequences) plus describe().
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { Serdes, StreamsBuilder } from 'streamwise';
import { TopologyTestDriver } from 'streamwise/testing';

const JOINER = (a: unknown, b: unknown): string => `${String(a)}+${String(b)}`;

function setUp(kind: 'join' | 'leftJoin' | 'outerJoin') {
  const b = new StreamsBuilder();
  const t1 = b.table<number, string>('topic1', { keySerde: Serdes.Integer() });
  const t2 = b.table<number, string>('topic2', { keySerde: Serdes.Integer() });
  const joined = kind === 'join' ? t1.join(t2, JOINER) : kind === 'leftJoin' ? t1.leftJoin(t2, JOINER) : t1.outerJoin(t2, JOINER);
  joined.toStream().to('out', { keySerde: Serdes.Integer() });
  const d = new TopologyTestDriver(b.build());
  const in1 = d.createInputTopic('topic1', Serdes.Integer(), Serdes.String());
  const in2 = d.createInputTopic('topic2', Serdes.Integer(), Serdes.String());
  const read = () => d.createOutputTopic('out', Serdes.Integer(), Serdes.String()).readRecordsToList().map((r) => [r.key, r.value, r.timestamp]);
  return { b, in1, in2, read };
}

test('inner join (KTableKTableInnerJoinTest.doTestJoin)', () => {
  const { in1, in2, read } = setUp('join');
  in1.pipeInput(0, 'X0', 5);
  in1.pipeInput(1, 'X1', 6);
  assert.deepEqual(read(), []);
  in2.pipeInput(0, 'Y0', 0);
  in2.pipeInput(1, 'Y1', 10);
  assert.deepEqual(read(), [[0, 'X0+Y0', 5], [1, 'X1+Y1', 10]]);
  for (const k of [0, 1, 2, 3]) in1.pipeInput(k, `XX${k}`, 7);
  assert.deepEqual(read(), [[0, 'XX0+Y0', 7], [1, 'XX1+Y1', 10]]);
  for (const k of [2, 3]) in2.pipeInput(k, `YY${k}`, 15);
  assert.deepEqual(read(), [[2, 'XX2+YY2', 15], [3, 'XX3+YY3', 15]]);
  // Deleting from the left side: a tombstone for a joined key.
  in1.pipeInput(0, null, 20);
  assert.deepEqual(read(), [[0, null, 20]]);
  in2.pipeInput(1, null, 25);
  assert.deepEqual(read(), [[1, null, 25]]);
});

test('left join: results without a right value; a right delete re-emits with null', () => {
  const { in1, in2, read } = setUp('leftJoin');
  in1.pipeInput(0, 'X0', 5);
  assert.deepEqual(read(), [[0, 'X0+null', 5]]);
  in2.pipeInput(0, 'Y0', 3);
  assert.deepEqual(read(), [[0, 'X0+Y0', 5]]);
  in2.pipeInput(1, 'Y1', 4);
  assert.deepEqual(read(), []);
  in2.pipeInput(0, null, 9);
  assert.deepEqual(read(), [[0, 'X0+null', 9]]);
  in1.pipeInput(0, null, 10);
  assert.deepEqual(read(), [[0, null, 10]]);
});

test('outer join: either side makes a result; both gone is a tombstone', () => {
  const { in1, in2, read } = setUp('outerJoin');
  in2.pipeInput(0, 'Y0', 1);
  assert.deepEqual(read(), [[0, 'null+Y0', 1]]);
  in1.pipeInput(0, 'X0', 2);
  assert.deepEqual(read(), [[0, 'X0+Y0', 2]]);
  in1.pipeInput(0, null, 3);
  assert.deepEqual(read(), [[0, 'null+Y0', 3]]);
  in2.pipeInput(0, null, 4);
  assert.deepEqual(read(), [[0, null, 4]]);
});

test('describe(): KTABLE-MERGE first, JOINTHIS and JOINOTHER on the other table store (KTableImpl.doJoin)', () => {
  const { b } = setUp('join');
  assert.equal(b.build().describe().toString(), `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000001 (topics: [topic1])
      --> KTABLE-SOURCE-0000000002
    Source: KSTREAM-SOURCE-0000000004 (topics: [topic2])
      --> KTABLE-SOURCE-0000000005
    Processor: KTABLE-SOURCE-0000000002 (stores: [topic1-STATE-STORE-0000000000])
      --> KTABLE-JOINTHIS-0000000007
      <-- KSTREAM-SOURCE-0000000001
    Processor: KTABLE-SOURCE-0000000005 (stores: [topic2-STATE-STORE-0000000003])
      --> KTABLE-JOINOTHER-0000000008
      <-- KSTREAM-SOURCE-0000000004
    Processor: KTABLE-JOINOTHER-0000000008 (stores: [topic1-STATE-STORE-0000000000])
      --> KTABLE-MERGE-0000000006
      <-- KTABLE-SOURCE-0000000005
    Processor: KTABLE-JOINTHIS-0000000007 (stores: [topic2-STATE-STORE-0000000003])
      --> KTABLE-MERGE-0000000006
      <-- KTABLE-SOURCE-0000000002
    Processor: KTABLE-MERGE-0000000006 (stores: [])
      --> KTABLE-TOSTREAM-0000000009
      <-- KTABLE-JOINTHIS-0000000007, KTABLE-JOINOTHER-0000000008
    Processor: KTABLE-TOSTREAM-0000000009 (stores: [])
      --> KSTREAM-SINK-0000000010
      <-- KTABLE-MERGE-0000000006
    Sink: KSTREAM-SINK-0000000010 (topic: out)
      <-- KTABLE-TOSTREAM-0000000009

`);
});

test('a joined table with a store name is queryable; a stream joins against a joined table', () => {
  const b = new StreamsBuilder();
  const users = b.table('users');
  const regions = b.table('regions');
  const both = users.join(regions, (u, r) => `${u}@${r}`, { storeName: 'user-regions' });
  b.stream('clicks').join(both, (c, ur) => `${c}:${ur}`).to('out');
  const d = new TopologyTestDriver(b.build());
  d.createInputTopic('users').pipeInput('k', 'ann');
  d.createInputTopic('regions').pipeInput('k', 'eu');
  d.createInputTopic('clicks').pipeInput('k', 'home');
  assert.equal(d.getKeyValueStore('user-regions').get('k'), 'ann@eu');
  assert.deepEqual(d.createOutputTopic('out').readValuesToList(), ['home:ann@eu']);
});

// KTableImpl.join(other, joiner, Materialized.with(...)): new MaterializedInternal(materialized,
// builder, MERGE_NAME) draws a store name before the merge node, and the result is materialized.
test('a table-table join with only a valueSerde (Materialized.with) is materialized under a generated store name', () => {
  const b = new StreamsBuilder();
  const left = b.table<string, string>('left');
  const right = b.table<string, string>('right');
  left.join(right, (l, r) => `${l}+${r}`, { valueSerde: Serdes.String() }).toStream().to('out');
  const topology = b.build();
  assert.match(topology.describe().toString(), /Processor: KTABLE-MERGE-0000000007 \(stores: \[KTABLE-MERGE-STATE-STORE-0000000006\]\)/);
  assert.match(topology.describe().toString(), /Processor: KTABLE-JOINTHIS-0000000008/);
  const d = new TopologyTestDriver(topology);
  d.createInputTopic('left').pipeInput('k', 'a');
  d.createInputTopic('right').pipeInput('k', 'b');
  assert.deepEqual(d.getKeyValueStore('KTABLE-MERGE-STATE-STORE-0000000006').all(), [['k', 'a+b']]);
  assert.deepEqual(d.createOutputTopic('out').readKeyValuesToList(), [['k', 'a+b']]);
  d.close();
});
