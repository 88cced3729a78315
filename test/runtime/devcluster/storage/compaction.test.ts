// Log compaction: __consumer_offsets (and any topic with cleanup.policy=compact) keeps the latest
// record per key, so it stops growing with every commit; tombstones of deleted groups and topics
// go after delete.retention.ms; offsets of a deleted topic are gone at once. Checked through
// DescribeLogDirs sizes, OffsetFetch, restarts, and a kafkajs consumer reading the compacted log.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { ConfigOp, incrementalAlterConfigs, partitionBytes } from '../admin-wire';
import { partitionDir, rand, startTestCluster, within } from '../helpers';
import { decodeKey, decodeOffsetValue } from '../../../../runtime/src/devcluster/broker/consumer-offsets-codec';
import { commitRaw, fetchCommitted } from './raw-commit';

const dirs: string[] = [];
const newDir = () => { const d = mkdtempSync(join(tmpdir(), 'streamwise-compaction-')); dirs.push(d); return d; };
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });
const OFFSETS = '__consumer_offsets';
const options = (dataDir: string | undefined) => ({ dataDir, offsetsTopicPartitions: 1, offsetsTopicSegmentBytes: 2048, cleanerIntervalMs: 20 });

/** Asks DescribeLogDirs until the partition is at most `bytes` (each ask is one round trip). */
async function shrinksTo(port: number, topic: string, bytes: number): Promise<number> {
  return within(20_000, `${topic}/0 to shrink to ${bytes} bytes`, (async () => {
    for (;;) {
      const size = await partitionBytes(port, topic, 0);
      if (size <= bytes) return size;
      await new Promise((r) => { setImmediate(r); });
    }
  })());
}

