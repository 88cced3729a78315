// Kafka's Named on every operator: node names and the counter values a given name still draws
// (NamedInternal.orElseGenerateWithPrefix / suffixWithOrElseGet), as literal describe() texts.
// Ported from StreamsBuilderTest.shouldUseSpecifiedNameFor* (the names Kafka asserts are in these
// texts) and from the naming rules of KStreamImpl, KTableImpl, KGroupedStreamImpl, KGroupedTableImpl.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { JoinWindows, Serdes, SessionWindows, SlidingWindows, StreamsBuilder, TimeWindows } from 'streamwise';
import { TopologyTestDriver } from 'streamwise/testing';

// StreamsBuilderTest.shouldUseSpecifiedNameForStreamSourceProcessor (Consumed.as)
test('named streamSource', () => {
  const b = new StreamsBuilder();
  b.stream('stream-topic', { name: 'source-node' });
  b.stream('stream-topic-two');
  assert.equal(
    b.build().describe().toString(),
    `Topologies:
   Sub-topology: 0
    Source: source-node (topics: [stream-topic])
      --> none

  Sub-topology: 1
    Source: KSTREAM-SOURCE-0000000001 (topics: [stream-topic-two])
      --> none

`,
  );
});

// StreamsBuilderTest.shouldUseSpecifiedNameForTableSourceProcessor: `<name>-source`, `<name>`, and the next table's names still count on
test('named tableSource', () => {
  const b = new StreamsBuilder();
  b.table('stream-topic', { processorName: 'source-node' });
  b.table('stream-topic-two');
  assert.equal(
    b.build().describe().toString(),
    `Topologies:
   Sub-topology: 0
    Source: source-node-source (topics: [stream-topic])
      --> source-node
    Processor: source-node (stores: [])
      --> none
      <-- source-node-source

  Sub-topology: 1
    Source: KSTREAM-SOURCE-0000000004 (topics: [stream-topic-two])
      --> KTABLE-SOURCE-0000000005
    Processor: KTABLE-SOURCE-0000000005 (stores: [])
      --> none
      <-- KSTREAM-SOURCE-0000000004

`,
  );
});

// StreamsBuilderTest.shouldUseSpecifiedNameForGlobalTableSourceProcessor (stores stream-topic-STATE-STORE-0000000000, stream-topic-two-STATE-STORE-0000000003)
test('named globalTableSource', () => {
  const b = new StreamsBuilder();
  b.globalTable('stream-topic', { processorName: 'source-processor' });
  b.globalTable('stream-topic-two');
  assert.equal(
    b.build().describe().toString(),
    `Topologies:
   Sub-topology: 0 for global store (will not generate tasks)
    Source: source-processor-source (topics: [stream-topic])
      --> source-processor
    Processor: source-processor (stores: [stream-topic-STATE-STORE-0000000000])
      --> none
      <-- source-processor-source
  Sub-topology: 1 for global store (will not generate tasks)
    Source: KSTREAM-SOURCE-0000000004 (topics: [stream-topic-two])
      --> KTABLE-SOURCE-0000000005
    Processor: KTABLE-SOURCE-0000000005 (stores: [stream-topic-two-STATE-STORE-0000000003])
      --> none
      <-- KSTREAM-SOURCE-0000000004
`,
  );
});

// StreamsBuilderTest.shouldUseSpecifiedNameForSinkProcessor (Produced.as): the unnamed sink is KSTREAM-SINK-0000000002
test('named sink', () => {
  const b = new StreamsBuilder();
  const s = b.stream('stream-topic');
  s.to('stream-topic-two', { name: 'sink-processor' });
  s.to('stream-topic-two');
  assert.equal(
    b.build().describe().toString(),
    `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [stream-topic])
      --> KSTREAM-SINK-0000000002, sink-processor
    Sink: KSTREAM-SINK-0000000002 (topic: stream-topic-two)
      <-- KSTREAM-SOURCE-0000000000
    Sink: sink-processor (topic: stream-topic-two)
      <-- KSTREAM-SOURCE-0000000000

`,
  );
});

