import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { Serdes } from 'streamwise';
import { TopologyTestDriver } from 'streamwise/testing';
import topology, { ENDPOINT_TOPICS, RAW_TOPIC, parseLog } from '../../examples/gateway-log-router';

test('the gateway router sends each log to the first matching endpoint, the rest to the default', () => {
  const d = new TopologyTestDriver(topology);
  d.createInputTopic(RAW_TOPIC).pipeValueList([
    '{"path":"/viewer/1","status":200}',
    '',
    '{"path":"/comment/2","status":201,"userId":"u"}',
    'garbage',
    '{"path":"/purchase/3","status":200}',
    '{"path":"/healthcheck","status":200,"kind":"healthcheck"}',
    '{"path":"/login","status":302}',
    '{"path":"/viewer/comment","status":200}',
  ]);
  const read = (t: string) => d.createOutputTopic(t, Serdes.String(), Serdes.JSON()).readValuesToList();
  assert.deepEqual(read(ENDPOINT_TOPICS.viewer), [{ path: '/viewer/1', status: 200 }, { path: '/viewer/comment', status: 200 }]);
  assert.deepEqual(read(ENDPOINT_TOPICS.comment), [{ path: '/comment/2', status: 201, userId: 'u' }]);
  assert.deepEqual(read(ENDPOINT_TOPICS.purchase), [{ path: '/purchase/3', status: 200 }]);
  assert.deepEqual(read(ENDPOINT_TOPICS.other), [{ path: '/login', status: 302 }]);
});

test('the router topology: one split with three ordered predicates and a default branch', () => {
  const model = topology.describe().toJSON();
  const split = model.subTopologies[0]?.nodes.find((n) => n.name === 'gw-');
  assert.ok(split?.kind === 'processor');
  assert.deepEqual(split.branch?.predicates.map((p) => p.branchName), ['viewer', 'comment', 'purchase']);
  assert.equal(split.branch?.defaultOutlet, 'gw-other');
});

test('parseLog drops what is not a gateway log', () => {
  assert.equal(parseLog('[1]'), null);
  assert.equal(parseLog('{"path":1,"status":2}'), null);
  assert.deepEqual(parseLog('{"path":"/a","status":2,"userId":3}'), { path: '/a', status: 2 });
});

test('the router describe() text (as Kafka Streams prints it)', () => {
  assert.equal(
    topology.describe().toString(),
    `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [webtoon-gw-logstash])
      --> KSTREAM-FILTER-0000000001
    Processor: KSTREAM-FILTER-0000000001 (stores: [])
      --> KSTREAM-MAPVALUES-0000000002
      <-- KSTREAM-SOURCE-0000000000
    Processor: KSTREAM-MAPVALUES-0000000002 (stores: [])
      --> KSTREAM-FILTER-0000000003
      <-- KSTREAM-FILTER-0000000001
    Processor: KSTREAM-FILTER-0000000003 (stores: [])
      --> KSTREAM-MAPVALUES-0000000004
      <-- KSTREAM-MAPVALUES-0000000002
    Processor: KSTREAM-MAPVALUES-0000000004 (stores: [])
      --> gw-
      <-- KSTREAM-FILTER-0000000003
    Processor: gw- (stores: [])
      --> gw-comment, gw-other, gw-purchase, gw-viewer
      <-- KSTREAM-MAPVALUES-0000000004
    Processor: gw-comment (stores: [])
      --> KSTREAM-SINK-0000000009
      <-- gw-
    Processor: gw-other (stores: [])
      --> KSTREAM-SINK-0000000013
      <-- gw-
    Processor: gw-purchase (stores: [])
      --> KSTREAM-SINK-0000000011
      <-- gw-
    Processor: gw-viewer (stores: [])
      --> KSTREAM-SINK-0000000007
      <-- gw-
    Sink: KSTREAM-SINK-0000000007 (topic: gw-viewer)
      <-- gw-viewer
    Sink: KSTREAM-SINK-0000000009 (topic: gw-comment)
      <-- gw-comment
    Sink: KSTREAM-SINK-0000000011 (topic: gw-purchase)
      <-- gw-purchase
    Sink: KSTREAM-SINK-0000000013 (topic: gw-other)
      <-- gw-other

`,
  );
});
