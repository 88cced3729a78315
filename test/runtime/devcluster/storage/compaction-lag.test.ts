// min.compaction.lag.ms and max.compaction.lag.ms, as Kafka's cleaner honours them, seen by a real
// client (kcat) reading the compacted log: records younger than the min lag are not cleaned (a
// topic without the lag, cleaned by the same cleaner runs, shrinks meanwhile), and a dirty
// segment older than the max lag is cleaned though the dirty ratio alone would not start a clean.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { ConfigOp, incrementalAlterConfigs, partitionBytes } from '../admin-wire';
import { kcat, rand, requireKcat, startTestCluster, within } from '../helpers';
import { readTopic } from '../broker-process';

const dirs: string[] = [];
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });
const HOUR = 3600_000;

/** One batch per record, so the records spread over several segments. */
async function sendEach(kafka: Kafka, topic: string, messages: { key: string; value: string | null; timestamp?: string }[]): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  for (const m of messages) await producer.send({ topic, acks: -1, messages: [m] });
  await producer.disconnect();
}

/** Asks DescribeLogDirs until the partition is at most `bytes` (each ask is one round trip). */
function shrinksTo(port: number, topic: string, bytes: number): Promise<number> {
  return within(20_000, `${topic}/0 to shrink to ${bytes} bytes`, (async () => {
    for (;;) {
      const size = await partitionBytes(port, topic, 0);
      if (size <= bytes) return size;
      await new Promise((r) => { setImmediate(r); });
    }
  })());
}

const compacted = (extra: Record<string, string>) => Object.entries({ 'cleanup.policy': 'compact', 'segment.bytes': '1024', ...extra }).map(([name, value]) => ({ name, value }));
/** 30 records on 3 keys, about 100 bytes each: several 1 KiB segments, most of it superseded. */
const records = (round: string, timestamp?: number): { key: string; value: string; timestamp?: string }[] => Array.from({ length: 30 }, (_, i) => ({ key: `k${i % 3}`, value: `${round}-${i}-${'x'.repeat(60)}`, ...(timestamp === undefined ? {} : { timestamp: String(timestamp) }) }));

test('min.compaction.lag.ms: records younger than the lag stay, while a topic without it is cleaned by the same runs', async () => {
  requireKcat();
  const dataDir = mkdtempSync(join(tmpdir(), 'streamwise-lag-'));
  dirs.push(dataDir);
  const cluster = await startTestCluster({ dataDir, cleanerIntervalMs: 20 });
  try {
    const kafka = new Kafka({ clientId: 'lag', brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const lagged = rand('minlag');
    const control = rand('nolag');
    // Created first, so every cleaner run takes it before the control topic.
    await admin.createTopics({ topics: [{ topic: lagged, configEntries: compacted({ 'min.compaction.lag.ms': String(HOUR) }) }] });
    await admin.createTopics({ topics: [{ topic: control, configEntries: compacted({}) }] });
    await admin.disconnect();
    await sendEach(kafka, lagged, records('a'));
    await sendEach(kafka, control, records('a'));
    await shrinksTo(cluster.port, control, 2048);
    const kept = await readTopic(cluster.bootstrapServers, lagged);
    assert.equal(kept.length, 30, 'every record younger than min.compaction.lag.ms is still there');
    const cleaned = await readTopic(cluster.bootstrapServers, control);
    assert.ok(cleaned.length < 30, `the topic without the lag was cleaned (${cleaned.length} records)`);
    assert.deepEqual(cleaned.filter((r) => /^a-2[789]-/.test(r.value)).map((r) => r.key).sort(), ['k0', 'k1', 'k2'], 'the latest record of every key is there');
  } finally {
    await cluster.close();
  }
});

test('max.compaction.lag.ms: a dirty segment older than the lag is cleaned though the dirty ratio would not start a clean', async () => {
  requireKcat();
  const dataDir = mkdtempSync(join(tmpdir(), 'streamwise-lag-'));
  dirs.push(dataDir);
  const cluster = await startTestCluster({ dataDir, cleanerIntervalMs: 20 });
  try {
    const kafka = new Kafka({ clientId: 'lag', brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const topic = rand('maxlag');
    await admin.createTopics({ topics: [{ topic, configEntries: compacted({}) }] });
    await admin.disconnect();
    await sendEach(kafka, topic, records('a'));
    const afterFirst = await shrinksTo(cluster.port, topic, 2048);
    // From now on the dirty ratio alone would not start a clean.
    const set = (name: string, value: string) => ({ name, op: ConfigOp.Set, value });
    const altered = await incrementalAlterConfigs(cluster.port, 0, [{ topic, ops: [set('min.cleanable.dirty.ratio', '0.99'), set('max.compaction.lag.ms', '60000')] }]);
    assert.deepEqual(altered.map((a) => a.errorCode), [0]);
    // Records written an hour ago (their CreateTime): dirty, but less than 99% of the log.
    await sendEach(kafka, topic, [...records('b', Date.now() - HOUR), { key: 'k0', value: 'last' }]);
    await shrinksTo(cluster.port, topic, afterFirst + 1024);
    const log = await readTopic(cluster.bootstrapServers, topic);
    const values = new Map(log.map((r) => [r.key, r.value]));
    assert.deepEqual([values.get('k0'), values.get('k1')?.slice(0, 5), values.get('k2')?.slice(0, 5)], ['last', 'b-28-', 'b-29-'], 'the latest value of every key');
    assert.ok(log.filter((r) => r.value.startsWith('b-')).length < 30, `the old dirty records were cleaned (${log.length} records left)`);
  } finally {
    await cluster.close();
  }
});

/** Keys and values (NULL for a tombstone) of partition 0, through kcat. */
async function keysAndValues(brokers: string[], topic: string): Promise<string[]> {
  const r = await kcat(['-b', brokers.join(','), '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-Z', '-f', '%k=%s\n']);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.split('\n').filter((l) => l !== '');
}

test('delete.retention.ms counts from the clean that first keeps a tombstone (KIP-534 delete horizon), not from its timestamp', async () => {
  requireKcat();
  const dataDir = mkdtempSync(join(tmpdir(), 'streamwise-lag-'));
  dirs.push(dataDir);
  const cluster = await startTestCluster({ dataDir, cleanerIntervalMs: 20 });
  try {
    const kafka = new Kafka({ clientId: 'horizon', brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const topic = rand('horizon');
    await admin.createTopics({ topics: [{ topic, configEntries: compacted({ 'delete.retention.ms': '4000' }) }] });
    await admin.disconnect();
    // A key written and deleted a day ago (CreateTime), then enough superseded records to clean.
    const old = String(Date.now() - 24 * HOUR);
    await sendEach(kafka, topic, [{ key: 'gone', value: 'v', timestamp: old }, ...records('a'), { key: 'gone', value: null, timestamp: old }, ...records('b')]);
    await shrinksTo(cluster.port, topic, 2048);
    // Cleaned, but the tombstone is still there for readers to catch the delete.
    const first = await keysAndValues(cluster.bootstrapServers, topic);
    assert.ok(first.includes('gone=NULL'), `the tombstone is kept after the first clean: ${first.join(' ')}`);
    assert.ok(!first.includes('gone=v'), 'the value it deletes is gone');
    // After delete.retention.ms a later clean removes it.
    await within(20_000, 'the tombstone to go', (async () => {
      for (;;) {
        if (!(await keysAndValues(cluster.bootstrapServers, topic)).some((l) => l.startsWith('gone='))) return;
        await new Promise((r) => { setTimeout(r, 100); });
      }
    })());
  } finally {
    await cluster.close();
  }
});
