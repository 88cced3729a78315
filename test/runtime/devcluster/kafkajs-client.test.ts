// The dev cluster against kafkajs 2.2.4, a real client: admin, produce/consume, offsets, lag.
import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { CompressionTypes, Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { rand, startTestCluster, within } from './helpers';

let cluster: Awaited<ReturnType<typeof startTestCluster>>;
let kafka: Kafka;
let admin: Admin;
let producer: Producer;

before(async () => {
  cluster = await startTestCluster({ defaultPartitions: 2 });
  kafka = new Kafka({ clientId: 'kafkajs-test', brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING });
  admin = kafka.admin();
  await admin.connect();
  producer = kafka.producer();
  await producer.connect();
});

after(async () => {
  await producer.disconnect();
  await admin.disconnect();
  await cluster.close();
});

interface Got { partition: number; offset: string; key: string; value: string; headers: Record<string, string> }

async function consumeN(topic: string, groupId: string, n: number): Promise<Got[]> {
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const got: Got[] = [];
  try {
    await within(20_000, `${n} records from ${topic}`, new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
          got.push({ partition, offset: message.offset, key: String(message.key), value: String(message.value), headers });
          if (got.length === n) resolve();
        },
      });
    }));
  } finally {
    await consumer.disconnect();
  }
  return got;
}

test('admin creates, lists and deletes topics; errors for duplicates and missing topics', async () => {
  const topic = rand('admin');
  assert.equal(await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] }), true);
  assert.ok((await admin.listTopics()).includes(topic));
  const meta = await admin.fetchTopicMetadata({ topics: [topic] });
  assert.equal(meta.topics[0]?.partitions.length, 3);
  assert.equal(await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] }), false); // already exists
  await assert.rejects(admin.createTopics({ topics: [{ topic: 'bad topic!', numPartitions: 1 }] }), /invalid|Topic/i);
  await admin.deleteTopics({ topics: [topic] });
  assert.ok(!(await admin.listTopics()).includes(topic));
});

test('describeConfigs returns topic configs, defaults and those set at creation', async () => {
  const topic = rand('configs');
  await admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: '1234' }] }] });
  const res = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: topic }] });
  const entries = res.resources[0]?.configEntries ?? [];
  assert.equal(entries.find((e) => e.configName === 'retention.ms')?.configValue, '1234');
  assert.equal(entries.find((e) => e.configName === 'cleanup.policy')?.configValue, 'delete');
  assert.equal(entries.find((e) => e.configName === 'cleanup.policy')?.isDefault, true);
  const some = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: topic, configNames: ['retention.ms'] }] });
  assert.deepEqual(some.resources[0]?.configEntries.map((e) => e.configName), ['retention.ms']);
});

test('produce and consume with keys and headers, gzip too, in offset order per partition', async () => {
  const topic = rand('keys');
  await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
  await producer.send({ topic, messages: [
    { key: 'a', value: 'one', headers: { trace: 't1' }, partition: 0 },
    { key: 'b', value: 'two', partition: 1 },
  ] });
  await producer.send({ topic, compression: CompressionTypes.GZIP, messages: [
    { key: 'a', value: 'three', headers: { trace: 't3', codec: 'gzip' }, partition: 0 },
  ] });
  const got = await consumeN(topic, rand('g'), 3);
  const p0 = got.filter((g) => g.partition === 0);
  assert.deepEqual(p0.map((g) => [g.offset, g.key, g.value]), [['0', 'a', 'one'], ['1', 'a', 'three']]);
  assert.deepEqual(p0[0]?.headers, { trace: 't1' });
  assert.deepEqual(p0[1]?.headers, { trace: 't3', codec: 'gzip' });
  assert.deepEqual(got.filter((g) => g.partition === 1).map((g) => [g.offset, g.key, g.value]), [['0', 'b', 'two']]);
});

test('committed offsets are read back and lag comes from fetchOffsets and fetchTopicOffsets', async () => {
  const topic = rand('lag');
  const groupId = rand('lag-group');
  await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
  const messages = Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: `v${i}`, partition: i % 2 }));
  await producer.send({ topic, messages });
  await consumeN(topic, groupId, 10);
  // Five more after the group stopped: lag is 5 in all.
  await producer.send({ topic, messages: messages.slice(0, 5) });
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const ends = await admin.fetchTopicOffsets(topic);
  assert.deepEqual(committed?.partitions.map((p) => [p.partition, p.offset]).sort(), [[0, '5'], [1, '5']]);
  let lag = 0;
  for (const end of ends) {
    const c = committed?.partitions.find((p) => p.partition === end.partition);
    lag += Number(end.high) - Number(c?.offset ?? 0);
  }
  assert.equal(lag, 5);
  const earliest = await admin.fetchTopicOffsetsByTimestamp(topic, 0);
  assert.deepEqual(earliest.map((e) => e.offset).sort(), ['0', '0']);
  const described = await admin.describeGroups([groupId]);
  assert.equal(described.groups[0]?.state, 'Empty');
  assert.ok((await admin.listGroups()).groups.some((g) => g.groupId === groupId));
});

test('idempotent producers get ids and their records are stored once', async () => {
  const topic = rand('idem');
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
  const idem = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await idem.connect();
  try {
    for (let i = 0; i < 3; i++) await idem.send({ topic, messages: [{ key: 'k', value: `v${i}` }] });
  } finally {
    await idem.disconnect();
  }
  const [end] = await admin.fetchTopicOffsets(topic);
  assert.equal(end?.high, '3');
});
