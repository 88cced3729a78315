// Under exactly_once_v2 a new task starts from the stable committed offsets (KIP-447): while the
// previous owner's transaction still holds offsets of the task's partition, the new owner waits
// for it to end instead of starting from the older commit (and reprocessing what that transaction
// commits). Here the previous owner is a bare transactional producer holding offset 10 of an input
// whose group has no commit yet: without the wait the app would start at the earliest offset.
import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { createKafkaClient, KafkaStreams, silentLogger } from 'streamwise';
import { rand, startTestCluster } from '../devcluster/helpers';
import { createTopics, produce } from './helpers/kafka-io';
import { readCommitted } from './helpers/read-committed';
import { testTopology } from './helpers/test-topology';

let cluster: Awaited<ReturnType<typeof startTestCluster>>;
before(async () => { cluster = await startTestCluster(); });
after(async () => { await cluster.close(); });

test('exactly_once_v2: a task waits for the stable offsets a previous owner\'s open transaction holds, then starts there', async () => {
  const brokers = cluster.bootstrapServers;
  const [input, output, appId] = [rand('in'), rand('out'), rand('stable-start')];
  await createTopics(brokers, [input, output], 1);
  await produce(brokers, input, Array.from({ length: 10 }, (_, i) => ({ key: 'k', value: `old${i}` })));
  const client = createKafkaClient({ brokers, clientId: rand('prev-owner'), logger: silentLogger });
  const previous = client.transactionalProducer({ transactionalId: rand('prev-owner'), transactionTimeoutMs: 60000 });
  await previous.connect();
  // It processed old0..old9 (its output is not part of this test) and holds their offsets.
  await previous.sendOffsets([{ topic: input, partition: 0, offset: 10 }], { groupId: appId, memberId: '', generationId: -1 });
  const app = new KafkaStreams(testTopology({ input, output }), { applicationId: appId, instanceId: 'b', bootstrapServers: brokers, processingGuarantee: 'exactly_once_v2', autoOffsetReset: 'earliest' });
  const assigned = new Promise<void>((resolve) => {
    app.events.on('event', (e: { type: string; tasks?: string[] }) => { if (e.type === 'assignment' && (e.tasks?.length ?? 0) > 0) resolve(); });
  });
  try {
    await app.start();
    await assigned;
    await produce(brokers, input, Array.from({ length: 5 }, (_, i) => ({ key: 'k', value: `new${i}` })));
    await previous.commit();
    const out = await readCommitted(brokers, output, { until: (r) => r.some((x) => x.value === 'NEW4') });
    assert.deepEqual(out.map((r) => r.value), ['NEW0', 'NEW1', 'NEW2', 'NEW3', 'NEW4'], 'nothing before the offset the previous owner committed');
  } finally {
    await app.close({ timeoutMs: 20000 });
    await previous.disconnect();
  }
});
