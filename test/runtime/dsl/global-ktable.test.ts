// GlobalKTable and stream-globalTable joins, ported from Kafka's KStreamGlobalKTableJoinTest and
// KStreamGlobalKTableLeftJoinTest (same inputs and expected outputs), plus describe() text.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { Serdes, StreamsBuilder } from 'streamwise';
import { TopologyTestDriver } from 'streamwise/testing';

const expectedKeys = [0, 1, 2, 3];
// Value is comma delimited: the second token, when present, is the global table's key (else no match).
const keyMapper = (_k: number | null, v: string): string | null => v.split(',')[1] ?? null;

function setUp(left: boolean) {
  const b = new StreamsBuilder();
  const stream = b.stream<number, string>('streamTopic', { keySerde: Serdes.Integer() });
  const table = b.globalTable<string, string>('globalTable');
  const joined = left
    ? stream.leftJoin(table, keyMapper, (v, gv) => `${v}+${gv}`)
    : stream.join(table, keyMapper, (v, gv) => `${v}+${gv}`);
  joined.to('out', { keySerde: Serdes.Integer() });
  const d = new TopologyTestDriver(b.build());
  const inputStream = d.createInputTopic('streamTopic', Serdes.Integer(), Serdes.String());
  const inputTable = d.createInputTopic('globalTable');
  const out = d.createOutputTopic('out', Serdes.Integer(), Serdes.String());
  // The Java test auto-advances stream timestamps from 0 by 1 ms.
  let ts = 0;
  const pushToStream = (count: number, prefix: string, foreignKey: boolean, nullKey = false) => {
    for (let i = 0; i < count; i++) {
      const k = expectedKeys[i] ?? 0;
      inputStream.pipeInput(nullKey && i === 0 ? null : k, `${prefix}${k}${foreignKey ? `,FKey${k}` : ''}`, ts++);
    }
  };
  const pushToGlobalTable = (count: number, prefix: string) => {
    for (let i = 0; i < count; i++) inputTable.pipeInput(`FKey${expectedKeys[i]}`, `${prefix}${expectedKeys[i]}`, 0);
  };
  const pushNullValueToGlobalTable = (count: number) => {
    for (let i = 0; i < count; i++) inputTable.pipeInput(`FKey${expectedKeys[i]}`, null, 0);
  };
  const read = () => out.readRecordsToList().map((r) => [r.key, r.value, r.timestamp]);
  return { d, pushToStream, pushToGlobalTable, pushNullValueToGlobalTable, read };
}

test('join: nothing for an empty global table or on table updates (KStreamGlobalKTableJoinTest.shouldNotJoinOnGlobalTableUpdates)', () => {
  const t = setUp(false);
  t.pushToStream(2, 'X', true);
  assert.deepEqual(t.read(), []);
  t.pushToGlobalTable(2, 'Y');
  assert.deepEqual(t.read(), []);
  t.pushToStream(4, 'X', true);
  assert.deepEqual(t.read(), [[0, 'X0,FKey0+Y0', 2], [1, 'X1,FKey1+Y1', 3]]);
  t.pushToGlobalTable(4, 'YY');
  assert.deepEqual(t.read(), []);
  t.pushToStream(4, 'X', true);
  assert.deepEqual(t.read(), [[0, 'X0,FKey0+YY0', 6], [1, 'X1,FKey1+YY1', 7], [2, 'X2,FKey2+YY2', 8], [3, 'X3,FKey3+YY3', 9]]);
  t.pushToGlobalTable(4, 'YYY');
  assert.deepEqual(t.read(), []);
});

test('join: a null value in the global table deletes; a null selected key never joins (KStreamGlobalKTableJoinTest)', () => {
  const t = setUp(false);
  t.pushToGlobalTable(4, 'Y');
  t.pushToStream(4, 'XXX', true);
  assert.deepEqual(t.read(), [[0, 'XXX0,FKey0+Y0', 0], [1, 'XXX1,FKey1+Y1', 1], [2, 'XXX2,FKey2+Y2', 2], [3, 'XXX3,FKey3+Y3', 3]]);
  t.pushNullValueToGlobalTable(2); // shouldClearGlobalTableEntryOnNullValueUpdates
  t.pushToStream(4, 'XXX', true);
  assert.deepEqual(t.read(), [[2, 'XXX2,FKey2+Y2', 6], [3, 'XXX3,FKey3+Y3', 7]]);
  t.pushToStream(4, 'XXX', false); // shouldNotJoinOnNullKeyMapperValues
  assert.deepEqual(t.read(), []);
});

