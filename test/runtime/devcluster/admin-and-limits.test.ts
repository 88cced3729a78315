// Admin APIs (CreatePartitions, DeleteRecords, AlterConfigs, DeleteGroups, OffsetDelete,
// DescribeCluster) through kafkajs or the wire, and Kafka's limits: record batch size, topic names,
// retention by size with the log start offset moving, idle connections.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { frame, rand, RawClient, startTestCluster, within } from './helpers';
import { commitRaw } from './storage/raw-commit';

type Cluster = Awaited<ReturnType<typeof startTestCluster>>;
let cluster: Cluster;
const dataDir = mkdtempSync(join(tmpdir(), 'streamwise-admin-'));
before(async () => { cluster = await startTestCluster({ dataDir, retentionCheckIntervalMs: 50 }); });
after(async () => { await cluster.close(); rmSync(dataDir, { recursive: true, force: true }); });
const kafka = () => new Kafka({ clientId: 'admin-test', brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING, retry: { retries: 2 } });

test('CreatePartitions grows a topic (never shrinks it); DeleteRecords moves the log start offset', async () => {
  const topic = rand('grow');
  const admin = kafka().admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
  await admin.createPartitions({ topicPartitions: [{ topic, count: 3 }] });
  assert.equal((await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]?.partitions.length, 3);
  await assert.rejects(admin.createPartitions({ topicPartitions: [{ topic, count: 2 }] }), /partitions|INVALID_PARTITIONS/i);
  const producer = kafka().producer();
  await producer.connect();
  await producer.send({ topic, acks: -1, messages: Array.from({ length: 10 }, (_, i) => ({ value: `v${i}`, partition: 0 })) });
  await producer.disconnect();
  await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '6' }] });
  const offsets = (await admin.fetchTopicOffsets(topic)).find((o) => o.partition === 0);
  assert.deepEqual([offsets?.low, offsets?.high], ['6', '10']);
  await admin.disconnect();
});

test('AlterConfigs changes topic configs (validated); DescribeConfigs shows them with their defaults', async () => {
  const topic = rand('cfg');
  const admin = kafka().admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
  await admin.alterConfigs({ validateOnly: false, resources: [{ type: 2, name: topic, configEntries: [{ name: 'retention.ms', value: '12345' }] }] });
  const described = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: topic, configNames: ['retention.ms', 'max.message.bytes'] }] });
  assert.deepEqual(described.resources[0]?.configEntries.map((e) => [e.configName, e.configValue]).sort(), [['max.message.bytes', '1048588'], ['retention.ms', '12345']]);
  await assert.rejects(admin.alterConfigs({ validateOnly: false, resources: [{ type: 2, name: topic, configEntries: [{ name: 'retention.ms', value: 'soon' }] }] }), /INVALID_CONFIG|invalid/i);
  await admin.disconnect();
});

test('DeleteGroups and OffsetDelete remove committed offsets; DescribeCluster names the one broker', async () => {
  const topic = rand('grp');
  const group = rand('g');
  await cluster.createTopic(topic, 2);
  assert.equal(await commitRaw(cluster.port, group, topic, 0, 3), 0);
  assert.equal(await commitRaw(cluster.port, group, topic, 1, 4), 0);
  const admin = kafka().admin();
  await admin.connect();
  // OffsetDelete over the wire (kafkajs has no call for it): group, [topic, [partition]].
  const raw = new RawClient(cluster.port);
  const str = (s: string) => { const b = Buffer.from(s); const h = Buffer.alloc(2); h.writeInt16BE(b.length); return Buffer.concat([h, b]); };
  const i32 = (n: number) => { const b = Buffer.alloc(4); b.writeInt32BE(n); return b; };
  raw.send(frame(47, 0, 9, Buffer.concat([str(group), i32(1), str(topic), i32(1), i32(1)])));
  const res = await within(5000, 'OffsetDelete', raw.next());
  raw.close();
  assert.equal(res.readInt16BE(4), 0);
  const left = (await admin.fetchOffsets({ groupId: group, topics: [topic] }))[0]?.partitions.map((p) => [p.partition, p.offset]).sort();
  assert.deepEqual(left, [[0, '3'], [1, '-1']]);
  await admin.deleteGroups([group]);
  assert.ok(!(await admin.listGroups()).groups.some((g) => g.groupId === group));
  const desc = await admin.describeCluster();
  assert.deepEqual(desc.brokers.map((b) => b.port), [cluster.port]);
  await admin.disconnect();
});

