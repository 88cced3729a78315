// The live overlay against a real broker (the embedded dev cluster) and a real KafkaStreams app
// whose events go through the run manager's reducer (client/src/runs/live-state.ts).
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { createKafkaClient, KafkaStreams, silentLogger } from 'streamwise';
import { startDevCluster } from 'streamwise/devcluster';
import type { StreamsEvent } from 'streamwise/model';
import { buildGatewayRouter, RAW_TOPIC } from '../../../examples/gateway-log-router';
import { sampleLogLines } from '../../../examples/gateway-on-dev-cluster';
import type { GraphOverlay } from '../../../client/src/graph/graph-model';
import { LiveOverlays, type RunLike } from '../../../client/src/graph/live-overlays';
import { buildViewModel } from '../../../client/src/graph/view-model';
import { initialLiveState, reduceLiveState } from '../../../client/src/runs/live-state';
import { topologyFixture } from './fixtures';
import { tempStateDir } from '../../runtime/streams/helpers/state-dir';

/** Resolves when `check` holds after a change notice (bounded: fails with the last overlay seen). */
function until(live: LiveOverlays, key: string, check: (o: GraphOverlay | undefined) => boolean, what: string, ms = 20_000): Promise<GraphOverlay | undefined> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { sub.dispose(); reject(new Error(`timed out waiting for ${what}: ${JSON.stringify(live.current(key))?.slice(0, 600)} ${JSON.stringify(live.connection())}`)); }, ms);
    const sub = live.onDidChange(() => {
      const o = live.current(key);
      if (!check(o)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(o);
    });
  });
}

test('a running app on the dev cluster: lag drains, rates and owners show, no WARN/STALL before the window is full, a lost cluster is shown and recovers', async () => {
  const records = 2000;
  let cluster = await startDevCluster({ port: 0 });
  const port = cluster.port;
  const brokers = cluster.bootstrapServers;
  await cluster.createTopic(RAW_TOPIC, 4);
  const producer = createKafkaClient({ brokers, clientId: 'graph-test', logger: silentLogger }).producer();
  await producer.connect();
  await producer.send(sampleLogLines(records));
  let produced = records;

  const applicationId = `graph-${randomUUID().slice(0, 8)}`;
  const file = '/workspace/gateway.ts';
  const run: RunLike = { spec: { file }, status: 'running', live: initialLiveState() };
  const runListeners = new Set<() => void>();
  const live = new LiveOverlays({
    runs: { list: () => [run], onDidChangeRun: (l) => { runListeners.add(l); return { dispose: () => runListeners.delete(l) }; } },
    brokers: () => brokers,
    pollIntervalMs: () => 150,
    assumedCommitIntervalMs: 200,
    log: { info: () => undefined, warn: () => undefined },
  });
  const model = buildViewModel(topologyFixture('gateway'));
  const app = new KafkaStreams(buildGatewayRouter(), { stateDir: tempStateDir(), applicationId, bootstrapServers: brokers, commitIntervalMs: 200, metricsIntervalMs: 100, numStreamThreads: 2 });
  app.events.on('event', (e: StreamsEvent) => {
    run.live = reduceLiveState(run.live, e);
    for (const l of runListeners) l();
  });
  let closed = false;
  try {
    const early: string[] = [];
    live.onDidChange(() => {
      const o = live.current(model.key);
      // The panel shows no verdict at all before the window is full (the tracker may already know OK or STOP).
      for (const t of Object.values(o?.topics ?? {})) if (t.status !== undefined && !t.window.full) early.push(`${t.topic}: ${t.status} with ${JSON.stringify(t.window)}`);
    });
    live.watch({ key: model.key, model, file, applicationId });
    await app.start();
    // Keep records flowing until the overlay shows a rate (a chained send, not a timer race).
    let flowing = true;
    const feed = (async () => {
      while (flowing) {
        await producer.send(sampleLogLines(20));
        produced += 20;
        await new Promise<void>((resolve) => { setTimeout(resolve, 50); });
      }
    })();
    const hasTopic = (o: GraphOverlay | undefined) => o?.topics[RAW_TOPIC] !== undefined;
    const moving = await until(live, model.key, (o) => hasTopic(o) && (o?.nodes['KSTREAM-SOURCE-0000000000']?.recordsPerSecond ?? 0) > 0, 'records/s on the source');
    flowing = false;
    await feed;
    await producer.disconnect();
    assert.equal(moving?.source, 'run');
    const drained = await until(live, model.key, (o) => {
      const t = o?.topics[RAW_TOPIC];
      return t !== undefined && t.partitions.length === 4 && t.totalLag === 0 && t.partitions.reduce((n, p) => n + p.end, 0) === produced;
    }, 'lag drained to zero over 4 partitions');
    const topic = drained?.topics[RAW_TOPIC];
    assert.ok(topic);
    for (const p of topic.partitions) assert.match(p.owner ?? '', /\/|graph-/, `partition ${p.partition} names its owner`);
    assert.equal((drained?.threads ?? []).length, 2, 'two stream threads');
    const judged = await until(live, model.key, (o) => o?.status !== undefined, 'a verdict once the window is full');
    assert.deepEqual(early, [], 'no verdict before the window is full');
    assert.equal(judged?.window?.full, true);
    assert.equal(judged?.status, 'OK');
    assert.ok(judged?.topics[RAW_TOPIC]?.partitions.every((p) => p.trend.length > 1), 'trends accumulate');
    assert.equal(live.connection().state, 'connected');

    await app.close({ timeoutMs: 10_000 });
    closed = true;
    const lost = new Promise<void>((resolve) => { const s = live.onDidChange(() => { if (live.connection().state === 'lost') { s.dispose(); resolve(); } }); });
    await cluster.close();
    await lost;
    cluster = await startDevCluster({ port });
    await until(live, model.key, () => live.connection().state === 'connected', 'reconnect after the cluster came back', 30_000);
  } finally {
    live.dispose();
    if (!closed) await app.close({ timeoutMs: 10_000 });
    await cluster.close();
  }
});
