// repartition({ numberOfPartitions, streamPartitioner }) on the embedded dev cluster: cases of
// Kafka's KStreamRepartitionIntegrationTest (each named below).
import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { startDevCluster } from 'streamwise/devcluster';
import { JoinWindows, KafkaStreams, Serdes, StreamsBuilder } from 'streamwise';
import { consumeUntil, createTopics, kafka, produce, randomName } from '../streams/helpers/kafka-io';
import { tempStateDir } from '../streams/helpers/state-dir';

let cluster: { bootstrapServers: string[]; close(): Promise<void> };
before(async () => { cluster = await startDevCluster({ port: 0, defaultPartitions: 4 }); });
after(async () => { await cluster.close(); });

async function partitionsOf(topic: string): Promise<number | undefined> {
  const admin = kafka(cluster.bootstrapServers).admin();
  await admin.connect();
  try {
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    return meta.topics[0]?.partitions.length;
  } finally {
    await admin.disconnect();
  }
}

// shouldCreateRepartitionTopicWithSpecifiedNumberOfPartitions + shouldUseStreamPartitionerForRepartitionOperation.
test('on the dev cluster: the repartition topic gets numberOfPartitions, the stream partitioner places every record, counts are right', async () => {
  const t = { input: randomName('input'), output: randomName('output') };
  await createTopics(cluster.bootstrapServers, [t.input]);
  let invocations = 0;
  const b = new StreamsBuilder();
  b.stream(t.input)
    .repartition({ name: 'new-partitions', numberOfPartitions: 2, streamPartitioner: () => (invocations++, 1) })
    .groupByKey()
    .count()
    .toStream()
    .to(t.output, { valueSerde: Serdes.Long() });
  const appId = randomName('repartitioned');
  await produce(cluster.bootstrapServers, t.input, [{ key: '1', value: 'A' }, { key: '2', value: 'B' }, { key: '1', value: 'C' }]);
  const app = new KafkaStreams(b.build(), { stateDir: tempStateDir(), applicationId: appId, bootstrapServers: cluster.bootstrapServers, commitIntervalMs: 100 });
  await app.start();
  try {
    const repartitionTopic = `${appId}-new-partitions-repartition`;
    assert.equal(await partitionsOf(repartitionTopic), 2);
    const out = await consumeUntil(cluster.bootstrapServers, t.output, (r) => r.length >= 3);
    const last = new Map(out.map((r) => [r.key, r.valueBytes?.readBigInt64BE(0)]));
    assert.deepEqual([...last].sort(), [['1', 2n], ['2', 1n]]);
    const onRepartition = await consumeUntil(cluster.bootstrapServers, repartitionTopic, (r) => r.length >= 3);
    assert.deepEqual(onRepartition.map((r) => r.partition), [1, 1, 1]);
    assert.equal(invocations, 3);
  } finally {
    assert.equal(await app.close({ timeoutMs: 30000 }), true);
  }
});

// shouldThrowAnExceptionWhenNumberOfPartitionsOfRepartitionOperationDoNotMatchSourceTopicWhenJoining.
test('on the dev cluster: a numberOfPartitions that differs from the joined source topic fails the start with Kafka\'s message', async () => {
  const t = { input: randomName('input'), topicB: randomName('topic-b'), output: randomName('output') };
  await createTopics(cluster.bootstrapServers, [t.input]);
  await createTopics(cluster.bootstrapServers, [t.topicB], 6);
  const b = new StreamsBuilder();
  const topicB = b.stream(t.topicB);
  b.stream(t.input)
    .repartition({ name: 'join-repartition-test', numberOfPartitions: 2 })
    .join(topicB, (_v1, v2) => v2, JoinWindows.ofTimeDifferenceWithNoGrace(10_000))
    .to(t.output);
  const appId = randomName('mismatch');
  const app = new KafkaStreams(b.build(), { stateDir: tempStateDir(), applicationId: appId, bootstrapServers: cluster.bootstrapServers });
  await assert.rejects(app.start(), (e: Error) => {
    assert.equal(e.name, 'CopartitionError');
    assert.equal(e.message, `Number of partitions [2] of repartition topic [${appId}-join-repartition-test-repartition] doesn't match number of partitions [6] of the source topic.`);
    return true;
  });
  await app.close({ timeoutMs: 30000 });
});
