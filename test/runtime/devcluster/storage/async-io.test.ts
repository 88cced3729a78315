// Disk I/O never stalls the event loop, and an acknowledgement waits for the disk as the flush
// policy says: writes and fsyncs are held at the file layer while the test watches what the
// broker answers in the meantime.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { partitionDir, rand, startTestCluster, within } from '../helpers';
import { faultyOps } from './faults';

const dirs: string[] = [];
const newDir = () => { const d = mkdtempSync(join(tmpdir(), 'streamwise-async-io-')); dirs.push(d); return d; };
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });
const client = (brokers: string[]) => new Kafka({ clientId: 'async-io-test', brokers, logLevel: logLevel.NOTHING, retry: { retries: 0 }, requestTimeout: 60_000 });

test('a write held at the disk stalls only its own produce: other clients are answered meanwhile', async () => {
  const faulty = faultyOps();
  const cluster = await startTestCluster({ dataDir: newDir(), fileOps: faulty.ops });
  const topic = rand('held');
  try {
    await cluster.createTopic(topic, 2);
    const kafka = client(cluster.bootstrapServers);
    const producer = kafka.producer();
    const admin = kafka.admin();
    await Promise.all([producer.connect(), admin.connect()]);
    await producer.send({ topic, acks: -1, messages: [{ value: 'before', partition: 1 }] });
    const held = faulty.holdWrites();
    let acked = false;
    const sending = producer.send({ topic, acks: -1, messages: [{ value: 'slow', partition: 0 }] }).then((r) => { acked = true; return r; });
    await within(10_000, 'the write to reach the disk layer', held.reached);
    // With the write still on the disk, the broker answers metadata, offsets and reads.
    const offsets = await within(10_000, 'offsets while a write is held', admin.fetchTopicOffsets(topic));
    assert.deepEqual(offsets.map((o) => [o.partition, o.high]).sort(), [[0, '0'], [1, '1']], 'the held write is not visible yet');
    assert.equal(acked, false, 'not acknowledged before the write is done');
    held.release();
    const [result] = await within(10_000, 'the produce after the write', sending);
    assert.equal(result?.baseOffset, '0');
    assert.equal((await admin.fetchTopicOffsets(topic)).find((o) => o.partition === 0)?.high, '1');
    await Promise.all([producer.disconnect(), admin.disconnect()]);
  } finally {
    faulty.clear();
    await cluster.close();
  }
});

test("flush 'every': the acknowledgement waits for the fsync, and appends waiting together share one", async () => {
  const faulty = faultyOps();
  const dataDir = newDir();
  const cluster = await startTestCluster({ dataDir, fileOps: faulty.ops, flush: 'every' });
  const topic = rand('fsync');
  const producers = 8;
  try {
    await cluster.createTopic(topic, 1);
    const kafka = client(cluster.bootstrapServers);
    const admin = kafka.admin();
    await admin.connect();
    const ps = Array.from({ length: producers }, () => kafka.producer());
    await Promise.all(ps.map((p) => p.connect()));
    await ps[0]?.send({ topic, acks: -1, messages: [{ value: 'warm-up' }] });
    const held = faulty.holdFsyncs();
    const before = faulty.fsyncCount();
    let acks = 0;
    const sends = ps.map((p, i) => p.send({ topic, acks: -1, messages: [{ value: `v${i}` }] }).then(() => { acks++; }));
    await within(10_000, 'the first fsync', held.reached);
    // Every write is done while their fsyncs are held; none is acknowledged, and none is visible
    // yet (the high watermark waits for the fsync, as Kafka's with log.flush.interval.messages=1).
    const segment = new RegExp(`${partitionDir(dataDir, topic, 0)}/\\d+\\.log$`);
    await within(20_000, 'all writes', faulty.writesDone(producers + 1, segment));
    assert.equal((await admin.fetchTopicOffsets(topic))[0]?.high, '1', 'only the fsynced warm-up is visible');
    assert.equal(acks, 0, 'no acknowledgement before its fsync');
    held.release();
    await within(10_000, 'the acknowledgements', Promise.all(sends));
    assert.equal((await admin.fetchTopicOffsets(topic))[0]?.high, String(producers + 1));
    const fsyncs = faulty.fsyncCount() - before;
    assert.ok(fsyncs >= 1 && fsyncs <= 2, `${producers} appends waiting together took ${fsyncs} fsyncs`);
    await Promise.all([...ps.map((p) => p.disconnect()), admin.disconnect()]);
  } finally {
    faulty.clear();
    await cluster.close();
  }
});
