// Live partition counts for every topic a topology touches (source, sink, repartition, changelog),
// from a real broker's metadata (the embedded dev cluster), with no run and no group needed.
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { startDevCluster } from 'streamwise/devcluster';
import type { GraphOverlay } from '../../../client/src/graph/graph-model';
import { LiveOverlays } from '../../../client/src/graph/live-overlays';
import { buildViewModel } from '../../../client/src/graph/view-model';
import { topologyFixture } from './fixtures';

function until(live: LiveOverlays, key: string, check: (o: GraphOverlay | undefined) => boolean, what: string, ms = 20_000): Promise<GraphOverlay | undefined> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { sub.dispose(); reject(new Error(`timed out waiting for ${what}: ${JSON.stringify(live.current(key))?.slice(0, 600)}`)); }, ms);
    const sub = live.onDidChange(() => {
      const o = live.current(key);
      if (!check(o)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(o);
    });
  });
}

test('partition counts of source, sink, repartition and changelog topics come from the cluster; a topic created later shows up', async () => {
  const cluster = await startDevCluster({ port: 0 });
  const applicationId = `graph-${randomUUID().slice(0, 8)}`;
  const live = new LiveOverlays({ brokers: () => cluster.bootstrapServers, pollIntervalMs: () => 200, metadataIntervalMs: 200, log: { info: () => undefined, warn: () => undefined } });
  try {
    // routing: gw-logs -> ... -> gw-viewer (sink), hits-per-section-repartition, a store's changelog.
    await cluster.createTopic('gw-logs', 5);
    await cluster.createTopic('gw-viewer', 2);
    await cluster.createTopic(`${applicationId}-hits-per-section-repartition`, 3);
    const model = buildViewModel(topologyFixture('routing'), { partitions: { 'gw-logs': 6 } });
    live.watch({ key: model.key, model, file: '/workspace/routing.ts', applicationId });
    const first = await until(live, model.key, (o) => o?.partitionCounts?.['topic:hits-per-section-repartition'] !== undefined, 'counts of the existing topics');
    assert.deepEqual(first?.partitionCounts, { 'topic:gw-logs': 5, 'topic:gw-viewer': 2, 'topic:hits-per-section-repartition': 3 }, 'live wins over the config\'s 6; missing topics stay unknown');
    await cluster.createTopic(`${applicationId}-hits-per-section-changelog`, 3);
    const later = await until(live, model.key, (o) => o?.partitionCounts?.['changelog:hits-per-section-changelog'] !== undefined, 'the changelog created later');
    assert.equal(later?.partitionCounts?.['changelog:hits-per-section-changelog'], 3);
    live.watch(undefined);
    assert.equal(live.current(model.key), undefined);
  } finally {
    live.dispose();
    await cluster.close();
  }
});
