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
import { activeSegment, kcat, partitionDir, rand, requireKcat, startTestCluster, within } from '../helpers';
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
/** An offline partition: its requests answer KAFKA_STORAGE_ERROR, and once the client has
 *  refreshed its metadata the partition has no leader (LEADER_NOT_AVAILABLE), as with Kafka. */
const isOffline = (e: Error & { type?: string; cause?: { type?: string } }): boolean =>
  isStorageError(e) || e.type === 'LEADER_NOT_AVAILABLE' || e.cause?.type === 'LEADER_NOT_AVAILABLE';

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

/** Every record of one partition through kcat: `offset -> value`. */
async function kcatPartition(brokers: string[], topic: string, partition: number): Promise<Map<number, string>> {
  const r = await kcat(['-b', brokers.join(','), '-C', '-t', topic, '-p', String(partition), '-o', 'beginning', '-e', '-q', '-f', '%o\t%s\n']);
  if (r.code !== 0) throw new Error(`kcat failed (${String(r.code)}): ${r.stderr}`);
  return new Map(r.stdout.split('\n').filter((l) => l !== '').map((l) => { const [o = '', v = ''] = l.split('\t'); return [Number(o), v]; }));
}

/** A kafkajs reader of the whole topic that records every record it is given. */
async function watch(brokers: string[], topic: string) {
  const seen: { partition: number; offset: number; value: string }[] = [];
  let waiters: { until: () => boolean; resolve: () => void }[] = [];
  // No restart after the offline partition's error: a restarting consumer would outlive the test.
  const consumer = reader(brokers).consumer({ groupId: rand('watch'), maxWaitTimeInMs: 200, retry: { retries: 0, restartOnFailure: () => Promise.resolve(false) } });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  void consumer.run({ eachMessage: ({ partition, message }) => {
    seen.push({ partition, offset: Number(message.offset), value: String(message.value) });
    waiters = waiters.filter((w) => { if (!w.until()) return true; w.resolve(); return false; });
    return Promise.resolve();
  } });
  const sees = (value: string) => within(20_000, `the reader to see '${value}'`, new Promise<void>((resolve) => {
    const until = () => seen.some((r) => r.value === value);
    if (until()) resolve();
    else waiters.push({ until, resolve });
  }));
  return { seen, sees, stop: () => consumer.disconnect() };
}

test("flush 'every': a failed fsync takes the partition offline; the unflushed record is never read nor acknowledged, a retry cannot duplicate it, and the restart keeps every acknowledged record at its offset", async () => {
  requireKcat();
  const dataDir = newDir();
  const faulty = faultyOps();
  const topic = rand('fsync');
  const first = await startTestCluster({ dataDir, fileOps: faulty.ops, flush: 'every' });
  after(() => { faulty.clear(); return first.close(); });
  await first.createTopic(topic, 2);
  const kafka = client(first.bootstrapServers);
  // One producer per partition: a connection's requests are answered in order, as on Kafka.
  const producers = [kafka.producer(), kafka.producer()];
  const admin = kafka.admin();
  await Promise.all([...producers.map((p) => p.connect()), admin.connect()]);
  const send = async (partition: number, value: string) => (await producers[partition]?.send({ topic, acks: -1, messages: [{ value, partition }] }))?.[0]?.baseOffset;
  assert.equal(await send(0, 'a0'), '0');
  assert.equal(await send(0, 'a1'), '1');
  assert.equal(await send(1, 'b0'), '0');
  const reader1 = await watch(first.bootstrapServers, topic);
  await reader1.sees('a1');
  await reader1.sees('b0');
  const p0 = new RegExp(`^${partitionDir(dataDir, topic, 0)}/`);
  const held = faulty.holdFsyncs(p0);
  let lostAnswered = false;
  const lost = send(0, 'lost').finally(() => { lostAnswered = true; });
  lost.catch(() => undefined);
  await within(10_000, "the fsync of 'lost'", held.reached);
  // 'lost' is written and waits for its fsync. A record sent to the other partition after it
  // reaches the reader through the same fetches: 'lost' is not among what they returned.
  assert.equal(await send(1, 'b1'), '1');
  await reader1.sees('b1');
  assert.equal((await admin.fetchTopicOffsets(topic)).find((o) => o.partition === 0)?.high, '2', 'the high watermark waits for the fsync');
  assert.equal(lostAnswered, false);
  await reader1.stop();
  faulty.failFsyncs('EIO', 1, p0);
  held.release();
  await assert.rejects(lost, isOffline);
  // Offline until restart: a retry is refused (no duplicate), reads and offsets of the partition
  // answer KAFKA_STORAGE_ERROR (no leader, once kafkajs refreshes its metadata); the other
  // partition keeps serving.
  await assert.rejects(send(0, 'lost'), isOffline);
  await assert.rejects(admin.fetchTopicOffsets(topic), isOffline);
  assert.equal(await send(1, 'b2'), '2');
  assert.deepEqual([...(await kcatPartition(first.bootstrapServers, topic, 1)).values()], ['b0', 'b1', 'b2']);
  assert.ok(reader1.seen.every((r) => r.value !== 'lost'), 'the unflushed record was never read');
  assert.ok(first.lines.some((l) => l.level === 'error' && l.message.includes('offline until restart')), 'the failure is logged');
  await Promise.all([...producers.map((p) => p.disconnect()), admin.disconnect()]);
  faulty.clear();
  await first.close();
  const second = await startTestCluster({ dataDir, flush: 'every' });
  try {
    const after0 = await kcatPartition(second.bootstrapServers, topic, 0);
    assert.equal(after0.get(0), 'a0');
    assert.equal(after0.get(1), 'a1');
    // 'lost' was never acknowledged: it may or may not have reached the disk, but never twice.
    assert.ok(after0.size <= 3 && [...after0.values()].filter((v) => v === 'lost').length <= 1, [...after0.values()].join(','));
    assert.deepEqual([...(await kcatPartition(second.bootstrapServers, topic, 1)).values()], ['b0', 'b1', 'b2']);
    const p2 = client(second.bootstrapServers).producer();
    await p2.connect();
    const [res] = await p2.send({ topic, acks: -1, messages: [{ value: 'next', partition: 0 }] });
    assert.equal(res?.baseOffset, String(after0.size), 'the next record takes the next offset');
    await p2.disconnect();
  } finally {
    await second.close();
  }
});

