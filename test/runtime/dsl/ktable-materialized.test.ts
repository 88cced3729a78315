// Queryable KTable filter/filterNot/mapValues (Kafka's Materialized on KTableImpl.doFilter /
// doMapValues): outputs, store contents with timestamps, the store-name burn and describe() texts,
// ported from KTableFilterTest, KTableMapValuesTest and TopologyTest.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { Serdes, StreamsBuilder, Stores, type KTable } from 'streamwise';
import { TopologyTestDriver } from 'streamwise/testing';

const even = (_k: string, v: number): boolean => v % 2 === 0;

function readAll(d: TopologyTestDriver, topic: string): [string, number | null, number][] {
  return d.createOutputTopic(topic, Serdes.String(), Serdes.Integer()).readRecordsToList().map((r) => [r.key as string, r.value, r.timestamp]);
}

// KTableFilterTest.shouldPassThroughOnMaterialization (doTestKTable): the same output as without a store.
test('materialized filter passes updates through as the unmaterialized one (KTableFilterTest.shouldPassThroughOnMaterialization)', () => {
  for (const storeName of ['store2', undefined]) {
    const b = new StreamsBuilder();
    const table1 = b.table<string, number>('topic1', { valueSerde: Serdes.Integer() });
    const table2 = table1.filter(even, storeName === undefined ? undefined : { storeName });
    const table3 = table1.filterNot(even);
    assert.equal(table2.storeName, storeName);
    assert.equal(table3.storeName, undefined);
    table2.toStream().to('out2', { valueSerde: Serdes.Integer() });
    table3.toStream().to('out3', { valueSerde: Serdes.Integer() });
    const d = new TopologyTestDriver(b.build());
    const input = d.createInputTopic('topic1', Serdes.String(), Serdes.Integer());
    input.pipeInput('A', 1, 10);
    input.pipeInput('B', 2, 5);
    input.pipeInput('C', 3, 8);
    input.pipeInput('D', 4, 14);
    input.pipeInput('A', null, 18);
    input.pipeInput('B', null, 15);
    assert.deepEqual(readAll(d, 'out2'), [['A', null, 10], ['B', 2, 5], ['C', null, 8], ['D', 4, 14], ['A', null, 18], ['B', null, 15]]);
    assert.deepEqual(readAll(d, 'out3'), [['A', 1, 10], ['B', null, 5], ['C', 3, 8], ['D', null, 14], ['A', null, 18], ['B', null, 15]]);
    if (storeName !== undefined) assert.deepEqual(d.getKeyValueStore(storeName).all(), [['D', 4]]);
    d.close();
  }
});

// KTableFilterTest.shouldGetValuesOnMaterialization (doTestValueGetter): the stores with timestamps.
test('materialized filter and filterNot stores hold the passing values with their timestamps (KTableFilterTest.shouldGetValuesOnMaterialization)', () => {
  const b = new StreamsBuilder();
  const table1 = b.table<string, number>('topic1', { valueSerde: Serdes.Integer() });
  table1.filter(even, { storeName: 'store2' });
  table1.filterNot(even, { storeName: 'store3' });
  table1.filterNot(even);
  const d = new TopologyTestDriver(b.build());
  const input = d.createInputTopic('topic1', Serdes.String(), Serdes.Integer());
  const s2 = d.getTimestampedKeyValueStore<string, number>('store2');
  const s3 = d.getTimestampedKeyValueStore<string, number>('store3');
  const vt = (value: number, timestamp: number) => ({ value, timestamp });
  input.pipeInput('A', 1, 5);
  input.pipeInput('B', 1, 10);
  input.pipeInput('C', 1, 15);
  assert.equal(s2.get('A'), null);
  assert.equal(s2.get('B'), null);
  assert.equal(s2.get('C'), null);
  assert.deepEqual([s3.get('A'), s3.get('B'), s3.get('C')], [vt(1, 5), vt(1, 10), vt(1, 15)]);
  input.pipeInput('A', 2, 10);
  input.pipeInput('B', 2, 5);
  assert.deepEqual([s2.get('A'), s2.get('B'), s2.get('C')], [vt(2, 10), vt(2, 5), null]);
  assert.deepEqual([s3.get('A'), s3.get('B'), s3.get('C')], [null, null, vt(1, 15)]);
  input.pipeInput('A', 3, 15);
  assert.deepEqual([s2.get('A'), s2.get('B'), s2.get('C')], [null, vt(2, 5), null]);
  assert.deepEqual([s3.get('A'), s3.get('B'), s3.get('C')], [vt(3, 15), null, vt(1, 15)]);
  input.pipeInput('A', null, 10);
  input.pipeInput('B', null, 20);
  assert.deepEqual([s2.get('A'), s2.get('B'), s2.get('C')], [null, null, null]);
  assert.deepEqual([s3.get('A'), s3.get('B'), s3.get('C')], [null, null, vt(1, 15)]);
  d.close();
});

