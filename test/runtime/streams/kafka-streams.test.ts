// KafkaStreams end-to-end against librdkafka's mock cluster (kcat) and the embedded dev cluster.
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { KafkaStreams, type StreamsState } from 'streamwise';
import type { StreamsEvent } from 'streamwise/model';
import { clusterKinds, type TestCluster } from './helpers/clusters';
import { consumeUntil, produce, randomName, waitFor } from './helpers/kafka-io';
import { testTopology } from './helpers/test-topology';


const stateOf = (app: KafkaStreams, want: StreamsState, timeoutMs = 30000) =>
  app.state === want ? Promise.resolve(want) : waitFor<StreamsState>((l) => app.onStateChange((s) => l(s)), (s) => s === want, timeoutMs, `state ${want}`);

for (const kind of clusterKinds) describe(kind.name, () => {
  let cluster: TestCluster;
  before(async () => { cluster = await kind.start(); });
  after(async () => { await cluster.close(); });

  test('end-to-end: every input record reaches the output, offsets committed on close', async () => {
    const input = randomName('in');
    const output = randomName('out');
    const appId = randomName('app');
    const values = Array.from({ length: 500 }, (_, i) => ({ key: `k${i % 17}`, value: `v${i}` }));
    await produce(cluster.brokers, input, values);
    const lines: string[] = [];
    const app = new KafkaStreams(testTopology({ input, output }), { applicationId: appId, bootstrapServers: cluster.brokers, commitIntervalMs: 200, metricsSink: (l) => lines.push(l) });
    const states: string[] = [];
    app.onStateChange((s, o) => states.push(`${o}->${s}`));
    await app.start();
    await stateOf(app, 'RUNNING');
    const got = await consumeUntil(cluster.brokers, output, (r) => new Set(r.map((x) => x.value)).size >= values.length);
    assert.deepEqual(new Set(got.map((r) => r.value)), new Set(values.map((v) => v.value.toUpperCase())));
    const m = app.metrics();
    assert.equal(m.partitions.reduce((n, p) => n + p.lag, 0), 0);
    assert.equal(m.assignment.length, 1);
    assert.equal(await app.close({ timeoutMs: 20000 }), true);
    assert.equal(app.state, 'NOT_RUNNING');
    assert.deepEqual(states.slice(0, 2), ['CREATED->REBALANCING', 'REBALANCING->RUNNING']);
    assert.deepEqual(states.slice(-2), ['RUNNING->PENDING_SHUTDOWN', 'PENDING_SHUTDOWN->NOT_RUNNING']);
    const events = lines.map((l) => JSON.parse(l) as StreamsEvent);
    assert.ok(events.some((e) => e.type === 'assignment' && e.tasks.length === 4), 'assignment event with 4 tasks');
    const last = events.filter((e) => e.type === 'metrics').pop();
    assert.ok(last !== undefined && last.type === 'metrics');
    assert.equal(last.metrics.assignment.length, 0, 'no thread owns tasks after close');
    assert.equal(last.metrics.partitions.length, 4);
    for (const p of last.metrics.partitions) assert.equal(p.committedOffset, p.consumedOffset, `committed on close: ${JSON.stringify(p)}`);
    assert.ok(last.metrics.produced >= values.length);
  });
});
