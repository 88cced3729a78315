// describe().toString() against Kafka Streams' exact text, and describe().toJSON() (the shared model).
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { Serdes, StreamsBuilder, TimeWindows } from 'streamwise';

test('a linear topology: Source/Processor/Sink lines, arrows, indentation, counter names', () => {
  const b = new StreamsBuilder();
  b.stream('input').filter(() => true).mapValues((v) => v).to('output');
  assert.equal(
    b.build().describe().toString(),
    [
      'Topologies:',
      '   Sub-topology: 0',
      '    Source: KSTREAM-SOURCE-0000000000 (topics: [input])',
      '      --> KSTREAM-FILTER-0000000001',
      '    Processor: KSTREAM-FILTER-0000000001 (stores: [])',
      '      --> KSTREAM-MAPVALUES-0000000002',
      '      <-- KSTREAM-SOURCE-0000000000',
      '    Processor: KSTREAM-MAPVALUES-0000000002 (stores: [])',
      '      --> KSTREAM-SINK-0000000003',
      '      <-- KSTREAM-FILTER-0000000001',
      '    Sink: KSTREAM-SINK-0000000003 (topic: output)',
      '      <-- KSTREAM-MAPVALUES-0000000002',
      '',
      '',
    ].join('\n'),
  );
});

// Kafka's WordCount tutorial output (docs/streams/tutorial), with Materialized.as("counts-store").
test('word count: groupBy repartition sub-topology with <store>-repartition-* names', () => {
  const b = new StreamsBuilder();
  b.stream('streams-plaintext-input')
    .flatMapValues((v) => v.toLowerCase().split(/\W+/))
    .groupBy((_k, v) => v)
    .count({ name: 'counts-store' })
    .toStream()
    .to('streams-wordcount-output', { valueSerde: Serdes.Number() });
  assert.equal(
    b.build().describe().toString(),
    `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [streams-plaintext-input])
      --> KSTREAM-FLATMAPVALUES-0000000001
    Processor: KSTREAM-FLATMAPVALUES-0000000001 (stores: [])
      --> KSTREAM-KEY-SELECT-0000000002
      <-- KSTREAM-SOURCE-0000000000
    Processor: KSTREAM-KEY-SELECT-0000000002 (stores: [])
      --> counts-store-repartition-filter
      <-- KSTREAM-FLATMAPVALUES-0000000001
    Processor: counts-store-repartition-filter (stores: [])
      --> counts-store-repartition-sink
      <-- KSTREAM-KEY-SELECT-0000000002
    Sink: counts-store-repartition-sink (topic: counts-store-repartition)
      <-- counts-store-repartition-filter

  Sub-topology: 1
    Source: counts-store-repartition-source (topics: [counts-store-repartition])
      --> KSTREAM-AGGREGATE-0000000003
    Processor: KSTREAM-AGGREGATE-0000000003 (stores: [counts-store])
      --> KTABLE-TOSTREAM-0000000007
      <-- counts-store-repartition-source
    Processor: KTABLE-TOSTREAM-0000000007 (stores: [])
      --> KSTREAM-SINK-0000000008
      <-- KSTREAM-AGGREGATE-0000000003
    Sink: KSTREAM-SINK-0000000008 (topic: streams-wordcount-output)
      <-- KTABLE-TOSTREAM-0000000007

`,
  );
});

test('unnamed aggregation: generated store name, generated repartition node names', () => {
  const b = new StreamsBuilder();
  b.stream('in').selectKey((_k, v) => v).groupByKey().count();
  assert.equal(
    b.build().describe().toString(),
    `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [in])
      --> KSTREAM-KEY-SELECT-0000000001
    Processor: KSTREAM-KEY-SELECT-0000000001 (stores: [])
      --> KSTREAM-FILTER-0000000005
      <-- KSTREAM-SOURCE-0000000000
    Processor: KSTREAM-FILTER-0000000005 (stores: [])
      --> KSTREAM-SINK-0000000004
      <-- KSTREAM-KEY-SELECT-0000000001
    Sink: KSTREAM-SINK-0000000004 (topic: KSTREAM-AGGREGATE-STATE-STORE-0000000002-repartition)
      <-- KSTREAM-FILTER-0000000005

  Sub-topology: 1
    Source: KSTREAM-SOURCE-0000000006 (topics: [KSTREAM-AGGREGATE-STATE-STORE-0000000002-repartition])
      --> KSTREAM-AGGREGATE-0000000003
    Processor: KSTREAM-AGGREGATE-0000000003 (stores: [KSTREAM-AGGREGATE-STATE-STORE-0000000002])
      --> none
      <-- KSTREAM-SOURCE-0000000006

`,
  );
});