for (const where of ['disk', 'memory'] as const) {
  test(`${where}: ${OFFSETS} keeps the latest commit per partition; it stops growing with every commit`, async () => {
    const dataDir = where === 'disk' ? newDir() : undefined;
    const topic = rand('cmp');
    const group = rand('g');
    const first = await startTestCluster(options(dataDir));
    await first.createTopic(topic, 4);
    const commits = 300;
    for (let i = 1; i <= commits; i++) assert.equal(await commitRaw(first.port, group, topic, i % 4, i), 0);
    // Each commit record is about 100 bytes: 300 of them are ~30 KB; the latest 4 are under 1 KB,
    // plus at most one segment (2 KiB) not yet rolled.
    const size = await shrinksTo(first.port, OFFSETS, 2048 + 1024);
    for (let p = 0; p < 4; p++) assert.equal(await fetchCommitted(first.port, group, topic, p), commits - ((commits - p) % 4));
    if (dataDir !== undefined) {
      const files = readdirSync(partitionDir(dataDir, OFFSETS, 0)).filter((n) => n.endsWith('.log'));
      assert.ok(files.length <= 3, `segment files: ${files.join(', ')}`);
    }
    // A reader of the whole compacted log (as Burrow reads it): offsets only go up, and the
    // newest commit of every partition is there.
    const consumer = new Kafka({ clientId: 'offsets-reader', brokers: first.bootstrapServers, logLevel: logLevel.NOTHING }).consumer({ groupId: rand('reader'), maxWaitTimeInMs: 50 });
    await consumer.connect();
    await consumer.subscribe({ topic: OFFSETS, fromBeginning: true });
    const admin = new Kafka({ clientId: 'offsets-end', brokers: first.bootstrapServers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const end = Number((await admin.fetchTopicOffsets(OFFSETS))[0]?.high);
    await admin.disconnect();
    const seen: number[] = [];
    const latest = new Map<number, number>();
    await within(20_000, 'reading the compacted log', new Promise<void>((resolve) => {
      void consumer.run({ eachMessage: ({ message }) => {
        seen.push(Number(message.offset));
        const key = message.key === null ? undefined : decodeKey(message.key);
        if (key?.kind === 'offset' && key.group === group && message.value !== null) latest.set(key.partition, decodeOffsetValue(message.value).offset);
        if (Number(message.offset) >= end - 1) resolve();
        return Promise.resolve();
      } });
    }));
    await consumer.disconnect();
    assert.ok(seen.every((o, i) => i === 0 || o > (seen[i - 1] ?? -1)), 'offsets only go up');
    assert.ok(seen.length < commits / 2, `${seen.length} of ${commits} commit records left (size ${size})`);
    assert.deepEqual([...latest].sort(), [[0, 300], [1, 297], [2, 298], [3, 299]], 'the newest commit of each partition is read last');
    await first.close();
    if (dataDir === undefined) return;
    const second = await startTestCluster(options(dataDir));
    try {
      for (let p = 0; p < 4; p++) assert.equal(await fetchCommitted(second.port, group, topic, p), commits - ((commits - p) % 4), 'replayed from the compacted log');
    } finally {
      await second.close();
    }
  });
}

test('a deleted topic takes its committed offsets along, at once and across a restart; its tombstones go after delete.retention.ms', async () => {
  const dataDir = newDir();
  const topic = rand('gone');
  const kept = rand('kept');
  const group = rand('g');
  const first = await startTestCluster(options(dataDir));
  await first.createTopic(topic, 2);
  await first.createTopic(kept, 1);
  for (let i = 1; i <= 40; i++) assert.equal(await commitRaw(first.port, group, topic, i % 2, i), 0);
  assert.equal(await commitRaw(first.port, group, kept, 0, 7), 0);
  const kafka = new Kafka({ clientId: 'delete-topic', brokers: first.bootstrapServers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] });
  assert.deepEqual((await admin.fetchOffsets({ groupId: group })).map((t) => t.topic), [kept], 'OffsetFetch of all topics lists only the one left');
  // Re-created under the same name, the topic starts without the old commits.
  await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
  assert.equal(await fetchCommitted(first.port, group, topic, 0), -1);
  // Tombstones older than delete.retention.ms are cleaned away too.
  const res = await incrementalAlterConfigs(first.port, 1, [{ topic: OFFSETS, ops: [{ name: 'delete.retention.ms', op: ConfigOp.Set, value: '0' }] }]);
  assert.equal(res[0]?.errorCode, 0);
  for (let i = 0; i < 30; i++) assert.equal(await commitRaw(first.port, group, kept, 0, 100 + i), 0);
  await shrinksTo(first.port, OFFSETS, 2048 + 200);
  await admin.disconnect();
  await first.close();
  const second = await startTestCluster(options(dataDir));
  try {
    assert.equal(await fetchCommitted(second.port, group, topic, 0), -1);
    assert.equal(await fetchCommitted(second.port, group, topic, 1), -1);
    assert.equal(await fetchCommitted(second.port, group, kept, 0), 129);
  } finally {
    await second.close();
  }
});

for (const where of ['disk', 'memory'] as const) {
  test(`${where}: a compacted topic (a changelog) keeps the latest value per key; readers see gaps, never an old value last`, async () => {
    const dataDir = where === 'disk' ? newDir() : undefined;
    const cluster = await startTestCluster(options(dataDir));
    const topic = rand('changelog');
    try {
      const kafka = new Kafka({ clientId: 'changelog', brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING });
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }, { name: 'segment.bytes', value: '4096' }] }] });
      const producer = kafka.producer();
      await producer.connect();
      const keys = 10;
      const rounds = 60;
      for (let r = 0; r < rounds; r++) {
        await producer.send({ topic, acks: -1, compression: r % 2 === 0 ? 1 : 0, messages: Array.from({ length: keys }, (_, k) => ({ key: `k${k}`, value: `${r}` })) });
      }
      await producer.send({ topic, acks: -1, messages: [{ key: 'k0', value: null }] });
      await producer.disconnect();
      await shrinksTo(cluster.port, topic, 4096 + 2048);
      const end = Number((await admin.fetchTopicOffsets(topic))[0]?.high);
      await admin.disconnect();
      const consumer = kafka.consumer({ groupId: rand('read'), maxWaitTimeInMs: 50 });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const last = new Map<string, string | null>();
      let count = 0;
      await within(20_000, 'reading the compacted topic', new Promise<void>((resolve) => {
        void consumer.run({ eachMessage: ({ message }) => {
          count++;
          last.set(String(message.key), message.value === null ? null : String(message.value));
          if (Number(message.offset) >= end - 1) resolve();
          return Promise.resolve();
        } });
      }));
      await consumer.disconnect();
      assert.ok(count < (keys * rounds) / 2, `${count} of ${keys * rounds + 1} records left`);
      assert.equal(last.get('k0'), null, 'the tombstone is read last for its key');
      for (let k = 1; k < keys; k++) assert.equal(last.get(`k${k}`), String(rounds - 1));
    } finally {
      await cluster.close();
    }
  });
}