test('join: a null record key with a selected key joins (KStreamGlobalKTableJoinTest.shouldJoinOnNullKeyWithNonNullKeyMapperValues)', () => {
  const t = setUp(false);
  t.pushToGlobalTable(2, 'Y');
  assert.deepEqual(t.read(), []);
  t.pushToStream(4, 'X', true, true);
  assert.deepEqual(t.read(), [[null, 'X0,FKey0+Y0', 0], [1, 'X1,FKey1+Y1', 1]]);
});

test('leftJoin: every stream record, null when unmatched (KStreamGlobalKTableLeftJoinTest.shouldJoinRegardlessIfMatchFoundOnStreamUpdates)', () => {
  const t = setUp(true);
  t.pushToGlobalTable(2, 'Y');
  t.pushToStream(4, 'X', true);
  assert.deepEqual(t.read(), [[0, 'X0,FKey0+Y0', 0], [1, 'X1,FKey1+Y1', 1], [2, 'X2,FKey2+null', 2], [3, 'X3,FKey3+null', 3]]);
});

test('leftJoin: a null selected key is dropped, a null record key is joined (KStreamGlobalKTableLeftJoinTest.shouldNotJoinOnNullKeyMapperValues, shouldJoinOnNullKeyWithNonNullKeyMapperValues)', () => {
  const t = setUp(true);
  t.pushToGlobalTable(4, 'Y');
  t.pushToStream(4, 'XXX', false);
  assert.deepEqual(t.read(), []);
  t.pushToStream(4, 'XXX', true, true);
  assert.deepEqual(t.read(), [[null, 'XXX0,FKey0+Y0', 4], [1, 'XXX1,FKey1+Y1', 5], [2, 'XXX2,FKey2+Y2', 6], [3, 'XXX3,FKey3+Y3', 7]]);
});

test('describe(): the global store is its own sub-topology; Kafka names both global joins KSTREAM-LEFTJOIN-', () => {
  const b = new StreamsBuilder();
  const table = b.globalTable('customers', { name: 'customer-store' });
  const orders = b.stream('orders');
  orders.join(table, (_k, v) => v, (o, c) => `${o}/${c}`).to('enriched');
  orders.leftJoin(b.globalTable('regions'), (_k, v) => v, (o, r) => `${o}/${r}`).to('regioned');
  const topology = b.build();
  assert.equal(topology.describe().toString(), `Topologies:
   Sub-topology: 0 for global store (will not generate tasks)
    Source: KSTREAM-SOURCE-0000000000 (topics: [customers])
      --> KTABLE-SOURCE-0000000001
    Processor: KTABLE-SOURCE-0000000001 (stores: [customer-store])
      --> none
      <-- KSTREAM-SOURCE-0000000000
  Sub-topology: 1
    Source: KSTREAM-SOURCE-0000000002 (topics: [orders])
      --> KSTREAM-LEFTJOIN-0000000003, KSTREAM-LEFTJOIN-0000000008
    Processor: KSTREAM-LEFTJOIN-0000000003 (stores: [])
      --> KSTREAM-SINK-0000000004
      <-- KSTREAM-SOURCE-0000000002
    Processor: KSTREAM-LEFTJOIN-0000000008 (stores: [])
      --> KSTREAM-SINK-0000000009
      <-- KSTREAM-SOURCE-0000000002
    Sink: KSTREAM-SINK-0000000004 (topic: enriched)
      <-- KSTREAM-LEFTJOIN-0000000003
    Sink: KSTREAM-SINK-0000000009 (topic: regioned)
      <-- KSTREAM-LEFTJOIN-0000000008

  Sub-topology: 2 for global store (will not generate tasks)
    Source: KSTREAM-SOURCE-0000000006 (topics: [regions])
      --> KTABLE-SOURCE-0000000007
    Processor: KTABLE-SOURCE-0000000007 (stores: [regions-STATE-STORE-0000000005])
      --> none
      <-- KSTREAM-SOURCE-0000000006
`);
  const model = topology.describe().toJSON();
  assert.deepEqual(model.subTopologies.map((s) => s.globalStore === true), [true, false, true]);
  assert.deepEqual(model.stores.map((s) => [s.name, s.global, s.changelogTopic]), [['customer-store', true, undefined], ['regions-STATE-STORE-0000000005', true, undefined]]);
  assert.deepEqual(model.internalTopics, []);
  // The store is queryable in the driver; a global table's topic may not be read by another source.
  const d = new TopologyTestDriver(topology);
  d.createInputTopic('customers').pipeInput('c1', 'ann');
  assert.equal(d.getKeyValueStore('customer-store').get('c1'), 'ann');
  const bad = new StreamsBuilder();
  bad.globalTable('t');
  bad.stream('t');
  assert.throws(() => bad.build(), /Topic t has already been registered by another source\./);
});