// StreamsBuilderTest.shouldUseSpecifiedNameFor{Map,MapValues,Filter,ForEach}Operation, and every other stateless operator (KStreamImpl: orElseGenerateWithPrefix)
test('named statelessOps', () => {
  const b = new StreamsBuilder();
  b.stream('in').map((k, v) => [k, v], { name: 'map-op' }).mapValues((v) => v, { name: 'mapvalues-op' }).filter(() => true, { name: 'filter-op' }).filterNot(() => false, { name: 'filternot-op' }).flatMap((k, v) => [[k, v]], { name: 'flatmap-op' }).flatMapValues((v) => [v], { name: 'flatmapvalues-op' }).selectKey((k) => k, { name: 'selectkey-op' }).peek(() => {}, { name: 'peek-op' }).foreach(() => {}, { name: 'foreach-op' });
  assert.equal(
    b.build().describe().toString(),
    `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [in])
      --> map-op
    Processor: map-op (stores: [])
      --> mapvalues-op
      <-- KSTREAM-SOURCE-0000000000
    Processor: mapvalues-op (stores: [])
      --> filter-op
      <-- map-op
    Processor: filter-op (stores: [])
      --> filternot-op
      <-- mapvalues-op
    Processor: filternot-op (stores: [])
      --> flatmap-op
      <-- filter-op
    Processor: flatmap-op (stores: [])
      --> flatmapvalues-op
      <-- filternot-op
    Processor: flatmapvalues-op (stores: [])
      --> selectkey-op
      <-- flatmap-op
    Processor: selectkey-op (stores: [])
      --> peek-op
      <-- flatmapvalues-op
    Processor: peek-op (stores: [])
      --> foreach-op
      <-- selectkey-op
    Processor: foreach-op (stores: [])
      --> none
      <-- peek-op

`,
  );
});

// StreamsBuilderTest.shouldUseSpecifiedNameForSplitOperation
test('named split', () => {
  const b = new StreamsBuilder();
  b.stream('stream-topic').split({ name: 'branch-processor' }).branch(() => true, { name: '-1' }).branch(() => false, { name: '-2' }).noDefaultBranch();
  assert.equal(
    b.build().describe().toString(),
    `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [stream-topic])
      --> branch-processor
    Processor: branch-processor (stores: [])
      --> branch-processor-1, branch-processor-2
      <-- KSTREAM-SOURCE-0000000000
    Processor: branch-processor-1 (stores: [])
      --> none
      <-- branch-processor
    Processor: branch-processor-2 (stores: [])
      --> none
      <-- branch-processor

`,
  );
});

// KStreamImpl.doBranch (Kafka 3.x): branch(Named, ...) names the children `<name>-predicate-<i>`; each draws its counter value
test('named branch', () => {
  const b = new StreamsBuilder();
  const [x, y] = b.stream('in').branch({ name: 'br' }, (_k, v) => v === 'a', () => true);
  x?.to('a');
  y?.to('b');
  assert.equal(
    b.build().describe().toString(),
    `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [in])
      --> br
    Processor: br (stores: [])
      --> br-predicate-0, br-predicate-1
      <-- KSTREAM-SOURCE-0000000000
    Processor: br-predicate-0 (stores: [])
      --> KSTREAM-SINK-0000000004
      <-- br
    Processor: br-predicate-1 (stores: [])
      --> KSTREAM-SINK-0000000005
      <-- br
    Sink: KSTREAM-SINK-0000000004 (topic: a)
      <-- br-predicate-0
    Sink: KSTREAM-SINK-0000000005 (topic: b)
      <-- br-predicate-1

`,
  );
});

// StreamsBuilderTest.shouldUseSpecifiedNameForJoinOperationBetweenKStreamAndKTable (Joined.as)
test('named streamTableJoin', () => {
  const b = new StreamsBuilder();
  const s = b.stream('stream-topic');
  const t = b.table('table-topic');
  s.join(t, (v1) => v1, { name: 'stream-operation' }).to('out');
  assert.equal(
    b.build().describe().toString(),
    `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [stream-topic])
      --> stream-operation
    Source: KSTREAM-SOURCE-0000000002 (topics: [table-topic])
      --> KTABLE-SOURCE-0000000003
    Processor: stream-operation (stores: [table-topic-STATE-STORE-0000000001])
      --> KSTREAM-SINK-0000000005
      <-- KSTREAM-SOURCE-0000000000
    Sink: KSTREAM-SINK-0000000005 (topic: out)
      <-- stream-operation
    Processor: KTABLE-SOURCE-0000000003 (stores: [table-topic-STATE-STORE-0000000001])
      --> none
      <-- KSTREAM-SOURCE-0000000002

`,
  );
});

// StreamsBuilderTest.shouldUseSpecifiedNameForLeftJoinOperationBetweenKStreamAndKTable
test('named streamTableLeftJoin', () => {
  const b = new StreamsBuilder();
  const s = b.stream('stream-topic');
  const t = b.table('stream-topic-two');
  s.leftJoin(t, (v1) => v1, { name: 'stream-operation' }).to('out');
  assert.equal(
    b.build().describe().toString(),
    `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [stream-topic])
      --> stream-operation
    Source: KSTREAM-SOURCE-0000000002 (topics: [stream-topic-two])
      --> KTABLE-SOURCE-0000000003
    Processor: stream-operation (stores: [stream-topic-two-STATE-STORE-0000000001])
      --> KSTREAM-SINK-0000000005
      <-- KSTREAM-SOURCE-0000000000
    Sink: KSTREAM-SINK-0000000005 (topic: out)
      <-- stream-operation
    Processor: KTABLE-SOURCE-0000000003 (stores: [stream-topic-two-STATE-STORE-0000000001])
      --> none
      <-- KSTREAM-SOURCE-0000000002

`,
  );
});

