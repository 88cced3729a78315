// KafkaStreams end-to-end against librdkafka's mock cluster (kcat) and the embedded dev cluster.
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { KafkaStreams, type StreamsState } from 'streamwise';
import type { StreamsEvent } from 'streamwise/model';
import { clusterKinds, type TestCluster } from './helpers/clusters';
import { consumeUntil, produce, randomName, waitFor } from './helpers/kafka-io';
import { testTopology } from './helpers/test-topology';
import { tempStateDir } from './helpers/state-dir';


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
    const app = new KafkaStreams(testTopology({ input, output }), { stateDir: tempStateDir(), applicationId: appId, bootstrapServers: cluster.brokers, commitIntervalMs: 200, metricsSink: (l) => lines.push(l) });
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

  test('per-node metrics: NDJSON metrics events carry records in/out and errors keyed by node name', async () => {
    const input = randomName('in');
    const output = randomName('out');
    const values = Array.from({ length: 40 }, (_, i) => ({ key: `k${i % 5}`, value: i === 7 ? 'poison' : `v${i}` }));
    await produce(cluster.brokers, input, values);
    const lines: string[] = [];
    const app = new KafkaStreams(testTopology({ input, output, poison: 'poison' }), {
      stateDir: tempStateDir(), applicationId: randomName('app'), bootstrapServers: cluster.brokers, commitIntervalMs: 200, metricsIntervalMs: 100,
      processingExceptionHandler: 'continue', metricsSink: (l) => lines.push(l),
    });
    await app.start();
    await consumeUntil(cluster.brokers, output, (r) => r.length >= values.length - 1);
    assert.equal(await app.close({ timeoutMs: 20000 }), true);
    const events = lines.map((l) => JSON.parse(l) as StreamsEvent);
    const last = events.filter((e) => e.type === 'metrics').pop();
    assert.ok(last !== undefined && last.type === 'metrics');
    const counts = Object.entries(last.metrics.nodes).map(([node, n]) => `${node} in ${n.recordsIn} out ${n.recordsOut} errors ${n.errors}`).sort();
    assert.deepEqual(counts, [
      'KSTREAM-MAPVALUES-0000000001 in 40 out 39 errors 1',
      'KSTREAM-SINK-0000000002 in 39 out 39 errors 0',
      'KSTREAM-SOURCE-0000000000 in 40 out 40 errors 0',
    ]);
    assert.equal(last.metrics.topics[input]?.recordsIn, 40);
    assert.equal(last.metrics.topics[output]?.recordsOut, 39);
    assert.equal(last.metrics.skipped.processing, 1);
    // Running snapshots show the same nodes while tasks are live (the graph panel's records/s).
    assert.ok(events.some((e) => e.type === 'metrics' && e.metrics.state === 'RUNNING' && (e.metrics.nodes['KSTREAM-SOURCE-0000000000']?.recordsIn ?? 0) > 0));
  });
});

for (const kind of clusterKinds) describe(`${kind.name}: threads`, () => {
  let cluster: TestCluster;
  before(async () => { cluster = await kind.start(); });
  after(async () => { await cluster.close(); });

  test('numStreamThreads: 2 makes two group members that split the four tasks', async () => {
    const input = randomName('in');
    const output = randomName('out');
    await produce(cluster.brokers, input, Array.from({ length: 100 }, (_, i) => ({ key: `k${i}`, value: `v${i}` })));
    const app = new KafkaStreams(testTopology({ input, output }), { stateDir: tempStateDir(), applicationId: randomName('app'), bootstrapServers: cluster.brokers, numStreamThreads: 2, commitIntervalMs: 100 });
    await app.start();
    await stateOf(app, 'RUNNING', 60000);
    const got = await consumeUntil(cluster.brokers, output, (r) => r.length >= 100);
    assert.equal(new Set(got.map((r) => r.value)).size, 100);
    const threads = app.metrics().assignment;
    assert.equal(threads.length, 2);
    assert.deepEqual(threads.map((t) => t.tasks.length), [2, 2]);
    assert.deepEqual(threads.flatMap((t) => t.tasks).sort(), ['0_0', '0_1', '0_2', '0_3']);
    await app.close();
  });
});

test('without bootstrapServers the app starts an embedded dev cluster and closes it with itself', async () => {
  const app = new KafkaStreams(testTopology({ input: 'embedded-in', output: 'embedded-out' }), { stateDir: tempStateDir(), applicationId: randomName('embedded') });
  await app.start();
  await stateOf(app, 'RUNNING');
  const brokers = app.bootstrapServers ?? [];
  assert.match(brokers[0] ?? '', /^127\.0\.0\.1:\d+$/);
  await produce(brokers, 'embedded-in', [{ key: 'a', value: 'hello' }]);
  const [r] = await consumeUntil(brokers, 'embedded-out', (x) => x.length >= 1);
  assert.equal(r?.value, 'HELLO');
  await app.close();
  assert.equal(app.bootstrapServers, undefined);
});

test('a bad config fails in the constructor with a specific message', () => {
  assert.throws(() => new KafkaStreams(testTopology({ input: 'a', output: 'b' }), { applicationId: 'has space' }), /applicationId "has space" is not legal/);
});

test('producers: exactly_once_v2 uses one transactional producer per thread and no app-level producer; at_least_once the reverse', async () => {
  const { startDevCluster } = await import('streamwise/devcluster');
  const { createKafkaClient } = await import('streamwise');
  const cluster = await startDevCluster({ port: 0, defaultPartitions: 4 });
  try {
    for (const guarantee of ['exactly_once_v2', 'at_least_once'] as const) {
      const input = randomName('in');
      const output = randomName('out');
      await produce(cluster.bootstrapServers, input, [{ key: 'k', value: 'v' }]);
      const made: string[] = [];
      // The real kafkajs client, counting what the app asks it for.
      const app = new KafkaStreams(testTopology({ input, output }), { stateDir: tempStateDir(), applicationId: randomName('app'), bootstrapServers: cluster.bootstrapServers, numStreamThreads: 2, processingGuarantee: guarantee }, {
        clientFactory: (o) => {
          const client = createKafkaClient(o);
          return {
            ...client,
            producer: (p) => { made.push('producer'); return client.producer(p); },
            transactionalProducer: (p) => { made.push(`transactional ${p.transactionalId}`); return client.transactionalProducer(p); },
          };
        },
      });
      await app.start();
      await stateOf(app, 'RUNNING', 60000);
      await consumeUntil(cluster.bootstrapServers, output, (r) => r.length >= 1);
      await app.close();
      const id = app.config.instanceId;
      const appId = app.config.applicationId;
      assert.deepEqual(made.sort(), guarantee === 'exactly_once_v2' ? [`transactional ${appId}-${id}-1`, `transactional ${appId}-${id}-2`] : ['producer']);
    }
  } finally {
    await cluster.close();
  }
});
