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