// KTableMapValuesTest.testQueryableKTable (doTestKTable) and testQueryableValueGetter (doTestValueGetter).
test('materialized mapValues emits as the unmaterialized one and its stores follow each update (KTableMapValuesTest.testQueryableKTable, testQueryableValueGetter)', () => {
  const b = new StreamsBuilder();
  const table1 = b.table<string, string>('topic1');
  table1.mapValues((v) => v.charCodeAt(0) - 48, { storeName: 'anyName', valueSerde: Serdes.Integer() }).toStream().to('out', { valueSerde: Serdes.Integer() });
  const d = new TopologyTestDriver(b.build());
  const input = d.createInputTopic('topic1', Serdes.String(), Serdes.String());
  input.pipeInput('A', '1', 5);
  input.pipeInput('B', '2', 25);
  input.pipeInput('C', '3', 20);
  input.pipeInput('D', '4', 10);
  assert.deepEqual(readAll(d, 'out'), [['A', 1, 5], ['B', 2, 25], ['C', 3, 20], ['D', 4, 10]]);
  d.close();

  const b2 = new StreamsBuilder();
  const t1 = b2.table<string, string>('topic1');
  t1.mapValues((s) => Number.parseInt(s, 10), { storeName: 'store2', valueSerde: Serdes.Integer() });
  t1.mapValues((s) => Number.parseInt(s, 10) * -1, { storeName: 'store3', valueSerde: Serdes.Integer() });
  t1.mapValues((s) => Number.parseInt(s, 10));
  const d2 = new TopologyTestDriver(b2.build());
  const in2 = d2.createInputTopic('topic1', Serdes.String(), Serdes.String());
  const s2 = d2.getTimestampedKeyValueStore<string, number>('store2');
  const s3 = d2.getTimestampedKeyValueStore<string, number>('store3');
  const vt = (value: number, timestamp: number) => ({ value, timestamp });
  const both = () => [[s2.get('A'), s2.get('B'), s2.get('C')], [s3.get('A'), s3.get('B'), s3.get('C')]];
  in2.pipeInput('A', '01', 50);
  in2.pipeInput('B', '01', 10);
  in2.pipeInput('C', '01', 30);
  assert.deepEqual(both(), [[vt(1, 50), vt(1, 10), vt(1, 30)], [vt(-1, 50), vt(-1, 10), vt(-1, 30)]]);
  in2.pipeInput('A', '02', 25);
  in2.pipeInput('B', '02', 20);
  assert.deepEqual(both(), [[vt(2, 25), vt(2, 20), vt(1, 30)], [vt(-2, 25), vt(-2, 20), vt(-1, 30)]]);
  in2.pipeInput('A', '03', 35);
  assert.deepEqual(both(), [[vt(3, 35), vt(2, 20), vt(1, 30)], [vt(-3, 35), vt(-2, 20), vt(-1, 30)]]);
  in2.pipeInput('A', null, 1);
  assert.deepEqual(both(), [[null, vt(2, 20), vt(1, 30)], [null, vt(-2, 20), vt(-1, 30)]]);
  d2.close();
});

const HEAD = 'Topologies:\n   Sub-topology: 0\n    Source: KSTREAM-SOURCE-0000000001 (topics: [input-topic])\n      --> KTABLE-SOURCE-0000000002\n    Processor: KTABLE-SOURCE-0000000002 (stores: [])\n';

function described(op: (t: KTable<string, string>) => unknown): string {
  const b = new StreamsBuilder();
  op(b.table<string, string>('input-topic'));
  return b.build().describe().toString();
}