// As printed by Kafka for stream.join(table) (kafka-streams join example, describe()).
test('stream-table join: table source and join share a sub-topology through the store', () => {
  const b = new StreamsBuilder();
  const stream = b.stream('test-kstream-input-topic');
  const table = b.table('test-kstream-compacted-topic');
  stream.join(table, (s, t) => `${s}:${t}`).to('test-kstream-output-topic');
  assert.equal(
    b.build().describe().toString(),
    `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [test-kstream-input-topic])
      --> KSTREAM-JOIN-0000000004
    Processor: KSTREAM-JOIN-0000000004 (stores: [test-kstream-compacted-topic-STATE-STORE-0000000001])
      --> KSTREAM-SINK-0000000005
      <-- KSTREAM-SOURCE-0000000000
    Source: KSTREAM-SOURCE-0000000002 (topics: [test-kstream-compacted-topic])
      --> KTABLE-SOURCE-0000000003
    Sink: KSTREAM-SINK-0000000005 (topic: test-kstream-output-topic)
      <-- KSTREAM-JOIN-0000000004
    Processor: KTABLE-SOURCE-0000000003 (stores: [test-kstream-compacted-topic-STATE-STORE-0000000001])
      --> none
      <-- KSTREAM-SOURCE-0000000002

`,
  );
});

test('join after selectKey: repartition named after the upstream node, sub-topologies in insertion order', () => {
  const b = new StreamsBuilder();
  const users = b.table('users');
  b.stream('clicks').selectKey((_k, v) => v).join(users, (c, u) => c + u).to('out');
  assert.equal(
    b.build().describe().toString(),
    `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000007 (topics: [KSTREAM-KEY-SELECT-0000000004-repartition])
      --> KSTREAM-JOIN-0000000008
    Processor: KSTREAM-JOIN-0000000008 (stores: [users-STATE-STORE-0000000000])
      --> KSTREAM-SINK-0000000009
      <-- KSTREAM-SOURCE-0000000007
    Source: KSTREAM-SOURCE-0000000001 (topics: [users])
      --> KTABLE-SOURCE-0000000002
    Sink: KSTREAM-SINK-0000000009 (topic: out)
      <-- KSTREAM-JOIN-0000000008
    Processor: KTABLE-SOURCE-0000000002 (stores: [users-STATE-STORE-0000000000])
      --> none
      <-- KSTREAM-SOURCE-0000000001

  Sub-topology: 1
    Source: KSTREAM-SOURCE-0000000003 (topics: [clicks])
      --> KSTREAM-KEY-SELECT-0000000004
    Processor: KSTREAM-KEY-SELECT-0000000004 (stores: [])
      --> KSTREAM-FILTER-0000000006
      <-- KSTREAM-SOURCE-0000000003
    Processor: KSTREAM-FILTER-0000000006 (stores: [])
      --> KSTREAM-SINK-0000000005
      <-- KSTREAM-KEY-SELECT-0000000004
    Sink: KSTREAM-SINK-0000000005 (topic: KSTREAM-KEY-SELECT-0000000004-repartition)
      <-- KSTREAM-FILTER-0000000006

`,
  );
});

test('a table nothing reads by key is not materialized (stores: [])', () => {
  const b = new StreamsBuilder();
  b.table('t').toStream().to('o');
  assert.equal(
    b.build().describe().toString(),
    `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000001 (topics: [t])
      --> KTABLE-SOURCE-0000000002
    Processor: KTABLE-SOURCE-0000000002 (stores: [])
      --> KTABLE-TOSTREAM-0000000003
      <-- KSTREAM-SOURCE-0000000001
    Processor: KTABLE-TOSTREAM-0000000003 (stores: [])
      --> KSTREAM-SINK-0000000004
      <-- KTABLE-SOURCE-0000000002
    Sink: KSTREAM-SINK-0000000004 (topic: o)
      <-- KTABLE-TOSTREAM-0000000003

`,
  );
});

