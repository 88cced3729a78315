// A stateful count survives a restart: the store is rebuilt from its changelog topic.
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { createKafkaClient, KafkaStreams, silentLogger } from 'streamwise';
import { startTestCluster } from '../devcluster/helpers';
import { clusterKinds, type TestCluster } from './helpers/clusters';
import { consumeUntil, createTopics, produce, randomName } from './helpers/kafka-io';
import { readCommitted } from './helpers/read-committed';
import { testTopology } from './helpers/test-topology';
import { tempStateDir } from './helpers/state-dir';

for (const kind of clusterKinds) describe(kind.name, () => {
  let cluster: TestCluster;
  before(async () => { cluster = await kind.start(); });
  after(async () => { await cluster.close(); });

  test('a count store is restored from <appId>-counts-changelog after a restart', async () => {
    const input = randomName('in');
    const output = randomName('out');
    const appId = randomName('counter');
    const keys = ['a', 'b', 'c', 'd', 'e'];
    const round = (n: number) => Array.from({ length: n }, (_, i) => ({ key: keys[i % keys.length] ?? 'a', value: `x${i}` }));
    const latest = (records: { key: string | null; value: string | null }[]) => {
      const m = new Map<string, number>();
      for (const r of records) if (r.key !== null) m.set(r.key, Math.max(m.get(r.key) ?? 0, Number(r.value)));
      return m;
    };
    const run = async (count: number, expectEach: number) => {
      const app = new KafkaStreams(testTopology({ input, output, count: true }), { stateDir: tempStateDir(), applicationId: appId, bootstrapServers: cluster.brokers, commitIntervalMs: 100 });
      await produce(cluster.brokers, input, round(count));
      await app.start();
      const got = await consumeUntil(cluster.brokers, output, (r) => keys.every((k) => latest(r).get(k) === expectEach));
      // Interactive query: this instance owns every task, so it sees every key.
      for (const k of keys) assert.equal(app.store<string, number>('counts').get(k), expectEach);
      assert.equal(app.store('counts').all().length, keys.length);
      assert.equal(await app.close({ timeoutMs: 30000 }), true);
      return got;
    };
    await run(50, 10);
    const got = await run(25, 15);
    assert.ok(!got.some((r) => Number(r.value) > 15), 'no count beyond the input');
  });

  test('task migration: a joining instance restores the tasks it takes over from their changelogs', async () => {
    const input = randomName('in');
    const output = randomName('out');
    const appId = randomName('counter');
    const keys = Array.from({ length: 12 }, (_, i) => `key${i}`);
    const round = () => keys.map((key) => ({ key, value: 'x' }));
    const latest = (records: { key: string | null; value: string | null }[]) => {
      const m = new Map<string, number>();
      for (const r of records) if (r.key !== null) m.set(r.key, Math.max(m.get(r.key) ?? 0, Number(r.value)));
      return m;
    };
    const make = (instanceId: string) => new KafkaStreams(testTopology({ input, output, count: true }), { applicationId: appId, bootstrapServers: cluster.brokers, commitIntervalMs: 100, instanceId });
    await produce(cluster.brokers, input, [...round(), ...round()]);
    const a = make('a');
    await a.start();
    await consumeUntil(cluster.brokers, output, (r) => keys.every((k) => latest(r).get(k) === 2));
    const b = make('b');
    const bTasks = new Promise<void>((resolve) => {
      b.events.on('event', (e: { type: string; tasks?: string[] }) => { if (e.type === 'assignment' && (e.tasks?.length ?? 0) === 2) resolve(); });
    });
    await b.start();
    await bTasks;
    await produce(cluster.brokers, input, round());
    await consumeUntil(cluster.brokers, output, (r) => keys.every((k) => latest(r).get(k) === 3), 90000);
    // Each instance answers for its own keys; together they hold every key, each counted 3 times.
    const held = [...a.store<string, number>('counts').all(), ...b.store<string, number>('counts').all()];
    assert.equal(held.length, keys.length);
    assert.ok(held.every(([, n]) => n === 3));
    assert.ok(b.store('counts').all().length > 0, 'b restored the stores of the tasks it took over');
    await Promise.all([a.close({ timeoutMs: 30000 }), b.close({ timeoutMs: 30000 })]);
  });
});

// exactly_once_v2: the restore ends at the log end offset, not at the last stable offset. A zombie's
// transaction open at the changelog's start pins the LSO at 0 while the interim owner's committed
// count (5) sits above it; a restore that stopped at the LSO would start the count from nothing.
describe('exactly_once_v2 restore past another producer\'s open transaction (dev cluster)', () => {
  let cluster: Awaited<ReturnType<typeof startTestCluster>>;
  before(async () => { cluster = await startTestCluster(); });
  after(async () => { await cluster.close(); });

  test('the restore waits for the open transaction to end and keeps what the interim owner committed above it', async () => {
    const brokers = cluster.bootstrapServers;
    const [input, output, appId] = [randomName('in'), randomName('out'), randomName('eos-restore')];
    const changelog = `${appId}-counts-changelog`;
    await createTopics(brokers, [input, output, changelog], 1);
    await produce(brokers, input, Array.from({ length: 5 }, () => ({ key: 'k', value: 'x' })));
    const client = createKafkaClient({ brokers, clientId: randomName('owners'), logger: silentLogger });
    const count = (n: number) => { const b = Buffer.alloc(8); b.writeBigInt64BE(BigInt(n)); return b; };
    const record = (n: number) => ({ topic: changelog, partition: 0, key: Buffer.from('k'), value: count(n), headers: {}, timestamp: Date.now() });
    const zombie = client.transactionalProducer({ transactionalId: randomName('zombie'), transactionTimeoutMs: 60000 });
    const interim = client.transactionalProducer({ transactionalId: randomName('interim'), transactionTimeoutMs: 60000 });
    await zombie.connect();
    await interim.connect();
    const app = new KafkaStreams(testTopology({ input, output, count: true }), { applicationId: appId, instanceId: 'new-owner', bootstrapServers: brokers, processingGuarantee: 'exactly_once_v2' });
    try {
      await zombie.send([record(1000)]);
      // The interim owner counted the 5 inputs and committed that with their offsets.
      await interim.send([record(5)]);
      await interim.sendOffsets([{ topic: input, partition: 0, offset: 5 }], { groupId: appId, memberId: '', generationId: -1 });
      await interim.commit();
      const assigned = new Promise<void>((resolve) => {
        app.events.on('event', (e: { type: string; tasks?: string[] }) => { if (e.type === 'assignment' && (e.tasks?.length ?? 0) > 0) resolve(); });
      });
      await app.start();
      await assigned;
      // The coordinator's transaction timeout would end it too; here the zombie aborts.
      await zombie.abort();
      await produce(brokers, input, [{ key: 'k', value: 'x' }]);
      const out = await readCommitted(brokers, output, { until: (r) => r.length > 0 });
      assert.deepEqual(out.map((r) => `${r.key}=${r.value}`), ['k=6']);
      assert.equal(app.store<string, number>('counts').get('k'), 6);
    } finally {
      await app.close({ timeoutMs: 20000 });
      await zombie.disconnect();
      await interim.disconnect();
    }
  });
});