// StreamsBuilderTest.shouldUseSpecifiedNameForMergeOperation
test('named merge', () => {
  const b = new StreamsBuilder();
  b.stream('topic-1').merge(b.stream('topic-2'), { name: 'merge-processor' }).to('out');
  assert.equal(
    b.build().describe().toString(),
    `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [topic-1])
      --> merge-processor
    Source: KSTREAM-SOURCE-0000000001 (topics: [topic-2])
      --> merge-processor
    Processor: merge-processor (stores: [])
      --> KSTREAM-SINK-0000000003
      <-- KSTREAM-SOURCE-0000000000, KSTREAM-SOURCE-0000000001
    Sink: KSTREAM-SINK-0000000003 (topic: out)
      <-- merge-processor

`,
  );
});

// StreamsBuilderTest.shouldUseSpecifiedNameForProcessOperation: process/processValues take Named.as(name) as is, drawing no counter value
test('named process', () => {
  const b = new StreamsBuilder();
  b.stream('stream-topic').process(() => ({ process() {} }), { name: 'test-processor' }).processValues(() => ({ process() {} }), { name: 'values-processor' }).to('out');
  assert.equal(
    b.build().describe().toString(),
    `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [stream-topic])
      --> test-processor
    Processor: test-processor (stores: [])
      --> values-processor
      <-- KSTREAM-SOURCE-0000000000
    Processor: values-processor (stores: [])
      --> KSTREAM-SINK-0000000001
      <-- test-processor
    Sink: KSTREAM-SINK-0000000001 (topic: out)
      <-- values-processor

`,
  );
});

// StreamsBuilderTest.shouldUseSpecifiedNameForToStream
test('named toStream', () => {
  const b = new StreamsBuilder();
  b.table('stream-topic').toStream({ name: 'to-stream' }).to('out');
  assert.equal(
    b.build().describe().toString(),
    `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000001 (topics: [stream-topic])
      --> KTABLE-SOURCE-0000000002
    Processor: KTABLE-SOURCE-0000000002 (stores: [])
      --> to-stream
      <-- KSTREAM-SOURCE-0000000001
    Processor: to-stream (stores: [])
      --> KSTREAM-SINK-0000000004
      <-- KTABLE-SOURCE-0000000002
    Sink: KSTREAM-SINK-0000000004 (topic: out)
      <-- to-stream

`,
  );
});

// StreamsBuilderTest.shouldUseSpecifiedNameForToStreamWithMapper
test('named toStreamMapper', () => {
  const b = new StreamsBuilder();
  b.table('stream-topic').toStream((k) => k, { name: 'to-stream' }).to('out');
  assert.equal(
    b.build().describe().toString(),
    `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000001 (topics: [stream-topic])
      --> KTABLE-SOURCE-0000000002
    Processor: KTABLE-SOURCE-0000000002 (stores: [])
      --> to-stream
      <-- KSTREAM-SOURCE-0000000001
    Processor: to-stream (stores: [])
      --> KSTREAM-KEY-SELECT-0000000004
      <-- KTABLE-SOURCE-0000000002
    Processor: KSTREAM-KEY-SELECT-0000000004 (stores: [])
      --> KSTREAM-SINK-0000000005
      <-- to-stream
    Sink: KSTREAM-SINK-0000000005 (topic: out)
      <-- KSTREAM-KEY-SELECT-0000000004

`,
  );
});

// StreamsBuilderTest.shouldUseSpecifiedNameForAggregateOperationGivenTable: Named names the repartition's sink and source too
test('named tableAggregate', () => {
  const b = new StreamsBuilder();
  b.table('stream-topic').groupBy((k, v) => [k, v], { name: 'group-operation' }).count({ processorName: 'stream-operation' });
  assert.equal(
    b.build().describe().toString(),
    `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000001 (topics: [stream-topic])
      --> KTABLE-SOURCE-0000000002
    Processor: KTABLE-SOURCE-0000000002 (stores: [stream-topic-STATE-STORE-0000000000])
      --> group-operation
      <-- KSTREAM-SOURCE-0000000001
    Processor: group-operation (stores: [])
      --> stream-operation-sink
      <-- KTABLE-SOURCE-0000000002
    Sink: stream-operation-sink (topic: group-operation-repartition)
      <-- group-operation

  Sub-topology: 1
    Source: stream-operation-source (topics: [group-operation-repartition])
      --> stream-operation
    Processor: stream-operation (stores: [KTABLE-AGGREGATE-STATE-STORE-0000000004])
      --> none
      <-- stream-operation-source

`,
  );
});

