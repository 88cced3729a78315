// Kafka Streams semantics ported from its own tests (each names the Java test it follows):
// null keys and values in aggregations, result timestamps, null-key left joins, repartition
// reuse, joins against derived tables, and StreamsBuilder's source-topic rules.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { Serdes, StreamsBuilder, TimeWindows, TopologyError } from 'streamwise';
import { TopologyTestDriver } from 'streamwise/testing';

// KGroupedStreamImplTest.processData
function processData(d: TopologyTestDriver): void {
  const input = d.createInputTopic('topic');
  input.pipeInput('1', 'A', 5);
  input.pipeInput('2', 'B', 1);
  input.pipeInput('1', 'C', 3);
  input.pipeInput('1', 'D', 10);
  input.pipeInput('3', 'E', 8);
  input.pipeInput('3', 'F', 9);
  input.pipeInput('3', null);
}

test('count skips null values; each count carries the largest timestamp of its key (KGroupedStreamImplTest.shouldCountAndMaterializeResults)', () => {
  const b = new StreamsBuilder();
  b.stream('topic').groupByKey().count({ name: 'count' });
  const d = new TopologyTestDriver(b.build(), { initialWallClockTimeMs: 1000 });
  processData(d);
  const count = d.getKeyValueStore<string, number>('count');
  assert.equal(count.get('1'), 3);
  assert.equal(count.get('2'), 1);
  assert.equal(count.get('3'), 2);
  const ts = d.getTimestampedKeyValueStore<string, number>('count');
  assert.deepEqual(ts.get('1'), { value: 3, timestamp: 10 });
  assert.deepEqual(ts.get('2'), { value: 1, timestamp: 1 });
  assert.deepEqual(ts.get('3'), { value: 2, timestamp: 9 });
});

test('reduce: timestamps are the max per key (KGroupedStreamImplTest.shouldReduceAndMaterializeResults)', () => {
  const b = new StreamsBuilder();
  b.stream('topic').groupByKey().reduce((a, v) => a + v, { name: 'reduce' });
  const d = new TopologyTestDriver(b.build());
  processData(d);
  const ts = d.getTimestampedKeyValueStore<string, string>('reduce');
  assert.deepEqual(ts.get('1'), { value: 'ACD', timestamp: 10 });
  assert.deepEqual(ts.get('2'), { value: 'B', timestamp: 1 });
  assert.deepEqual(ts.get('3'), { value: 'EF', timestamp: 9 });
});

test('aggregate skips null values and keys (KGroupedStreamImplTest.shouldAggregateAndMaterializeResults)', () => {
  const b = new StreamsBuilder();
  b.stream('topic').groupByKey().aggregate(() => '0', (_k, v, agg) => agg + v, { name: 'aggregate', valueSerde: Serdes.String() }).toStream().to('out');
  const d = new TopologyTestDriver(b.build());
  processData(d);
  d.createInputTopic('topic').pipeInput(null, 'G', 11);
  const ts = d.getTimestampedKeyValueStore<string, string>('aggregate');
  assert.deepEqual(ts.get('1'), { value: '0ACD', timestamp: 10 });
  assert.deepEqual(ts.get('2'), { value: '0B', timestamp: 1 });
  assert.deepEqual(ts.get('3'), { value: '0EF', timestamp: 9 });
  // The emitted records carry the aggregate's timestamp, not the current record's (3 < 5 for key 1).
  const out = d.createOutputTopic('out').readRecordsToList().map((r) => [r.key, r.value, r.timestamp]);
  assert.deepEqual(out, [['1', '0A', 5], ['2', '0B', 1], ['1', '0AC', 5], ['1', '0ACD', 10], ['3', '0E', 8], ['3', '0EF', 9]]);
});

