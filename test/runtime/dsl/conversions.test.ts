// toTable(), repartition(), processValues(), KTable.toStream(mapper) and key-value range/prefix
// queries; describe() texts and outputs ported from Kafka's KStreamImplTest.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { Serdes, StreamsBuilder } from 'streamwise';
import { TopologyTestDriver } from 'streamwise/testing';

test('toTable() without a name is not materialized (KStreamImplTest.shouldNotMaterializedKTableFromKStream)', () => {
  const b = new StreamsBuilder();
  b.stream('input').toTable().toStream().to('output');
  const t = b.build();
  assert.equal(t.describe().toString(), `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [input])
      --> KSTREAM-TOTABLE-0000000001
    Processor: KSTREAM-TOTABLE-0000000001 (stores: [])
      --> KTABLE-TOSTREAM-0000000003
      <-- KSTREAM-SOURCE-0000000000
    Processor: KTABLE-TOSTREAM-0000000003 (stores: [])
      --> KSTREAM-SINK-0000000004
      <-- KSTREAM-TOTABLE-0000000001
    Sink: KSTREAM-SINK-0000000004 (topic: output)
      <-- KTABLE-TOSTREAM-0000000003

`);
  const d = new TopologyTestDriver(t);
  const input = d.createInputTopic('input');
  input.pipeInput('A', '01', 5);
  input.pipeInput('A', null, 6);
  assert.deepEqual(d.createOutputTopic('output').readRecordsToList().map((r) => [r.key, r.value, r.timestamp]), [['A', '01', 5], ['A', null, 6]]);
});

test('toTable() after a key change repartitions (KStreamImplTest.shouldSupportKeyChangeKTableFromKStream)', () => {
  const b = new StreamsBuilder();
  b.stream('input').map((k, v) => [k.charCodeAt(0) - 65, v] as const).toTable({ keySerde: Serdes.Integer() }).toStream().to('output', { keySerde: Serdes.Integer() });
  const t = b.build();
  assert.equal(t.describe().toString(), `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [input])
      --> KSTREAM-MAP-0000000001
    Processor: KSTREAM-MAP-0000000001 (stores: [])
      --> KSTREAM-FILTER-0000000005
      <-- KSTREAM-SOURCE-0000000000
    Processor: KSTREAM-FILTER-0000000005 (stores: [])
      --> KSTREAM-SINK-0000000004
      <-- KSTREAM-MAP-0000000001
    Sink: KSTREAM-SINK-0000000004 (topic: KSTREAM-TOTABLE-0000000002-repartition)
      <-- KSTREAM-FILTER-0000000005

  Sub-topology: 1
    Source: KSTREAM-SOURCE-0000000006 (topics: [KSTREAM-TOTABLE-0000000002-repartition])
      --> KSTREAM-TOTABLE-0000000002
    Processor: KSTREAM-TOTABLE-0000000002 (stores: [])
      --> KTABLE-TOSTREAM-0000000007
      <-- KSTREAM-SOURCE-0000000006
    Processor: KTABLE-TOSTREAM-0000000007 (stores: [])
      --> KSTREAM-SINK-0000000008
      <-- KSTREAM-TOTABLE-0000000002
    Sink: KSTREAM-SINK-0000000008 (topic: output)
      <-- KTABLE-TOSTREAM-0000000007

`);
  const d = new TopologyTestDriver(t);
  const input = d.createInputTopic('input');
  for (const [k, v, ts] of [['A', '01', 5], ['B', '02', 100], ['C', '03', 0], ['D', '04', 0], ['A', '05', 10], ['A', '06', 8]] as const) input.pipeInput(k, v, ts);
  assert.deepEqual(d.createOutputTopic('output', Serdes.Integer()).readRecordsToList().map((r) => [r.key, r.value, r.timestamp]), [
    [0, '01', 5], [1, '02', 100], [2, '03', 0], [3, '04', 0], [0, '05', 10], [0, '06', 8],
  ]);
});

test('toTable({ name }) is a queryable store and joins read it', () => {
  const b = new StreamsBuilder();
  const users = b.stream('users').toTable({ name: 'users-store' });
  b.stream('clicks').join(users, (c, u) => `${u}:${c}`).to('out');
  const d = new TopologyTestDriver(b.build());
  d.createInputTopic('users').pipeInput('u1', 'ann');
  d.createInputTopic('clicks').pipeInput('u1', 'home');
  assert.equal(d.getKeyValueStore('users-store').get('u1'), 'ann');
  assert.deepEqual(d.createOutputTopic('out').readValuesToList(), ['ann:home']);
});