// TopologyTest.kTable{Non,Anonymous,Named}Materialized{Filter,MapValues}ShouldPreserveTopologyStructure.
test('describe(): a Materialized without a name burns one counter value and adds no store; a named one adds its store (TopologyTest)', () => {
  const node = (name: string, stores: string) => `${HEAD}      --> ${name}\n      <-- KSTREAM-SOURCE-0000000001\n    Processor: ${name} (stores: [${stores}])\n      --> none\n      <-- KTABLE-SOURCE-0000000002\n\n`;
  // kTableNonMaterializedFilterShouldPreserveTopologyStructure / ...MapValues...
  assert.equal(described((t) => t.filter(() => false)), node('KTABLE-FILTER-0000000003', ''));
  assert.equal(described((t) => t.mapValues(() => null)), node('KTABLE-MAPVALUES-0000000003', ''));
  // kTableAnonymousMaterializedFilterShouldPreserveTopologyStructure (Materialized.with(serdes)).
  assert.equal(described((t) => t.filter(() => false, { keySerde: Serdes.String(), valueSerde: Serdes.String() })), node('KTABLE-FILTER-0000000004', ''));
  // kTableAnonymousMaterializedMapValuesShouldPreserveTopologyStructure.
  assert.equal(described((t) => t.mapValues(() => null, { valueSerde: Serdes.String() })), node('KTABLE-MAPVALUES-0000000004', ''));
  // kTableNamedMaterializedFilterShouldPreserveTopologyStructure / ...MapValues...
  assert.equal(described((t) => t.filter(() => false, { storeName: 'store-name' })), node('KTABLE-FILTER-0000000003', 'store-name'));
  assert.equal(described((t) => t.mapValues(() => null, { storeName: 'store-name' })), node('KTABLE-MAPVALUES-0000000003', 'store-name'));
  // Materialized.as(supplier): the supplier names the store.
  assert.equal(described((t) => t.filterNot(() => false, { storeSupplier: Stores.inMemoryKeyValueStore('store-name') })), node('KTABLE-FILTER-0000000003', 'store-name'));
  // A Named name still draws its counter value (orElseGenerateWithPrefix), after the burned one.
  const named = described((t) => t.filter(() => false, { name: 'f', valueSerde: Serdes.String() }).toStream());
  assert.match(named, /Processor: f \(stores: \[\]\)/);
  assert.match(named, /KTABLE-TOSTREAM-0000000005/);
});

test('the store of a materialized filter is in toJSON() with its changelog; a join looks it up instead of the parent', () => {
  const b = new StreamsBuilder();
  const users = b.table<string, string>('users');
  const active = users.filter((_k, v) => v !== 'gone', { storeName: 'active-users' });
  b.stream<string, string>('clicks').join(active, (c, u) => `${u}:${c}`).to('out');
  const topology = b.build();
  const model = topology.describe().toJSON();
  const store = model.stores.find((s) => s.name === 'active-users');
  assert.ok(store, 'the store is in the model');
  assert.equal(store.kind, 'key-value');
  assert.equal(store.changelogTopic, 'active-users-changelog');
  assert.deepEqual(store.processors, ['KTABLE-FILTER-0000000003', 'KSTREAM-JOIN-0000000005']);
  assert.match(topology.describe().toString(), /Processor: KSTREAM-JOIN-0000000005 \(stores: \[active-users\]\)/);
  // The source table stays unmaterialized: the join reads the filter's store.
  assert.match(topology.describe().toString(), /Processor: KTABLE-SOURCE-0000000002 \(stores: \[\]\)/);
  const d = new TopologyTestDriver(topology);
  const u = d.createInputTopic('users');
  const c = d.createInputTopic('clicks');
  u.pipeInput('u1', 'ann');
  u.pipeInput('u2', 'gone');
  c.pipeInput('u1', 'home');
  c.pipeInput('u2', 'home');
  assert.deepEqual(d.createOutputTopic('out').readKeyValuesToList(), [['u1', 'ann:home']]);
  assert.deepEqual(d.getKeyValueStore('active-users').all(), [['u1', 'ann']]);
  d.close();
});

test('a window store supplier on a KTable filter is a build error naming the expected supplier', () => {
  const b = new StreamsBuilder();
  // @ts-expect-error: a window supplier is not a key-value supplier
  b.table('t').filter(() => true, { storeSupplier: Stores.inMemoryWindowStore('w', 10, 10, false) });
  assert.throws(() => b.build(), /storeSupplier must be a key-value store supplier/);
});