test('windowed count: timestamps are the max in the window (KGroupedStreamImplTest.doCountWindowed)', () => {
  const b = new StreamsBuilder();
  b.stream('topic').groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(500, 100)).count({ name: 'aggregate-by-key-windowed' }).toStream().to('out', {
    keySerde: Serdes.TimeWindowed(Serdes.String(), 500), valueSerde: Serdes.Number(),
  });
  const d = new TopologyTestDriver(b.build());
  const input = d.createInputTopic('topic');
  for (const [k, v, t] of [['1', 'A', 0], ['1', 'A', 499], ['1', 'A', 100], ['2', 'B', 0], ['2', 'B', 100], ['2', 'B', 200], ['3', 'C', 1], ['1', 'A', 500], ['1', 'A', 500], ['2', 'B', 500], ['2', 'B', 500], ['3', 'B', 100]] as const) {
    input.pipeInput(k, v, t);
  }
  const got = d.createOutputTopic('out', Serdes.TimeWindowed(Serdes.String(), 500), Serdes.Number()).readRecordsToList()
    .map((r) => [r.key.key, r.key.window.start, r.key.window.end, r.value, r.timestamp]);
  assert.deepEqual(got, [
    ['1', 0, 500, 1, 0], ['1', 0, 500, 2, 499], ['1', 0, 500, 3, 499],
    ['2', 0, 500, 1, 0], ['2', 0, 500, 2, 100], ['2', 0, 500, 3, 200],
    ['3', 0, 500, 1, 1],
    ['1', 500, 1000, 1, 500], ['1', 500, 1000, 2, 500],
    ['2', 500, 1000, 1, 500], ['2', 500, 1000, 2, 500],
    ['3', 0, 500, 2, 100],
  ]);
});

test('stream-table left join keeps a null-key stream record, the inner join drops it (KStreamKTableLeftJoinTest, KAFKA-12317)', () => {
  const b = new StreamsBuilder();
  const table = b.table('table');
  const s = b.stream('stream');
  s.leftJoin(table, (v, tv) => `${v}+${tv}`).to('left');
  s.join(table, (v, tv) => `${v}+${tv}`).to('inner');
  const d = new TopologyTestDriver(b.build());
  d.createInputTopic('table').pipeInput('k', 'T', 0);
  const stream = d.createInputTopic('stream');
  stream.pipeInput(null, 'nullKey', 1);
  stream.pipeInput('k', 'V', 2);
  stream.pipeInput('k', null, 3); // a null value is dropped by both
  assert.deepEqual(d.createOutputTopic('left').readKeyValuesToList(), [[null, 'nullKey+null'], ['k', 'V+T']]);
  assert.deepEqual(d.createOutputTopic('inner').readKeyValuesToList(), [['k', 'V+T']]);
});

test('a left join after a key change keeps null keys through the repartition; the inner join drops them', () => {
  const b = new StreamsBuilder();
  const table = b.table('table');
  const rekeyed = b.stream('stream').selectKey((_k, v) => (v === 'none' ? null : v));
  rekeyed.leftJoin(table, (v, tv) => `${v}+${tv}`).to('left');
  const d = new TopologyTestDriver(b.build(), { applicationId: 'app' });
  d.createInputTopic('table').pipeInput('x', 'X');
  d.createInputTopic('stream').pipeKeyValueList([['1', 'x'], ['2', 'none']]);
  assert.deepEqual(d.createOutputTopic('left').readKeyValuesToList(), [['x', 'x+X'], [null, 'none+null']]);

  const b2 = new StreamsBuilder();
  const table2 = b2.table('table');
  b2.stream('stream').selectKey((_k, v) => (v === 'none' ? null : v)).join(table2, (v, tv) => `${v}+${tv}`).to('inner');
  const d2 = new TopologyTestDriver(b2.build(), { applicationId: 'app' });
  d2.createInputTopic('table').pipeInput('x', 'X');
  d2.createInputTopic('stream').pipeKeyValueList([['1', 'x'], ['2', 'none']]);
  assert.deepEqual(d2.createOutputTopic('app-KSTREAM-KEY-SELECT-0000000004-repartition').readKeyValuesToList(), [['x', 'x']]);
  assert.deepEqual(d2.createOutputTopic('inner').readKeyValuesToList(), [['x', 'x+X']]);
});

const REUSED = `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [topic])
      --> KSTREAM-MAP-0000000007
    Processor: KSTREAM-MAP-0000000007 (stores: [])
      --> KSTREAM-FILTER-0000000009
      <-- KSTREAM-SOURCE-0000000000
    Processor: KSTREAM-FILTER-0000000009 (stores: [])
      --> KSTREAM-SINK-0000000008
      <-- KSTREAM-MAP-0000000007
    Sink: KSTREAM-SINK-0000000008 (topic: KSTREAM-MAP-0000000007-repartition)
      <-- KSTREAM-FILTER-0000000009

  Sub-topology: 1
    Source: KSTREAM-SOURCE-0000000010 (topics: [KSTREAM-MAP-0000000007-repartition])
      --> KSTREAM-JOIN-0000000011, KSTREAM-JOIN-0000000016
    Processor: KSTREAM-JOIN-0000000011 (stores: [topic2-STATE-STORE-0000000001])
      --> KSTREAM-SINK-0000000012
      <-- KSTREAM-SOURCE-0000000010
    Processor: KSTREAM-JOIN-0000000016 (stores: [topic3-STATE-STORE-0000000004])
      --> KSTREAM-SINK-0000000017
      <-- KSTREAM-SOURCE-0000000010
    Source: KSTREAM-SOURCE-0000000002 (topics: [topic2])
      --> KTABLE-SOURCE-0000000003
    Source: KSTREAM-SOURCE-0000000005 (topics: [topic3])
      --> KTABLE-SOURCE-0000000006
    Sink: KSTREAM-SINK-0000000012 (topic: out-one)
      <-- KSTREAM-JOIN-0000000011
    Sink: KSTREAM-SINK-0000000017 (topic: out-two)
      <-- KSTREAM-JOIN-0000000016
    Processor: KTABLE-SOURCE-0000000003 (stores: [topic2-STATE-STORE-0000000001])
      --> none
      <-- KSTREAM-SOURCE-0000000002
    Processor: KTABLE-SOURCE-0000000006 (stores: [topic3-STATE-STORE-0000000004])
      --> none
      <-- KSTREAM-SOURCE-0000000005

`;