test("flush 'every', 3 runs on one data directory: an fsync fails at a random point under load; after each restart every acknowledged record is at its offset, and nothing unacknowledged was read", async () => {
  requireKcat();
  const dataDir = newDir();
  const topic = rand('fsync-loop');
  const acked = new Map<string, string>();
  for (let run = 0; run < 3; run++) {
    const faulty = faultyOps();
    const cluster = await startTestCluster({ dataDir, fileOps: faulty.ops, flush: 'every' });
    if (run === 0) await cluster.createTopic(topic, 2);
    const victim = Math.floor(Math.random() * 2);
    const dir = new RegExp(`^${partitionDir(dataDir, topic, victim)}/`);
    const watcher = await watch(cluster.bootstrapServers, topic);
    const producers = Array.from({ length: 3 }, () => client(cluster.bootstrapServers).producer());
    try {
      // The fsync that fails comes after a random number of this run's writes to the victim.
      const failAfter = 3 + Math.floor(Math.random() * 20);
      void faulty.writesDone(failAfter, dir).then(() => { faulty.failFsyncs('EIO', 1, dir); });
      await Promise.all(producers.map((p) => p.connect()));
      const refused = new Set<number>();
      await Promise.all(producers.map(async (p, n) => {
        for (let i = 0; i < 40; i++) {
          const partition = (i + n) % 2;
          if (refused.has(partition)) continue;
          const value = `r${run}-p${n}-${i}`;
          try {
            const [res] = await p.send({ topic, acks: -1, messages: [{ value, partition }] });
            acked.set(`${partition}:${String(res?.baseOffset)}`, value);
          } catch (error) {
            assert.ok(isOffline(error as Error & { type?: string; cause?: { type?: string } }), String(error));
            assert.equal(partition, victim, 'only the partition whose fsync failed refuses');
            refused.add(partition);
          }
        }
      }));
      assert.ok(refused.has(victim), `run ${run}: the fault was hit`);
      const ackedValues = new Set(acked.values());
      await watcher.stop();
      // This run's records (earlier runs' unacknowledged ones that reached the disk are durable now).
      for (const r of watcher.seen) if (r.value.startsWith(`r${run}-`)) assert.ok(ackedValues.has(r.value), `run ${run}: '${r.value}' (${r.partition}:${r.offset}) was read but never acknowledged`);
    } finally {
      await watcher.stop().catch(() => undefined);
      await Promise.all(producers.map((p) => p.disconnect().catch(() => undefined)));
      faulty.clear();
      await cluster.close();
    }
    // The checker, on a clean restart: every acknowledged record at its offset, offsets without holes.
    const check = await startTestCluster({ dataDir, flush: 'every' });
    try {
      for (let partition = 0; partition < 2; partition++) {
        const log = await kcatPartition(check.bootstrapServers, topic, partition);
        [...log.keys()].forEach((o, i) => assert.equal(o, i, `partition ${partition}: offsets run 0.. without holes`));
        for (const [where, value] of acked) if (where.startsWith(`${partition}:`)) assert.equal(log.get(Number(where.slice(2))), value, `acknowledged record ${where}`);
        const values = [...log.values()];
        assert.equal(new Set(values).size, values.length, `partition ${partition}: no record twice`);
      }
    } finally {
      await check.close();
    }
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
