// OffsetFetch v7 require_stable (KIP-447) through the kafkajs adapter against the dev cluster:
// offsets an open transaction holds are not answered until it ends (commit: the new offset, abort:
// the old one), so a task's new owner cannot start from offsets the previous owner's transaction
// is about to replace. A plain fetch answers the last committed offset at once.
import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { createKafkaClient, silentLogger, type KafkaClient, type StreamsAdmin } from 'streamwise';
import { rand, startTestCluster } from '../devcluster/helpers';

let cluster: Awaited<ReturnType<typeof startTestCluster>>;
let client: KafkaClient;
let admin: StreamsAdmin;
before(async () => {
  cluster = await startTestCluster();
  client = createKafkaClient({ brokers: cluster.bootstrapServers, clientId: rand('stable'), logger: silentLogger });
  admin = client.admin();
  await admin.connect();
});
after(async () => {
  await admin.disconnect();
  await cluster.close();
});

const offsetOf = async (groupId: string, topic: string, options: { requireStable?: boolean; timeoutMs?: number } = {}) =>
  (await admin.groupOffsets(groupId, [topic], options)).find((o) => o.partition === 0)?.offset;

for (const end of ['commit', 'abort'] as const) {
  test(`a stable fetch waits while a transaction holds the offsets, then answers what its ${end} decided`, async () => {
    const topic = rand('stable-in');
    const groupId = rand('stable-app');
    await cluster.createTopic(topic, 1);
    const tx = client.transactionalProducer({ transactionalId: rand('stable-tx'), transactionTimeoutMs: 60000 });
    await tx.connect();
    try {
      await tx.sendOffsets([{ topic, partition: 0, offset: 5 }], { groupId, memberId: '', generationId: -1 });
      await tx.commit();
      assert.equal(await offsetOf(groupId, topic, { requireStable: true }), 5, 'no transaction open: answered at once');
      await tx.sendOffsets([{ topic, partition: 0, offset: 9 }], { groupId, memberId: '', generationId: -1 });
      assert.equal(await offsetOf(groupId, topic), 5, 'a plain fetch answers the last committed offset');
      await assert.rejects(offsetOf(groupId, topic, { requireStable: true, timeoutMs: 300 }), (e: unknown) => typeof e === 'object' && e !== null && 'type' in e && e.type === 'UNSTABLE_OFFSET_COMMIT');
      const stable = offsetOf(groupId, topic, { requireStable: true });
      await (end === 'commit' ? tx.commit() : tx.abort());
      assert.equal(await stable, end === 'commit' ? 9 : 5);
    } finally {
      await tx.disconnect();
    }
  });
}