test('message.max.bytes: a batch over the topic limit is answered MESSAGE_TOO_LARGE and appends nothing', async () => {
  const topic = rand('big');
  const admin = kafka().admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'max.message.bytes', value: '2000' }] }] });
  const producer = new Kafka({ clientId: 'big', brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING, retry: { retries: 0 } }).producer();
  await producer.connect();
  await assert.rejects(producer.send({ topic, acks: -1, messages: [{ value: 'x'.repeat(5000) }] }), (e: Error & { type?: string; cause?: { type?: string } }) => e.type === 'MESSAGE_TOO_LARGE' || e.cause?.type === 'MESSAGE_TOO_LARGE');
  await producer.send({ topic, acks: -1, messages: [{ value: 'small' }] });
  assert.equal((await admin.fetchTopicOffsets(topic))[0]?.high, '1');
  await producer.disconnect();
  await admin.disconnect();
});

test("topic names follow Kafka's rules; a 249-character name with 100 partitions gets valid file names", async () => {
  const admin = kafka().admin();
  await admin.connect();
  for (const bad of ['a/b', '..', 'x'.repeat(250), 'has space']) {
    await assert.rejects(admin.createTopics({ topics: [{ topic: bad, numPartitions: 1 }] }),
      (e: Error & { errors?: { type?: string }[] }) => e.errors?.[0]?.type === 'INVALID_TOPIC_EXCEPTION', bad);
  }
  const long = rand('L').padEnd(249, 'x');
  assert.equal(long.length, 249);
  await admin.createTopics({ topics: [{ topic: long, numPartitions: 100 }] });
  const producer = kafka().producer();
  await producer.connect();
  await producer.send({ topic: long, acks: -1, messages: [{ value: 'first', partition: 0 }, { value: 'last', partition: 99 }] });
  await producer.disconnect();
  for (const name of readdirSync(join(dataDir, 'logs'))) assert.ok(name.length <= 40, `short folder names: ${name}`);
  assert.equal((await admin.fetchTopicOffsets(long)).find((o) => o.partition === 99)?.high, '1');
  await admin.disconnect();
});

test('retention.bytes: old segments go, the log start offset moves, the newest data stays readable', async () => {
  const topic = rand('ret');
  const admin = kafka().admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'segment.bytes', value: '2048' }, { name: 'retention.bytes', value: '4096' }] }] });
  const producer = kafka().producer();
  await producer.connect();
  for (let i = 0; i < 40; i++) await producer.send({ topic, acks: -1, messages: [{ value: `${i}-${'y'.repeat(400)}` }] });
  await producer.disconnect();
  const moved = await within(10_000, 'retention', (async () => {
    for (;;) {
      const o = (await admin.fetchTopicOffsets(topic))[0];
      // Retention may already have run while producing: wait for the run after the last record.
      if (Number(o?.low) >= 20) return o;
      await new Promise((r) => { setTimeout(r, 50); });
    }
  })());
  assert.equal(moved?.high, '40');
  assert.ok(Number(moved?.low) >= 20, `log start offset ${moved?.low}`);
  await admin.disconnect();
});

test('connections.max.idle.ms: an idle connection is closed, others keep working', async () => {
  const idle = await startTestCluster({ connectionsMaxIdleMs: 200 });
  try {
    const raw = new RawClient(idle.port);
    await within(5000, 'idle close', raw.closed);
    assert.ok(idle.lines.some((l) => l.message.includes('connections.max.idle.ms')));
  } finally {
    await idle.close();
  }
});
