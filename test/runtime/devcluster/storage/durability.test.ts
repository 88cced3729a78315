// A write that did not reach the disk is never acknowledged: faults injected at the file layer
// (short writes, ENOSPC, EIO, EMFILE, failed fsync) fail that one request with
// KAFKA_STORAGE_ERROR, the log stays consistent (no fragment, no reused offset) and the broker
// keeps serving; after a restart exactly the acknowledged records and commits are there.
import { strict as assert } from 'node:assert';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { activeSegment, rand, startTestCluster } from '../helpers';
import { commitRaw } from './raw-commit';
import { faultyOps, type Fault } from './faults';

const dirs: string[] = [];
const newDir = () => { const d = mkdtempSync(join(tmpdir(), 'streamwise-durability-')); dirs.push(d); return d; };
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

// No retries: the test sees the broker's answer to each request.
const client = (brokers: string[]) => new Kafka({ clientId: 'durability-test', brokers, logLevel: logLevel.NOTHING, retry: { retries: 0 } });
const reader = (brokers: string[]) => new Kafka({ clientId: 'durability-reader', brokers, logLevel: logLevel.NOTHING });

async function values(brokers: string[], topic: string, partition = 0): Promise<string[]> {
  const admin = client(brokers).admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const end = Number(ends.find((e) => e.partition === partition)?.high ?? 0);
  if (end === 0) return [];
  const consumer = client(brokers).consumer({ groupId: rand('reader'), maxWaitTimeInMs: 50 });
  const got: string[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`read ${got.length} of ${end}`)), 20_000);
    void consumer.run({ eachMessage: async ({ partition: p, message }) => {
      if (p !== partition) return;
      got[Number(message.offset)] = String(message.value);
      if (Number(message.offset) === end - 1) { clearTimeout(timer); resolve(); }
    } });
  });
  await consumer.disconnect();
  return got;
}

/** kafkajs wraps the broker's error once it gives up retrying. */
const isStorageError = (e: Error & { type?: string; cause?: { type?: string } }): boolean => e.type === 'KAFKA_STORAGE_ERROR' || e.cause?.type === 'KAFKA_STORAGE_ERROR';

const faults: { name: string; fault: Fault }[] = [
  { name: 'a short write (file-size limit)', fault: { kind: 'short', keep: 37 } },
  { name: 'ENOSPC (disk full)', fault: { kind: 'errno', code: 'ENOSPC' } },
  { name: 'EIO', fault: { kind: 'errno', code: 'EIO' } },
  { name: 'EFBIG', fault: { kind: 'errno', code: 'EFBIG' } },
];

for (const { name, fault } of faults) {
  test(`produce: ${name} is answered KAFKA_STORAGE_ERROR, never acknowledged, and the next write starts clean`, async () => {
    const dataDir = newDir();
    const faulty = faultyOps();
    const topic = rand('dur');
    const first = await startTestCluster({ dataDir, fileOps: faulty.ops });
    const producer = client(first.bootstrapServers).producer();
    await producer.connect();
    const sent = async (vs: string[]) => (await producer.send({ topic, acks: -1, messages: vs.map((value) => ({ value })) }))[0]?.baseOffset;
    assert.equal(await sent(['a', 'b', 'c']), '0');
    faulty.failWrites(fault);
    await assert.rejects(sent(['lost-1', 'lost-2']), isStorageError);
    assert.equal(await sent(['d']), '3', 'the failed write took no offset');
    assert.deepEqual(await values(first.bootstrapServers, topic), ['a', 'b', 'c', 'd']);
    await producer.disconnect();
    assert.ok(first.lines.some((l) => l.level === 'error' && l.message.includes('not acknowledged')), 'the failure is logged');
    await first.close();
    const second = await startTestCluster({ dataDir });
    try {
      assert.deepEqual(await values(second.bootstrapServers, topic), ['a', 'b', 'c', 'd']);
    } finally {
      await second.close();
    }
  });
}

test("flush 'every': a failed fsync is answered KAFKA_STORAGE_ERROR", async () => {
  const faulty = faultyOps();
  const topic = rand('fsync');
  const cluster = await startTestCluster({ dataDir: newDir(), fileOps: faulty.ops, flush: 'every' });
  try {
    const producer = client(cluster.bootstrapServers).producer();
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ value: 'x' }] });
    faulty.failFsyncs('EIO');
    await assert.rejects(producer.send({ topic, acks: -1, messages: [{ value: 'y' }] }), isStorageError);
    await producer.send({ topic, acks: -1, messages: [{ value: 'z' }] });
    await producer.disconnect();
  } finally {
    await cluster.close();
  }
});