// KStreamImpl.groupBy: a Grouped name names the key selector and still draws its counter value (internalSelectKey)
test('named groupByNamed', () => {
  const b = new StreamsBuilder();
  b.stream('topic').groupBy((k) => k, { name: 'grouping' }).count().toStream().to('out', { valueSerde: Serdes.Long() });
  assert.equal(
    b.build().describe().toString(),
    `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [topic])
      --> grouping
    Processor: grouping (stores: [])
      --> grouping-repartition-filter
      <-- KSTREAM-SOURCE-0000000000
    Processor: grouping-repartition-filter (stores: [])
      --> grouping-repartition-sink
      <-- grouping
    Sink: grouping-repartition-sink (topic: grouping-repartition)
      <-- grouping-repartition-filter

  Sub-topology: 1
    Source: grouping-repartition-source (topics: [grouping-repartition])
      --> KSTREAM-AGGREGATE-0000000003
    Processor: KSTREAM-AGGREGATE-0000000003 (stores: [KSTREAM-AGGREGATE-STATE-STORE-0000000002])
      --> KTABLE-TOSTREAM-0000000007
      <-- grouping-repartition-source
    Processor: KTABLE-TOSTREAM-0000000007 (stores: [])
      --> KSTREAM-SINK-0000000008
      <-- KSTREAM-AGGREGATE-0000000003
    Sink: KSTREAM-SINK-0000000008 (topic: out)
      <-- KTABLE-TOSTREAM-0000000007

`,
  );
});

// KGroupedStreamImpl / TimeWindowedKStreamImpl / SessionWindowedKStreamImpl: store name first, then the Named node (drawn)
test('named aggregationsNamed', () => {
  const b = new StreamsBuilder();
  const g = b.stream('topic').groupByKey();
  g.count({ processorName: 'counted' }).toStream({ name: 'counts' }).to('c', { valueSerde: Serdes.Long() });
  g.reduce((a, v) => a + v, { processorName: 'reduced', name: 'reduce-store' });
  g.windowedBy(TimeWindows.ofSizeWithNoGrace(10)).aggregate(() => '', (_k, v, a) => a + v, { processorName: 'windowed' });
  g.windowedBy(SessionWindows.ofInactivityGapWithNoGrace(10)).count({ processorName: 'sessions' });
  assert.equal(
    b.build().describe().toString(),
    `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [topic])
      --> counted, reduced, sessions, windowed
    Processor: counted (stores: [KSTREAM-AGGREGATE-STATE-STORE-0000000001])
      --> counts
      <-- KSTREAM-SOURCE-0000000000
    Processor: counts (stores: [])
      --> KSTREAM-SINK-0000000004
      <-- counted
    Sink: KSTREAM-SINK-0000000004 (topic: c)
      <-- counts
    Processor: reduced (stores: [reduce-store])
      --> none
      <-- KSTREAM-SOURCE-0000000000
    Processor: sessions (stores: [KSTREAM-AGGREGATE-STATE-STORE-0000000008])
      --> none
      <-- KSTREAM-SOURCE-0000000000
    Processor: windowed (stores: [KSTREAM-AGGREGATE-STATE-STORE-0000000006])
      --> none
      <-- KSTREAM-SOURCE-0000000000

`,
  );
});

