// GlobalKTable on the embedded dev cluster (4 partitions per topic): the global store is restored
// from its topic before any stream record is processed, follows updates while running, and is
// restored again after a restart; every instance holds every key.
import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { startDevCluster } from 'streamwise/devcluster';
import { KafkaStreams, StreamsBuilder } from 'streamwise';
import { consumeUntil, createTopics, produce, randomName } from '../streams/helpers/kafka-io';
import { tempStateDir } from '../streams/helpers/state-dir';

let cluster: { bootstrapServers: string[]; close(): Promise<void> };
before(async () => { cluster = await startDevCluster({ port: 0, defaultPartitions: 4 }); });
after(async () => { await cluster.close(); });

test('on the dev cluster: a GlobalKTable join sees the whole table before processing, follows updates, and restores after a restart', async () => {
  const customers = randomName('customers');
  const orders = randomName('orders');
  const out = randomName('enriched');
  const appId = randomName('global');
  await createTopics(cluster.bootstrapServers, [customers, orders]);
  const ids = Array.from({ length: 8 }, (_, i) => `c${i}`);
  await produce(cluster.bootstrapServers, customers, ids.map((id) => ({ key: id, value: `name-${id}` })));
  // Orders are keyed by order id (spread over partitions); the customer id is in the value.
  await produce(cluster.bootstrapServers, orders, ids.map((id, i) => ({ key: `o${i}`, value: id })));
  const topology = () => {
    const b = new StreamsBuilder();
    const table = b.globalTable(customers, { name: 'customers-store' });
    b.stream(orders).join(table, (_k, customerId) => customerId, (customerId, name) => `${customerId}:${name}`).to(out);
    return b.build();
  };

  const first = new KafkaStreams(topology(), { stateDir: tempStateDir(), applicationId: appId, bootstrapServers: cluster.bootstrapServers, commitIntervalMs: 100 });
  await first.start();
  try {
    const got = await consumeUntil(cluster.bootstrapServers, out, (r) => r.length >= ids.length);
    // Every order found its customer: the store was complete before the first order was processed.
    assert.deepEqual(got.map((r) => r.value).sort(), ids.map((id) => `${id}:name-${id}`).sort());
    assert.equal(first.store<string, string>('customers-store').all().length, ids.length);
    // An update while running reaches later joins.
    await produce(cluster.bootstrapServers, customers, [{ key: 'c0', value: 'renamed' }]);
    await waitUntil(() => first.store<string, string>('customers-store').get('c0') === 'renamed');
    await produce(cluster.bootstrapServers, orders, [{ key: 'o-late', value: 'c0' }]);
    await consumeUntil(cluster.bootstrapServers, out, (r) => r.some((x) => x.value === 'c0:renamed'));
  } finally {
    assert.equal(await first.close({ timeoutMs: 30000 }), true);
  }

  // Restart: the store is rebuilt from the topic (its changelog) before processing resumes.
  await produce(cluster.bootstrapServers, customers, [{ key: 'c9', value: 'new' }]);
  await produce(cluster.bootstrapServers, orders, [{ key: 'o-after', value: 'c9' }, { key: 'o-after2', value: 'c1' }]);
  const second = new KafkaStreams(topology(), { stateDir: tempStateDir(), applicationId: appId, bootstrapServers: cluster.bootstrapServers, commitIntervalMs: 100 });
  await second.start();
  try {
    assert.equal(second.store<string, string>('customers-store').get('c0'), 'renamed', 'restored before start() resolved');
    const total = ids.length + 3;
    const got = await consumeUntil(cluster.bootstrapServers, out, (r) => r.length >= total && r.some((x) => x.value === 'c9:new') && r.some((x) => x.key === 'o-after2'));
    assert.ok(got.some((r) => r.key === 'o-after2' && r.value === 'c1:name-c1'));
    // Committed offsets: each of the first run's orders was joined once.
    for (let i = 0; i < ids.length; i++) assert.equal(got.filter((r) => r.key === `o${i}`).length, 1, `o${i}`);
  } finally {
    assert.equal(await second.close({ timeoutMs: 30000 }), true);
  }
});

/** Resolves when `check` holds; checks again on each timer tick (the store updates on its own timer). */
async function waitUntil(check: () => boolean, timeoutMs = 20000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the global store to update');
    await new Promise((r) => setTimeout(r, 50));
  }
}