function twoJoins(named: boolean): StreamsBuilder {
  const b = new StreamsBuilder();
  const streamA = b.stream('topic');
  const tableB = b.table('topic2');
  const tableC = b.table('topic3');
  const rekeyed = streamA.map((k, v) => [v, k] as const);
  rekeyed.join(tableB, (v1, v2) => v1 + v2, named ? { name: 'first-join' } : {}).to('out-one');
  rekeyed.join(tableC, (v1, v2) => v1 + v2, named ? { name: 'second-join' } : {}).to('out-two');
  return b;
}

test('two joins of one key-changed stream share one repartition topic (KStreamKTableJoinTest.shouldReuseRepartitionTopicWithGeneratedName)', () => {
  const topology = twoJoins(false).build();
  assert.equal(topology.describe().toString(), REUSED);
  // Every record reaches each join exactly once.
  const d = new TopologyTestDriver(topology, { applicationId: 'app' });
  d.createInputTopic('topic2').pipeInput('v1', 'B');
  d.createInputTopic('topic3').pipeInput('v1', 'C');
  d.createInputTopic('topic').pipeKeyValueList([['k1', 'v1'], ['k2', 'v1']]);
  assert.deepEqual(d.createOutputTopic('app-KSTREAM-MAP-0000000007-repartition').readKeyValuesToList(), [['v1', 'k1'], ['v1', 'k2']]);
  assert.deepEqual(d.createOutputTopic('out-one').readKeyValuesToList(), [['v1', 'k1B'], ['v1', 'k2B']]);
  assert.deepEqual(d.createOutputTopic('out-two').readKeyValuesToList(), [['v1', 'k1C'], ['v1', 'k2C']]);
});

test('named joins get their own repartition topics (KStreamKTableJoinTest.shouldCreateRepartitionTopicsWithUserProvidedName)', () => {
  const text = twoJoins(true).build().describe().toString();
  assert.match(text, /Sink: first-join-repartition-sink \(topic: first-join-repartition\)/);
  assert.match(text, /Sink: second-join-repartition-sink \(topic: second-join-repartition\)/);
  assert.match(text, /Processor: first-join \(stores: \[topic2-STATE-STORE-0000000001\]\)/);
  assert.match(text, /Processor: second-join \(stores: \[topic3-STATE-STORE-0000000004\]\)/);
  assert.equal(twoJoins(true).build().describe().toJSON().subTopologies.length, 3);
});

test('aggregations of a named grouped stream share its repartition topic; unnamed ones get one each (GroupedStreamAggregateBuilder)', () => {
  const b = new StreamsBuilder();
  const grouped = b.stream('in').selectKey((_k, v) => v).groupByKey({ name: 'by-value' });
  grouped.count({ name: 'c1' }).toStream().to('o1', { valueSerde: Serdes.Number() });
  grouped.reduce((a, v) => a + v, { name: 'r1' }).toStream().to('o2');
  const model = b.build().describe().toJSON();
  assert.deepEqual(model.internalTopics.filter((t) => t.endsWith('-repartition')), ['by-value-repartition']);
  assert.equal(model.subTopologies.length, 2);
  const d = new TopologyTestDriver(b.build(), { applicationId: 'app' });
  d.createInputTopic('in').pipeKeyValueList([['1', 'a'], ['2', 'a']]);
  assert.deepEqual(d.createOutputTopic('o1', Serdes.String(), Serdes.Number()).readKeyValuesToList(), [['a', 1], ['a', 2]]);
  assert.deepEqual(d.createOutputTopic('o2').readKeyValuesToList(), [['a', 'a'], ['a', 'aa']]);

  const u = new StreamsBuilder();
  const g2 = u.stream('in').selectKey((_k, v) => v).groupByKey();
  g2.count({ name: 'c1' });
  g2.count({ name: 'c2' });
  assert.deepEqual(u.build().describe().toJSON().internalTopics.filter((t) => t.endsWith('-repartition')), ['c1-repartition', 'c2-repartition']);
});