test('offset commit: ENOSPC is answered KAFKA_STORAGE_ERROR and the committed offset stays as it was, across a restart', async () => {
  const dataDir = newDir();
  const faulty = faultyOps();
  const topic = rand('commit');
  const groupId = rand('g');
  const first = await startTestCluster({ dataDir, fileOps: faulty.ops });
  await first.createTopic(topic, 1);
  assert.equal(await commitRaw(first.port, groupId, topic, 0, 5), 0);
  faulty.failWrites({ kind: 'errno', code: 'ENOSPC' });
  assert.equal(await commitRaw(first.port, groupId, topic, 0, 9), 56, 'KAFKA_STORAGE_ERROR');
  const admin = reader(first.bootstrapServers).admin();
  await admin.connect();
  assert.equal((await admin.fetchOffsets({ groupId, topics: [topic] }))[0]?.partitions[0]?.offset, '5');
  assert.equal(await commitRaw(first.port, groupId, topic, 0, 7), 0);
  await admin.disconnect();
  await first.close();
  const second = await startTestCluster({ dataDir });
  try {
    const admin2 = reader(second.bootstrapServers).admin();
    await admin2.connect();
    assert.equal((await admin2.fetchOffsets({ groupId, topics: [topic] }))[0]?.partitions[0]?.offset, '7');
    await admin2.disconnect();
  } finally {
    await second.close();
  }
});

test('EMFILE fails the one request, releases descriptors, and the broker keeps serving; open files stay bounded', async () => {
  const faulty = faultyOps();
  const topic = rand('fds');
  const cluster = await startTestCluster({ dataDir: newDir(), fileOps: faulty.ops, maxOpenFiles: 4 });
  try {
    const kafka = client(cluster.bootstrapServers);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 12 }] });
    const producer = kafka.producer();
    await producer.connect();
    for (let p = 0; p < 12; p++) await producer.send({ topic, acks: -1, messages: [{ value: `v${p}`, partition: p }] });
    // The segment files open at once stay within maxOpenFiles (plus the topics journal).
    assert.ok(faulty.openFds() <= 5, `${faulty.openFds()} descriptors open`);
    faulty.failOpens('EMFILE', 2);
    await assert.rejects(producer.send({ topic, acks: -1, messages: [{ value: 'no', partition: 0 }] }), isStorageError);
    // Everyone else is still served: metadata, a cached partition, reads.
    await producer.send({ topic, acks: -1, messages: [{ value: 'yes', partition: 11 }] });
    assert.equal((await admin.fetchTopicOffsets(topic)).find((o) => o.partition === 11)?.high, '2');
    faulty.clear();
    await producer.send({ topic, acks: -1, messages: [{ value: 'again', partition: 0 }] });
    assert.deepEqual(await values(cluster.bootstrapServers, topic, 0), ['v0', 'again']);
    await producer.disconnect();
    await admin.disconnect();
  } finally {
    await cluster.close();
  }
});

test('torn tails of the topics journal and of __consumer_offsets are cut at load: the next change lands clean and survives', async () => {
  const dataDir = newDir();
  const topic = rand('torn');
  const groupId = rand('tg');
  const first = await startTestCluster({ dataDir, offsetsTopicPartitions: 1 });
  await first.createTopic(topic, 1);
  assert.equal(await commitRaw(first.port, groupId, topic, 0, 3), 0);
  await first.close();
  appendFileSync(activeSegment(dataDir, '__consumer_offsets', 0), Buffer.from([0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 90, 1]));
  appendFileSync(join(dataDir, 'topics.journal'), '1234abcd\t{"op":"create","name":"half');
  const second = await startTestCluster({ dataDir, offsetsTopicPartitions: 1 });
  const admin2 = reader(second.bootstrapServers).admin();
  await admin2.connect();
  assert.ok(second.lines.some((l) => l.level === 'warn' && l.message.includes('topics.journal')), 'the cut is logged');
  await admin2.createTopics({ topics: [{ topic: `${topic}-2`, numPartitions: 2 }] });
  assert.equal(await commitRaw(second.port, groupId, topic, 0, 4), 0);
  await admin2.disconnect();
  await second.close();
  const third = await startTestCluster({ dataDir, offsetsTopicPartitions: 1 });
  try {
    const admin3 = reader(third.bootstrapServers).admin();
    await admin3.connect();
    const topics = await admin3.listTopics();
    assert.ok(topics.includes(topic) && topics.includes(`${topic}-2`), topics.join(','));
    assert.equal((await admin3.fetchOffsets({ groupId, topics: [topic] }))[0]?.partitions[0]?.offset, '4');
    await admin3.disconnect();
  } finally {
    await third.close();
  }
});