test('old-style branch: KSTREAM-BRANCH then one KSTREAM-BRANCHCHILD per predicate', () => {
  const b = new StreamsBuilder();
  const [x, y] = b.stream('in').branch(
    (_k, v) => v === 'x',
    () => true,
  );
  x?.to('x');
  y?.to('y');
  assert.equal(
    b.build().describe().toString(),
    `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [in])
      --> KSTREAM-BRANCH-0000000001
    Processor: KSTREAM-BRANCH-0000000001 (stores: [])
      --> KSTREAM-BRANCHCHILD-0000000002, KSTREAM-BRANCHCHILD-0000000003
      <-- KSTREAM-SOURCE-0000000000
    Processor: KSTREAM-BRANCHCHILD-0000000002 (stores: [])
      --> KSTREAM-SINK-0000000004
      <-- KSTREAM-BRANCH-0000000001
    Processor: KSTREAM-BRANCHCHILD-0000000003 (stores: [])
      --> KSTREAM-SINK-0000000005
      <-- KSTREAM-BRANCH-0000000001
    Sink: KSTREAM-SINK-0000000004 (topic: x)
      <-- KSTREAM-BRANCHCHILD-0000000002
    Sink: KSTREAM-SINK-0000000005 (topic: y)
      <-- KSTREAM-BRANCHCHILD-0000000003

`,
  );
});

test('split: branch children named prefix + name/position; the named split and each branch burn a counter value', () => {
  const b = new StreamsBuilder();
  const m = b
    .stream('in')
    .split({ name: 'route-' })
    .branch((_k, v) => v === 'a', { name: 'a' })
    .branch((_k, v) => v === 'b')
    .defaultBranch();
  for (const [k, s] of Object.entries(m)) s.to(`out-${k}`);
  assert.equal(
    b.build().describe().toString(),
    `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [in])
      --> route-
    Processor: route- (stores: [])
      --> route-0, route-2, route-a
      <-- KSTREAM-SOURCE-0000000000
    Processor: route-0 (stores: [])
      --> KSTREAM-SINK-0000000007
      <-- route-
    Processor: route-2 (stores: [])
      --> KSTREAM-SINK-0000000006
      <-- route-
    Processor: route-a (stores: [])
      --> KSTREAM-SINK-0000000005
      <-- route-
    Sink: KSTREAM-SINK-0000000005 (topic: out-route-a)
      <-- route-a
    Sink: KSTREAM-SINK-0000000006 (topic: out-route-2)
      <-- route-2
    Sink: KSTREAM-SINK-0000000007 (topic: out-route-0)
      <-- route-0

`,
  );
});

// Kafka inserts successors into TreeSets while sub-tree sizes still grow: not simply sorted by size.
// Expected text from Kafka's describe algorithm run on Java 17 collections.
test('successor order follows Kafka: sizes as they were when each edge was added', () => {
  const b = new StreamsBuilder();
  const m = b.stream('in').split({ name: 'split-' }).branch(() => true, { name: 'a' }).branch(() => true).defaultBranch();
  m['split-a']?.mapValues((v) => v).filter(() => true).to('a');
  m['split-2']?.to('two');
  m['split-0']?.peek(() => {}).to('rest');
  assert.equal(
    b.build().describe().toString(),
    `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [in])
      --> split-
    Processor: split- (stores: [])
      --> split-0, split-2, split-a
      <-- KSTREAM-SOURCE-0000000000
    Processor: split-a (stores: [])
      --> KSTREAM-MAPVALUES-0000000005
      <-- split-
    Processor: KSTREAM-MAPVALUES-0000000005 (stores: [])
      --> KSTREAM-FILTER-0000000006
      <-- split-a
    Processor: split-0 (stores: [])
      --> KSTREAM-PEEK-0000000009
      <-- split-
    Processor: KSTREAM-FILTER-0000000006 (stores: [])
      --> KSTREAM-SINK-0000000007
      <-- KSTREAM-MAPVALUES-0000000005
    Processor: KSTREAM-PEEK-0000000009 (stores: [])
      --> KSTREAM-SINK-0000000010
      <-- split-0
    Processor: split-2 (stores: [])
      --> KSTREAM-SINK-0000000008
      <-- split-
    Sink: KSTREAM-SINK-0000000007 (topic: a)
      <-- KSTREAM-FILTER-0000000006
    Sink: KSTREAM-SINK-0000000008 (topic: two)
      <-- split-2
    Sink: KSTREAM-SINK-0000000010 (topic: rest)
      <-- KSTREAM-PEEK-0000000009

`,
  );
});