test('groupBy with a Grouped name names the key selector and the repartition topic (KStreamImpl.groupBy)', () => {
  const b = new StreamsBuilder();
  b.stream('in').groupBy((_k, v) => v, { name: 'by-v' }).count();
  const text = b.build().describe().toString();
  assert.match(text, /Processor: by-v \(stores: \[\]\)\n {6}--> by-v-repartition-filter/);
  assert.match(text, /Source: by-v-repartition-source \(topics: \[by-v-repartition\]\)/);
});

test('joins against derived tables read through the parent store (KTableFilter / KTableMapValues value getters)', () => {
  const b = new StreamsBuilder();
  const t = b.table('t');
  b.stream('s').join(t.filter((_k, v) => v !== 'hidden'), (v, tv) => `${v}:${tv}`).to('o1');
  b.stream('s2').leftJoin(t.mapValues((v) => v.toUpperCase()), (v, tv) => `${v}:${tv}`).to('o2');
  const topology = b.build();
  const text = topology.describe().toString();
  assert.match(text, /Processor: KSTREAM-JOIN-0000000005 \(stores: \[t-STATE-STORE-0000000000\]\)/);
  assert.match(text, /Processor: KSTREAM-LEFTJOIN-0000000009 \(stores: \[t-STATE-STORE-0000000000\]\)/);
  assert.match(text, /Processor: KTABLE-FILTER-0000000004 \(stores: \[\]\)/);
  const d = new TopologyTestDriver(topology);
  const tin = d.createInputTopic('t');
  tin.pipeInput('a', 'x');
  tin.pipeInput('b', 'hidden');
  d.createInputTopic('s').pipeKeyValueList([['a', '1'], ['b', '2'], ['c', '3']]);
  d.createInputTopic('s2').pipeKeyValueList([['a', '1'], ['b', '2'], ['c', '3']]);
  assert.deepEqual(d.createOutputTopic('o1').readKeyValuesToList(), [['a', '1:x']]);
  assert.deepEqual(d.createOutputTopic('o2').readKeyValuesToList(), [['a', '1:X'], ['b', '2:HIDDEN'], ['c', '3:null']]);
});

test('two streams on the same topics share one source and both get every record (StreamsBuilderTest.shouldAllowStreamsFromSameTopic, shouldAllowReadingFromSameCollectionOfTopics)', () => {
  const b = new StreamsBuilder();
  b.stream(['topic1', 'topic2']).mapValues((v) => `a:${v}`).to('out');
  b.stream(['topic2', 'topic1']).mapValues((v) => `b:${v}`).to('out');
  const topology = b.build();
  const sources = topology.describe().toJSON().subTopologies.flatMap((s) => s.nodes.filter((n) => n.kind === 'source'));
  assert.equal(sources.length, 1);
  assert.deepEqual(sources[0]?.successors, ['KSTREAM-MAPVALUES-0000000001', 'KSTREAM-MAPVALUES-0000000004']);
  const d = new TopologyTestDriver(topology);
  d.createInputTopic('topic2').pipeInput('k', 'v');
  assert.deepEqual(d.createOutputTopic('out').readValuesToList(), ['a:v', 'b:v']);
});

test('overlapping topic lists, two tables on a topic, and a stream and a table on a topic fail the build (StreamsBuilderTest)', () => {
  const overlap = new StreamsBuilder();
  overlap.stream(['topic']);
  overlap.stream(['topic', 'anotherTopic']);
  assert.throws(() => overlap.build(), (e: unknown) => e instanceof TopologyError && /Two source nodes are subscribed to overlapping but not equal input topics/.test(e.message));

  const tables = new StreamsBuilder();
  tables.table('topic');
  tables.table('topic');
  assert.throws(() => tables.build(), /Topic topic has already been registered by another source\./);

  const mixed = new StreamsBuilder();
  mixed.stream('topic');
  mixed.table('topic');
  assert.throws(() => mixed.build(), /Topic topic has already been registered by another source\./);

  const mixed2 = new StreamsBuilder();
  mixed2.table('topic');
  mixed2.stream('topic');
  assert.throws(() => mixed2.build(), /Topic topic has already been registered by another source\./);
});