// KTableImpl doFilter / doMapValues / toStream / doJoin: each name draws its counter value
test('named tableOps', () => {
  const b = new StreamsBuilder();
  const t = b.table('t', { name: 'src' });
  t.filter(() => true, { name: 'tf' }).mapValues((v) => v, { name: 'tm' }).filterNot(() => false, { name: 'tfn' }).toStream().to('o');
  t.join(b.table('u'), (a, c) => a + c, { name: 'tj' }).toStream().to('j');
  assert.equal(
    b.build().describe().toString(),
    `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [t])
      --> KTABLE-SOURCE-0000000001
    Processor: KTABLE-SOURCE-0000000001 (stores: [src])
      --> tf, tj-join-this
      <-- KSTREAM-SOURCE-0000000000
    Source: KSTREAM-SOURCE-0000000008 (topics: [u])
      --> KTABLE-SOURCE-0000000009
    Processor: KTABLE-SOURCE-0000000009 (stores: [u-STATE-STORE-0000000007])
      --> tj-join-other
      <-- KSTREAM-SOURCE-0000000008
    Processor: tf (stores: [])
      --> tm
      <-- KTABLE-SOURCE-0000000001
    Processor: tj-join-other (stores: [src])
      --> tj
      <-- KTABLE-SOURCE-0000000009
    Processor: tj-join-this (stores: [u-STATE-STORE-0000000007])
      --> tj
      <-- KTABLE-SOURCE-0000000001
    Processor: tm (stores: [])
      --> tfn
      <-- tf
    Processor: tfn (stores: [])
      --> KTABLE-TOSTREAM-0000000005
      <-- tm
    Processor: tj (stores: [])
      --> KTABLE-TOSTREAM-0000000013
      <-- tj-join-this, tj-join-other
    Processor: KTABLE-TOSTREAM-0000000005 (stores: [])
      --> KSTREAM-SINK-0000000006
      <-- tfn
    Processor: KTABLE-TOSTREAM-0000000013 (stores: [])
      --> KSTREAM-SINK-0000000014
      <-- tj
    Sink: KSTREAM-SINK-0000000006 (topic: o)
      <-- KTABLE-TOSTREAM-0000000005
    Sink: KSTREAM-SINK-0000000014 (topic: j)
      <-- KTABLE-TOSTREAM-0000000013

`,
  );
});

// KStreamImpl.toTable (Named, drawn; the repartition after a key change is `<name>-repartition`) and doRepartition (a Repartitioned name draws nothing)
test('named toTableRepartition', () => {
  const b = new StreamsBuilder();
  b.stream('a').selectKey((k) => k).toTable({ processorName: 'as-table' }).toStream().to('o');
  b.stream('c').repartition({ name: 'rp' }).to('d');
  b.stream('e').toTable({ processorName: 'named-table', name: 'table-store' });
  assert.equal(
    b.build().describe().toString(),
    `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [a])
      --> KSTREAM-KEY-SELECT-0000000001
    Processor: KSTREAM-KEY-SELECT-0000000001 (stores: [])
      --> as-table-repartition-filter
      <-- KSTREAM-SOURCE-0000000000
    Processor: as-table-repartition-filter (stores: [])
      --> as-table-repartition-sink
      <-- KSTREAM-KEY-SELECT-0000000001
    Sink: as-table-repartition-sink (topic: as-table-repartition)
      <-- as-table-repartition-filter

  Sub-topology: 1
    Source: as-table-repartition-source (topics: [as-table-repartition])
      --> as-table
    Processor: as-table (stores: [])
      --> KTABLE-TOSTREAM-0000000007
      <-- as-table-repartition-source
    Processor: KTABLE-TOSTREAM-0000000007 (stores: [])
      --> KSTREAM-SINK-0000000008
      <-- as-table
    Sink: KSTREAM-SINK-0000000008 (topic: o)
      <-- KTABLE-TOSTREAM-0000000007

  Sub-topology: 2
    Source: KSTREAM-SOURCE-0000000009 (topics: [c])
      --> rp-repartition-filter
    Processor: rp-repartition-filter (stores: [])
      --> rp-repartition-sink
      <-- KSTREAM-SOURCE-0000000009
    Sink: rp-repartition-sink (topic: rp-repartition)
      <-- rp-repartition-filter

  Sub-topology: 3
    Source: rp-repartition-source (topics: [rp-repartition])
      --> KSTREAM-SINK-0000000013
    Sink: KSTREAM-SINK-0000000013 (topic: d)
      <-- rp-repartition-source

  Sub-topology: 4
    Source: KSTREAM-SOURCE-0000000014 (topics: [e])
      --> named-table
    Processor: named-table (stores: [table-store])
      --> none
      <-- KSTREAM-SOURCE-0000000014

`,
  );
});

// KStreamImpl.globalTableJoin: Named, drawn (both joins are KSTREAM-LEFTJOIN- when unnamed)
test('named globalJoin', () => {
  const b = new StreamsBuilder();
  const g = b.globalTable('g');
  b.stream('s').join(g, (k) => k, (v, gv) => v + gv, { name: 'gjoin' }).leftJoin(g, (k) => k, (v, gv) => v + String(gv), { name: 'gleft' }).to('o');
  assert.equal(
    b.build().describe().toString(),
    `Topologies:
   Sub-topology: 0 for global store (will not generate tasks)
    Source: KSTREAM-SOURCE-0000000001 (topics: [g])
      --> KTABLE-SOURCE-0000000002
    Processor: KTABLE-SOURCE-0000000002 (stores: [g-STATE-STORE-0000000000])
      --> none
      <-- KSTREAM-SOURCE-0000000001
  Sub-topology: 1
    Source: KSTREAM-SOURCE-0000000003 (topics: [s])
      --> gjoin
    Processor: gjoin (stores: [])
      --> gleft
      <-- KSTREAM-SOURCE-0000000003
    Processor: gleft (stores: [])
      --> KSTREAM-SINK-0000000006
      <-- gjoin
    Sink: KSTREAM-SINK-0000000006 (topic: o)
      <-- gleft

`,
  );
});

