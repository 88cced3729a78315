// Admin APIs (CreatePartitions, DeleteRecords, AlterConfigs, DeleteGroups, OffsetDelete,
// DescribeCluster) through kafkajs or the wire, and Kafka's limits: record batch size, topic names,
// retention by size with the log start offset moving, idle connections.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { encodeBatch } from '../../../runtime/src/devcluster/records/records-codec';
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

test('retention.ms: segments whose newest record is older than retention go (the newest segment is rolled first); new records take the next offsets', async () => {
  const topic = rand('age');
  const allOld = rand('allold');
  const admin = kafka().admin();
  await admin.connect();
  const configEntries = [{ name: 'segment.bytes', value: '1024' }, { name: 'retention.ms', value: '60000' }];
  await admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries }, { topic: allOld, numPartitions: 1, configEntries }] });
  const producer = kafka().producer();
  await producer.connect();
  const hourAgo = String(Date.now() - 3_600_000);
  for (let i = 0; i < 20; i++) await producer.send({ topic, acks: -1, messages: [{ value: `old-${i}-${'o'.repeat(200)}`, timestamp: hourAgo }] });
  for (let i = 0; i < 5; i++) await producer.send({ topic, acks: -1, messages: [{ value: `new-${i}` }] });
  for (let i = 0; i < 5; i++) await producer.send({ topic: allOld, acks: -1, messages: [{ value: `old-${i}`, timestamp: hourAgo }] });
  const settled = await within(10_000, 'retention by time', (async () => {
    for (;;) {
      const [a, b] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchTopicOffsets(allOld)]);
      // The segment holding the last old records may hold the first new one too: it stays.
      if (Number(a[0]?.low) >= 15 && b[0]?.low === '5') return { a: a[0], b: b[0] };
      await new Promise((r) => { setTimeout(r, 20); });
    }
  })());
  assert.deepEqual([settled.a?.high, settled.b?.low, settled.b?.high], ['25', '5', '5']);
  const low = Number(settled.a?.low);
  // Nothing old is left to read, the fresh records are, and the emptied topic goes on at offset 5.
  const [sent] = await producer.send({ topic: allOld, acks: -1, messages: [{ value: 'fresh' }] });
  assert.equal(sent?.baseOffset, '5');
  await producer.disconnect();
  const consumer = kafka().consumer({ groupId: rand('age-reader'), maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const got: string[] = [];
  await within(10_000, 'the fresh records', new Promise<void>((resolve) => {
    void consumer.run({ eachMessage: ({ message }) => { got.push(String(message.value).slice(0, 6)); if (got.length === 25 - low) resolve(); return Promise.resolve(); } });
  }));
  await consumer.disconnect();
  assert.deepEqual(got, [...Array.from({ length: 20 - low }, (_, i) => `old-${low + i}-`.slice(0, 6)), 'new-0', 'new-1', 'new-2', 'new-3', 'new-4']);
  await admin.disconnect();
});

test('buffered request bytes over all connections are capped: the connection that passes the cap is closed, the others go on', async () => {
  const capped = await startTestCluster({ maxBufferedBytes: 64 * 1024 });
  const topic = rand('cap');
  try {
    await capped.createTopic(topic, 1);
    const produce = (id: number) => frame(0, 3, id, Buffer.concat([
      Buffer.from([0xff, 0xff, 0, 1, 0, 0, 0x13, 0x88, 0, 0, 0, 1]), // transactional id null, acks 1, timeout 5000, 1 topic
      (() => { const n = Buffer.from(topic); const h = Buffer.alloc(2); h.writeInt16BE(n.length); return Buffer.concat([h, n]); })(),
      (() => {
        const batch = encodeBatch({ records: [{ key: null, value: Buffer.alloc(40 * 1024, 0x61) }] });
        const head = Buffer.alloc(12);
        head.writeInt32BE(1, 0); head.writeInt32BE(0, 4); head.writeInt32BE(batch.length, 8);
        return Buffer.concat([head, batch]);
      })(),
    ]));
    const a = new RawClient(capped.port);
    const b = new RawClient(capped.port);
    const reqA = produce(1);
    const reqB = produce(2);
    const half = 36 * 1024;
    a.send(reqA.subarray(0, half));
    // Make sure A's half is held before B's arrives: a round trip on A's connection is not possible
    // (its frame is unfinished), so ask on a third one after A's bytes were written.
    await new Promise<void>((r) => { a.socket.write(Buffer.alloc(0), () => r()); });
    const c = new RawClient(capped.port);
    c.send(frame(18, 0, 5, Buffer.alloc(0)));
    await within(5000, 'ApiVersions on a third connection', c.next());
    b.send(reqB.subarray(0, half));
    await within(5000, 'the connection over the cap to be closed', b.closed);
    assert.ok(capped.lines.some((l) => l.message.includes('buffered requests over all connections passed 65536 bytes')), 'the reason is logged');
    // A was under the cap when its bytes came: it finishes its request and is answered.
    a.send(reqA.subarray(half));
    const res = await within(5000, "A's produce answer", a.next());
    assert.equal(res.readInt32BE(0), 1, 'correlation id');
    c.send(frame(18, 0, 6, Buffer.alloc(0)));
    await within(5000, 'the broker still serves', c.next());
    a.close();
    c.close();
  } finally {
    await capped.close();
  }
});