test('a later independent stream after a named repartition: sub-topologies in topological order', () => {
  const b = new StreamsBuilder();
  b.stream('x').groupBy((_k, v) => v).count({ name: 'c' });
  b.stream('y').to('z');
  const ids = b
    .build()
    .describe()
    .toJSON()
    .subTopologies.map((st) => [st.id, st.sourceTopics]);
  assert.deepEqual(ids, [
    [0, ['x']],
    [1, ['c-repartition']],
    [2, ['y']],
  ]);
});

test('merge has two predecessors; a topic extractor sink prints its extractor; several topics print as a set', () => {
  const b = new StreamsBuilder();
  const a = b.stream(['a1', 'a2']);
  const c = b.stream('c');
  a.merge(c).to(function routeByKey(k) {
    return `t-${k}`;
  });
  assert.equal(
    b.build().describe().toString(),
    `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [a1, a2])
      --> KSTREAM-MERGE-0000000002
    Source: KSTREAM-SOURCE-0000000001 (topics: [c])
      --> KSTREAM-MERGE-0000000002
    Processor: KSTREAM-MERGE-0000000002 (stores: [])
      --> KSTREAM-SINK-0000000003
      <-- KSTREAM-SOURCE-0000000000, KSTREAM-SOURCE-0000000001
    Sink: KSTREAM-SINK-0000000003 (extractor class: routeByKey)
      <-- KSTREAM-MERGE-0000000002

`,
  );
});

test('independent streams are separate sub-topologies numbered by source name', () => {
  const b = new StreamsBuilder();
  b.stream('one').foreach(() => {});
  b.stream('two').peek(() => {}).to('x');
  const text = b.build().describe().toString();
  assert.ok(text.startsWith('Topologies:\n   Sub-topology: 0\n    Source: KSTREAM-SOURCE-0000000000 (topics: [one])\n'));
  assert.ok(text.includes('\n  Sub-topology: 1\n    Source: KSTREAM-SOURCE-0000000002 (topics: [two])\n      --> KSTREAM-PEEK-0000000003\n'));
  assert.ok(text.includes('    Processor: KSTREAM-FOREACH-0000000001 (stores: [])\n      --> none\n      <-- KSTREAM-SOURCE-0000000000\n'));
});

test('Java HashSet order for source topic sets', () => {
  const b = new StreamsBuilder();
  b.stream(['orders', 'payments', 'clicks', 'users-events']).to('o');
  // Java 17: new HashSet<>(List.of("orders", "payments", "clicks", "users-events")) prints this order
  assert.match(b.build().describe().toString(), /\(topics: \[payments, clicks, users-events, orders\]\)/);
});

test('toJSON gives the shared model: nodes in describe order, branches, stores, internal topics', () => {
  const b = new StreamsBuilder();
  const m = b.stream('logs').split({ name: 'gw-' }).branch((_k, v) => v === 'a', { name: 'api' }).defaultBranch();
  m['gw-api']?.to('api');
  m['gw-0']?.groupByKey().windowedBy(TimeWindows.ofSizeWithNoGrace(60000)).count({ name: 'per-minute' });
  const model = b.build().describe().toJSON();
  assert.equal(model.version, 1);
  assert.equal(model.subTopologies.length, 1);
  const st = model.subTopologies[0];
  assert.deepEqual(st?.sourceTopics, ['logs']);
  assert.deepEqual(
    st?.nodes.map((n) => [n.kind, n.name]),
    [
      ['source', 'KSTREAM-SOURCE-0000000000'],
      ['processor', 'gw-'],
      ['processor', 'gw-0'],
      ['processor', 'gw-api'],
      ['processor', 'KSTREAM-AGGREGATE-0000000005'],
      ['sink', 'KSTREAM-SINK-0000000004'],
    ],
  );
  const split = st?.nodes.find((n) => n.name === 'gw-');
  assert.ok(split?.kind === 'processor');
  assert.equal(split.operator, 'split');
  assert.deepEqual(split.branch, {
    predicates: [{ index: 0, outlet: 'gw-api', branchName: 'api' }],
    hasDefault: true,
    defaultOutlet: 'gw-0',
  });
  assert.deepEqual(model.stores, [{ name: 'per-minute', kind: 'window', changelogTopic: 'per-minute-changelog', processors: ['KSTREAM-AGGREGATE-0000000005'] }]);
  assert.deepEqual(model.internalTopics, ['per-minute-changelog']);
  assert.deepEqual(JSON.parse(JSON.stringify(model)), model);
});
