import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { parseLiveTopics, parseTopologyParams } from '../../../server/src/lsp/custom-protocol';

test('parseLiveTopics keeps positive integer partition counts only', () => {
  assert.deepEqual(parseLiveTopics({ partitions: { a: 3, b: 0, c: -1, d: 2.5, e: '4', f: 12 }, folderUri: 'file:///w' }), {
    partitions: { a: 3, f: 12 },
    folderUri: 'file:///w',
  });
  assert.deepEqual(parseLiveTopics('nonsense'), { partitions: {} });
  assert.deepEqual(parseLiveTopics({ partitions: [1, 2] }), { partitions: {} });
});

test('parseTopologyParams accepts a string uri or nothing', () => {
  assert.deepEqual(parseTopologyParams({ uri: 'file:///a.ts' }), { uri: 'file:///a.ts' });
  assert.deepEqual(parseTopologyParams({ uri: 42 }), {});
  assert.deepEqual(parseTopologyParams(null), {});
});
