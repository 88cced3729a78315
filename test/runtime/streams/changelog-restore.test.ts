// A stateful count survives a restart: the store is rebuilt from its changelog topic.
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { KafkaStreams } from 'streamwise';
import { clusterKinds, type TestCluster } from './helpers/clusters';
import { consumeUntil, produce, randomName } from './helpers/kafka-io';
import { testTopology } from './helpers/test-topology';

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
      const app = new KafkaStreams(testTopology({ input, output, count: true }), { applicationId: appId, bootstrapServers: cluster.brokers, commitIntervalMs: 100 });
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
});