// StreamsBuilderTest.shouldUseGeneratedStoreNames*: a StreamJoined name without a store name keeps generated store names
test('named streamStreamJoin', () => {
  const b = new StreamsBuilder();
  b.stream('l').join(b.stream('r'), (a, c) => a + c, JoinWindows.ofTimeDifferenceWithNoGrace(100), { name: 'ssj' }).to('o');
  assert.equal(
    b.build().describe().toString(),
    `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [l])
      --> ssj-this-windowed
    Source: KSTREAM-SOURCE-0000000001 (topics: [r])
      --> ssj-other-windowed
    Processor: ssj-other-windowed (stores: [KSTREAM-JOINOTHER-0000000005-store])
      --> ssj-other-join
      <-- KSTREAM-SOURCE-0000000001
    Processor: ssj-this-windowed (stores: [KSTREAM-JOINTHIS-0000000004-store])
      --> ssj-this-join
      <-- KSTREAM-SOURCE-0000000000
    Processor: ssj-other-join (stores: [KSTREAM-JOINTHIS-0000000004-store])
      --> ssj-merge
      <-- ssj-other-windowed
    Processor: ssj-this-join (stores: [KSTREAM-JOINOTHER-0000000005-store])
      --> ssj-merge
      <-- ssj-this-windowed
    Processor: ssj-merge (stores: [])
      --> KSTREAM-SINK-0000000007
      <-- ssj-this-join, ssj-other-join
    Sink: KSTREAM-SINK-0000000007 (topic: o)
      <-- ssj-merge

`,
  );
});

// The driver runs named topologies as any other: records flow through the named nodes, whose
// metrics and stores are keyed by the given names.
test('named operators in the driver: outputs, nodeMetrics and stores under the given names', () => {
  const b = new StreamsBuilder();
  const counts = b.stream('words', { name: 'words-in' })
    .filter((_k, v) => v !== '', { name: 'non-empty' })
    .groupBy((_k, v) => v, { name: 'by-word' })
    .count({ name: 'word-counts', processorName: 'counter' });
  counts.toStream({ name: 'changes' }).mapValues((n) => String(n), { name: 'as-text' }).to('out', { name: 'to-out' });
  const d = new TopologyTestDriver(b.build());
  d.createInputTopic('words').pipeValueList(['a', '', 'b', 'a']);
  assert.deepEqual(d.createOutputTopic('out').readKeyValuesToList(), [['a', '1'], ['b', '1'], ['a', '2']]);
  const m = d.nodeMetrics();
  assert.deepEqual(
    ['words-in', 'non-empty', 'by-word', 'by-word-repartition-source', 'counter', 'changes', 'as-text', 'to-out'].map((n) => [n, m[n]?.recordsIn]),
    [['words-in', 4], ['non-empty', 4], ['by-word', 3], ['by-word-repartition-source', 3], ['counter', 3], ['changes', 3], ['as-text', 3], ['to-out', 3]],
  );
  assert.equal(d.getKeyValueStore<string, number>('word-counts').get('a'), 2);
  d.close();
});