test('repartition(): unnamed and named topics as Kafka names them', () => {
  const b = new StreamsBuilder();
  b.stream('in').selectKey((_k, v) => v).repartition().to('out');
  assert.equal(b.build().describe().toString(), `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [in])
      --> KSTREAM-KEY-SELECT-0000000001
    Processor: KSTREAM-KEY-SELECT-0000000001 (stores: [])
      --> KSTREAM-FILTER-0000000004
      <-- KSTREAM-SOURCE-0000000000
    Processor: KSTREAM-FILTER-0000000004 (stores: [])
      --> KSTREAM-SINK-0000000003
      <-- KSTREAM-KEY-SELECT-0000000001
    Sink: KSTREAM-SINK-0000000003 (topic: KSTREAM-REPARTITION-0000000002-repartition)
      <-- KSTREAM-FILTER-0000000004

  Sub-topology: 1
    Source: KSTREAM-SOURCE-0000000005 (topics: [KSTREAM-REPARTITION-0000000002-repartition])
      --> KSTREAM-SINK-0000000006
    Sink: KSTREAM-SINK-0000000006 (topic: out)
      <-- KSTREAM-SOURCE-0000000005

`);
  const named = new StreamsBuilder();
  named.stream('in').repartition({ name: 'by-user' }).groupByKey().count();
  const m = named.build().describe().toJSON();
  assert.ok(m.internalTopics.includes('by-user-repartition'));
  assert.deepEqual(m.subTopologies[1]?.nodes[0]?.name, 'by-user-repartition-source');
  const d = new TopologyTestDriver(b.build());
  d.createInputTopic('in').pipeInput('k', 'v', 3);
  assert.deepEqual(d.createOutputTopic('out').readRecordsToList().map((r) => [r.key, r.value, r.timestamp]), [['v', 'v', 3]]);
});

test('processValues keeps the key: no repartition before a grouping (Kafka FixedKeyProcessor)', () => {
  const b = new StreamsBuilder();
  b.stream('in')
    .processValues<string>(() => {
      let ctx: import('streamwise').ProcessorContext<string, string> | undefined;
      return {
        init(c) { ctx = c; },
        process(r) { ctx?.forward({ ...r, key: 'ignored', value: r.value.toUpperCase() }); },
      };
    })
    .groupByKey()
    .count({ name: 'n' })
    .toStream()
    .to('out', { valueSerde: Serdes.Long() });
  const t = b.build();
  assert.equal(t.describe().toJSON().internalTopics.filter((x) => x.endsWith('-repartition')).length, 0);
  assert.match(t.describe().toString(), /Processor: KSTREAM-PROCESSVALUES-0000000001 \(stores: \[\]\)/);
  const d = new TopologyTestDriver(t);
  d.createInputTopic('in').pipeInput('a', 'x');
  assert.deepEqual(d.createOutputTopic('out', Serdes.String(), Serdes.Long()).readKeyValuesToList(), [['a', 1]]);
});

test('KTable.toStream(mapper) re-keys the changelog stream (toStream().selectKey())', () => {
  const b = new StreamsBuilder();
  b.table('t').toStream((k, v) => `${k}-${v}`).to('out');
  const t = b.build();
  assert.match(t.describe().toString(), /Processor: KTABLE-TOSTREAM-0000000003 \(stores: \[\]\)\n {6}--> KSTREAM-KEY-SELECT-0000000004/);
  const d = new TopologyTestDriver(t);
  d.createInputTopic('t').pipeInput('a', '1');
  assert.deepEqual(d.createOutputTopic('out').readKeyValuesToList(), [['a-1', '1']]);
});

test('key-value store range, prefixScan and reverseAll in serialized-key order (Kafka ReadOnlyKeyValueStore)', () => {
  const b = new StreamsBuilder();
  b.stream('in').toTable({ name: 'kv' });
  const d = new TopologyTestDriver(b.build());
  const input = d.createInputTopic('in');
  for (const k of ['b', 'a', 'ab', 'abc', 'c', 'ba']) input.pipeInput(k, k.toUpperCase());
  const s = d.getKeyValueStore<string, string>('kv');
  assert.deepEqual(s.range('ab', 'b').map(([k]) => k), ['ab', 'abc', 'b']);
  assert.deepEqual(s.range(null, 'ab').map(([k]) => k), ['a', 'ab']);
  assert.deepEqual(s.range('ba', null).map(([k]) => k), ['ba', 'c']);
  assert.deepEqual(s.prefixScan('ab').map(([k]) => k), ['ab', 'abc']);
  assert.deepEqual(s.prefixScan(Buffer.from('b'), Serdes.Buffer()).map(([k]) => k), ['b', 'ba']);
  assert.deepEqual(s.reverseAll().map(([k]) => k), ['c', 'ba', 'b', 'abc', 'ab', 'a']);
  assert.deepEqual(d.getTimestampedKeyValueStore<string, string>('kv').prefixScan('c').map(([k, v]) => [k, v.value]), [['c', 'C']]);
});
