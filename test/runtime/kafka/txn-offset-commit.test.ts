// TxnOffsetCommit v3 (KIP-447) through the kafkajs adapter against the dev cluster: the group
// metadata (member id, generation) reaches the group coordinator, so offsets of a member whose
// generation is over are refused even when its transactional id is not the new owner's (a zombie
// of a different instance: producer fencing cannot stop it).
import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { CommitFailedError, createKafkaClient, silentLogger, type BatchContext, type GroupAssignor, type GroupConsumer, type GroupMetadata, type KafkaClient } from 'streamwise';
import { rand, startTestCluster } from '../devcluster/helpers';

type Cluster = Awaited<ReturnType<typeof startTestCluster>>;
let cluster: Cluster;
let client: KafkaClient;
before(async () => {
  cluster = await startTestCluster();
  client = createKafkaClient({ brokers: cluster.bootstrapServers, clientId: rand('txn-v3'), logger: silentLogger });
});
after(async () => { await cluster.close(); });

/** Every partition to one member: the first to join, then (once `zombie` names the first) the other one. */
function oneOwner(zombie: () => string): GroupAssignor {
  return {
    name: 'one-owner',
    userData: () => Buffer.alloc(0),
    assign(members, counts) {
      const owner = members.find((m) => m.memberId !== zombie()) ?? members[0];
      const all = Object.fromEntries([...counts].map(([t, n]) => [t, Array.from({ length: n }, (_, i) => i)]));
      return new Map(members.map((m) => [m.memberId, { assignment: m === owner ? all : {}, userData: Buffer.alloc(0) }]));
    },
  };
}

/** A member that reports each batch's group metadata (the generation its transaction belongs to). */
async function member(groupId: string, topic: string, assignor: GroupAssignor) {
  const consumer: GroupConsumer = client.consumer({ groupId, topics: [topic], assignor, fromBeginning: true, sessionTimeoutMs: 6000, heartbeatIntervalMs: 300 });
  const seen: GroupMetadata[] = [];
  const waiters: ((g: GroupMetadata) => void)[] = [];
  await consumer.connect();
  await consumer.run(async (batch, context: BatchContext) => {
    for (const r of batch.records) context.resolveOffset(r.offset);
    const g = context.group();
    seen.push(g);
    for (const w of waiters.splice(0)) w(g);
  }, {});
  const nextBatch = () => new Promise<GroupMetadata>((resolve) => waiters.push(resolve));
  return { consumer, seen, nextBatch };
}

async function produce(topic: string, n: number): Promise<void> {
  const p = client.producer({ idempotent: false });
  await p.connect();
  await p.send(Array.from({ length: n }, (_, i) => ({ topic, partition: 0, key: null, value: Buffer.from(`v${i}`), headers: {}, timestamp: Date.now() })));
  await p.disconnect();
}

test('a zombie of another instance whose generation is over cannot commit offsets in its transaction; the owner can', async () => {
  const topic = rand('v3-in');
  const groupId = rand('v3-app');
  await cluster.createTopic(topic, 1);
  let zombieId = '';
  const assignor = oneOwner(() => zombieId);
  const a = await member(groupId, topic, assignor);
  const firstBatch = a.nextBatch();
  await produce(topic, 3);
  const zombieGroup = await firstBatch;
  assert.ok(zombieGroup.memberId !== '' && zombieGroup.generationId >= 1, `the batch names its member and generation: ${JSON.stringify(zombieGroup)}`);

  // Another instance joins; the group moves to a new generation that hands it every partition.
  zombieId = zombieGroup.memberId;
  const b = await member(groupId, topic, assignor);
  const owned = b.nextBatch();
  await produce(topic, 1);
  const ownerGroup = await owned;
  assert.ok(ownerGroup.generationId > zombieGroup.generationId, `new generation: ${ownerGroup.generationId} > ${zombieGroup.generationId}`);

  const zombie = client.transactionalProducer({ transactionalId: rand('app-instance-a-1'), transactionTimeoutMs: 10000 });
  const owner = client.transactionalProducer({ transactionalId: rand('app-instance-b-1'), transactionTimeoutMs: 10000 });
  const admin = client.admin();
  try {
    await Promise.all([zombie.connect(), owner.connect(), admin.connect()]);
    // The zombie still believes in its old generation: the coordinator says ILLEGAL_GENERATION.
    await zombie.send([{ topic: rand('v3-out'), partition: 0, key: null, value: Buffer.from('late'), headers: {}, timestamp: Date.now() }]);
    await assert.rejects(zombie.sendOffsets([{ topic, partition: 0, offset: 3 }], zombieGroup), (e: unknown) => e instanceof CommitFailedError && /ILLEGAL_GENERATION/.test(e.message));
    await zombie.abort();
    // The owner, at the current generation, commits.
    await owner.sendOffsets([{ topic, partition: 0, offset: 4 }], ownerGroup);
    await owner.commit();
    assert.deepEqual(await admin.groupOffsets(groupId, [topic]), [{ topic, partition: 0, offset: 4 }]);

    // Once the zombie's member left the group, its member id is unknown to the coordinator.
    await a.consumer.disconnect();
    await assert.rejects(zombie.sendOffsets([{ topic, partition: 0, offset: 1 }], { ...zombieGroup, generationId: ownerGroup.generationId }),
      (e: unknown) => e instanceof CommitFailedError && /UNKNOWN_MEMBER_ID/.test(e.message));
    await zombie.abort();
    assert.deepEqual(await admin.groupOffsets(groupId, [topic]), [{ topic, partition: 0, offset: 4 }]);
  } finally {
    await Promise.allSettled([zombie.disconnect(), owner.disconnect(), admin.disconnect(), b.consumer.disconnect(), a.consumer.disconnect()]);
  }
});
