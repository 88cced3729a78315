import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { liveTopicFacts, parseLiveTopics, parseTopologyParams } from '../../../server/src/lsp/custom-protocol';

test('parseLiveTopics keeps positive integer partition counts only', () => {
  assert.deepEqual(parseLiveTopics({ partitions: { a: 3, b: 0, c: -1, d: 2.5, e: '4', f: 12 }, folderUri: 'file:///w' }), {
    partitions: { a: 3, f: 12 },
    folderUri: 'file:///w',
  });
  assert.deepEqual(parseLiveTopics('nonsense'), { partitions: {} });
  assert.deepEqual(parseLiveTopics({ partitions: [1, 2] }), { partitions: {} });
});

test('parseLiveTopics keeps positive integer replication factors and min.insync.replicas; liveTopicFacts joins them per topic', () => {
  const params = parseLiveTopics({
    partitions: { a: 3, b: 6 },
    replicationFactors: { a: 1, b: 3, c: 0, d: 'three' },
    minInsyncReplicas: { b: 2, e: 1.5 },
  });
  assert.deepEqual(params, { partitions: { a: 3, b: 6 }, replicationFactors: { a: 1, b: 3 }, minInsyncReplicas: { b: 2 } });
  assert.deepEqual(liveTopicFacts(params), { a: { partitions: 3, replicationFactor: 1 }, b: { partitions: 6, replicationFactor: 3, minInsyncReplicas: 2 } });
  assert.deepEqual(parseLiveTopics({ partitions: {}, replicationFactors: [3], minInsyncReplicas: null }), { partitions: {}, replicationFactors: {}, minInsyncReplicas: {} });
});

test('parseTopologyParams accepts a string uri or nothing', () => {
  assert.deepEqual(parseTopologyParams({ uri: 'file:///a.ts' }), { uri: 'file:///a.ts' });
  assert.deepEqual(parseTopologyParams({ uri: 42 }), {});
  assert.deepEqual(parseTopologyParams(null), {});
});