// Kafka's Named.validate, with its messages, reported by build() with the operator.
test('illegal names fail the build with Kafka\'s Named messages', () => {
  const b = new StreamsBuilder();
  b.stream('in').filter(() => true, { name: 'has space' }).mapValues((v) => v, { name: '' }).peek(() => {}, { name: '..' }).to('out', { name: 'x'.repeat(250) });
  assert.throws(() => b.build(), (e: Error) => {
    assert.match(e.message, /filter\(\): Name "has space" is illegal, it contains a character other than ASCII alphanumerics, '\.', '_' and '-'/);
    assert.match(e.message, /mapValues\(\): Name is illegal, it can't be empty/);
    assert.match(e.message, /peek\(\): Name cannot be "\." or "\.\."/);
    assert.match(e.message, /to\(\): Name is illegal, it can't be longer than 249 characters/);
    return true;
  });
});

// RepartitionTopicNamingTest.EXPECTED_UNOPTIMIZED_TOPOLOGY (buildTopology(NO_OPTIMIZATION)), literally:
// named groupings, count(Materialized.with(...)) burning a store name (count({ keySerde })), a
// StreamJoined name and store name, and every generated name after them.
test('RepartitionTopicNamingTest: the unoptimized topology with named repartition topics', () => {
  const b = new StreamsBuilder();
  const mapped = b.stream<string, string>('input', { keySerde: Serdes.String(), valueSerde: Serdes.String() }).map((k, v) => [k.toUpperCase(), v]);
  mapped.filter((k) => k === 'B').mapValues((v) => v.toUpperCase()).process(() => ({ process() {} }));
  const countStream = mapped.groupByKey({ name: 'count-stream' }).count({ keySerde: Serdes.String() }).toStream();
  countStream.to('outputTopic_0', { keySerde: Serdes.String(), valueSerde: Serdes.Long() });
  mapped.groupByKey({ name: 'aggregate-stream' }).aggregate(() => 0, (_k, v, agg) => agg + v.length, { valueSerde: Serdes.Integer() })
    .toStream().to('outputTopic_1', { keySerde: Serdes.String(), valueSerde: Serdes.Integer() });
  mapped.filter(() => true).peek(() => {}).groupByKey({ name: 'reduced-stream' }).reduce((v1, v2) => `${v1}:${v2}`)
    .toStream().to('outputTopic_2', { keySerde: Serdes.String(), valueSerde: Serdes.String() });
  mapped.filter((k) => k === 'A')
    .join(countStream, (v1, v2) => `${v1}:${String(v2)}`, JoinWindows.ofTimeDifferenceWithNoGrace(5000), {
      keySerde: Serdes.String(), valueSerde: Serdes.String(), otherValueSerde: Serdes.Long(), storeName: 'joined-stream', name: 'joined-stream',
    })
    .to('outputTopicForJoin');
  assert.equal(
    b.build().describe().toString(),
    `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [input])
      --> KSTREAM-MAP-0000000001
    Processor: KSTREAM-MAP-0000000001 (stores: [])
      --> KSTREAM-FILTER-0000000029, KSTREAM-FILTER-0000000002, KSTREAM-FILTER-0000000020, aggregate-stream-repartition-filter, count-stream-repartition-filter
      <-- KSTREAM-SOURCE-0000000000
    Processor: KSTREAM-FILTER-0000000020 (stores: [])
      --> KSTREAM-PEEK-0000000021
      <-- KSTREAM-MAP-0000000001
    Processor: KSTREAM-FILTER-0000000002 (stores: [])
      --> KSTREAM-MAPVALUES-0000000003
      <-- KSTREAM-MAP-0000000001
    Processor: KSTREAM-FILTER-0000000029 (stores: [])
      --> joined-stream-left-repartition-filter
      <-- KSTREAM-MAP-0000000001
    Processor: KSTREAM-PEEK-0000000021 (stores: [])
      --> reduced-stream-repartition-filter
      <-- KSTREAM-FILTER-0000000020
    Processor: KSTREAM-MAPVALUES-0000000003 (stores: [])
      --> KSTREAM-PROCESSOR-0000000004
      <-- KSTREAM-FILTER-0000000002
    Processor: aggregate-stream-repartition-filter (stores: [])
      --> aggregate-stream-repartition-sink
      <-- KSTREAM-MAP-0000000001
    Processor: count-stream-repartition-filter (stores: [])
      --> count-stream-repartition-sink
      <-- KSTREAM-MAP-0000000001
    Processor: joined-stream-left-repartition-filter (stores: [])
      --> joined-stream-left-repartition-sink
      <-- KSTREAM-FILTER-0000000029
    Processor: reduced-stream-repartition-filter (stores: [])
      --> reduced-stream-repartition-sink
      <-- KSTREAM-PEEK-0000000021
    Processor: KSTREAM-PROCESSOR-0000000004 (stores: [])
      --> none
      <-- KSTREAM-MAPVALUES-0000000003
    Sink: aggregate-stream-repartition-sink (topic: aggregate-stream-repartition)
      <-- aggregate-stream-repartition-filter
    Sink: count-stream-repartition-sink (topic: count-stream-repartition)
      <-- count-stream-repartition-filter
    Sink: joined-stream-left-repartition-sink (topic: joined-stream-left-repartition)
      <-- joined-stream-left-repartition-filter
    Sink: reduced-stream-repartition-sink (topic: reduced-stream-repartition)
      <-- reduced-stream-repartition-filter

  Sub-topology: 1
    Source: count-stream-repartition-source (topics: [count-stream-repartition])
      --> KSTREAM-AGGREGATE-0000000007
    Processor: KSTREAM-AGGREGATE-0000000007 (stores: [KSTREAM-AGGREGATE-STATE-STORE-0000000006])
      --> KTABLE-TOSTREAM-0000000011
      <-- count-stream-repartition-source
    Processor: KTABLE-TOSTREAM-0000000011 (stores: [])
      --> KSTREAM-SINK-0000000012, joined-stream-other-windowed
      <-- KSTREAM-AGGREGATE-0000000007
    Source: joined-stream-left-repartition-source (topics: [joined-stream-left-repartition])
      --> joined-stream-this-windowed
    Processor: joined-stream-other-windowed (stores: [joined-stream-other-join-store])
      --> joined-stream-other-join
      <-- KTABLE-TOSTREAM-0000000011
    Processor: joined-stream-this-windowed (stores: [joined-stream-this-join-store])
      --> joined-stream-this-join
      <-- joined-stream-left-repartition-source
    Processor: joined-stream-other-join (stores: [joined-stream-this-join-store])
      --> joined-stream-merge
      <-- joined-stream-other-windowed
    Processor: joined-stream-this-join (stores: [joined-stream-other-join-store])
      --> joined-stream-merge
      <-- joined-stream-this-windowed
    Processor: joined-stream-merge (stores: [])
      --> KSTREAM-SINK-0000000038
      <-- joined-stream-this-join, joined-stream-other-join
    Sink: KSTREAM-SINK-0000000012 (topic: outputTopic_0)
      <-- KTABLE-TOSTREAM-0000000011
    Sink: KSTREAM-SINK-0000000038 (topic: outputTopicForJoin)
      <-- joined-stream-merge

  Sub-topology: 2
    Source: aggregate-stream-repartition-source (topics: [aggregate-stream-repartition])
      --> KSTREAM-AGGREGATE-0000000014
    Processor: KSTREAM-AGGREGATE-0000000014 (stores: [KSTREAM-AGGREGATE-STATE-STORE-0000000013])
      --> KTABLE-TOSTREAM-0000000018
      <-- aggregate-stream-repartition-source
    Processor: KTABLE-TOSTREAM-0000000018 (stores: [])
      --> KSTREAM-SINK-0000000019
      <-- KSTREAM-AGGREGATE-0000000014
    Sink: KSTREAM-SINK-0000000019 (topic: outputTopic_1)
      <-- KTABLE-TOSTREAM-0000000018

  Sub-topology: 3
    Source: reduced-stream-repartition-source (topics: [reduced-stream-repartition])
      --> KSTREAM-REDUCE-0000000023
    Processor: KSTREAM-REDUCE-0000000023 (stores: [KSTREAM-REDUCE-STATE-STORE-0000000022])
      --> KTABLE-TOSTREAM-0000000027
      <-- reduced-stream-repartition-source
    Processor: KTABLE-TOSTREAM-0000000027 (stores: [])
      --> KSTREAM-SINK-0000000028
      <-- KSTREAM-REDUCE-0000000023
    Sink: KSTREAM-SINK-0000000028 (topic: outputTopic_2)
      <-- KTABLE-TOSTREAM-0000000027

`,
  );
});

// KGroupedStreamImpl / TimeWindowedKStreamImpl / SessionWindowedKStreamImpl.count(Materialized) burn
// a store name when the Materialized has none; SlidingWindowedKStreamImpl.count does not.
test('count({ keySerde }) burns one store name first, except for sliding windows', () => {
  const stores = (f: (g: ReturnType<ReturnType<StreamsBuilder['stream']>['groupByKey']>) => void): string[] => {
    const b = new StreamsBuilder();
    f(b.stream('in').groupByKey());
    return b.build().describe().toJSON().stores.map((s) => s.name);
  };
  assert.deepEqual(stores((g) => g.count()), ['KSTREAM-AGGREGATE-STATE-STORE-0000000001']);
  assert.deepEqual(stores((g) => g.count({ keySerde: Serdes.String() })), ['KSTREAM-AGGREGATE-STATE-STORE-0000000002']);
  assert.deepEqual(stores((g) => g.count({ keySerde: Serdes.String(), name: 'named' })), ['named']);
  assert.deepEqual(stores((g) => g.windowedBy(TimeWindows.ofSizeWithNoGrace(10)).count({ keySerde: Serdes.String() })), ['KSTREAM-AGGREGATE-STATE-STORE-0000000002']);
  assert.deepEqual(stores((g) => g.windowedBy(SessionWindows.ofInactivityGapWithNoGrace(10)).count({ keySerde: Serdes.String() })), ['KSTREAM-AGGREGATE-STATE-STORE-0000000002']);
  assert.deepEqual(stores((g) => g.windowedBy(SlidingWindows.ofTimeDifferenceWithNoGrace(10)).count({ keySerde: Serdes.String() })), ['KSTREAM-AGGREGATE-STATE-STORE-0000000001']);
});
