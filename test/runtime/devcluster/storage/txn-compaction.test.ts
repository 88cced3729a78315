// Transactions on compacted internal topics, through a real transactional client (kafkajs):
// __transaction_state keeps about one record per transactional id, and aborted TxnOffsetCommits
// are cleaned out of __consumer_offsets (before, transactional batches were never cleaned, so both
// grew with every transaction). The coordinator's state and the committed offset survive a restart
// that replays the compacted logs.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { decodeKey, decodeOffsetValue, javaStringHash } from '../../../../runtime/src/devcluster/broker/consumer-offsets-codec';
import { scanSegment } from '../../../../runtime/src/devcluster/records/record-batch';
import { decodeBatch } from '../../../../runtime/src/devcluster/records/records-codec';
import { CONTROL_FLAG } from '../../../../runtime/src/devcluster/txn/control-batch';
import { partitionBytes } from '../admin-wire';
import { partitionDir, rand, startTestCluster, within } from '../helpers';
import { describeTransactions } from '../txn/raw-txn';
import { commitRaw, fetchCommitted } from './raw-commit';

const dirs: string[] = [];
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });
const options = (dataDir: string) => ({ dataDir, offsetsTopicPartitions: 1, offsetsTopicSegmentBytes: 2048, transactionStateSegmentBytes: 2048, cleanerIntervalMs: 20 });

/** The offsets `group` has committed, as stored in a partition's segment files right now. */
function storedOffsets(dir: string, group: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.log'))) {
    let data: Buffer;
    try { data = readFileSync(join(dir, name)); } catch { continue; /* removed by the cleaner meanwhile */ }
    for (const b of scanSegment(data).batches) {
      if ((b.buf.readInt16BE(21) & CONTROL_FLAG) !== 0) continue;
      for (const r of decodeBatch(b.buf)) {
        const key = r.key === null ? undefined : decodeKey(r.key);
        if (key?.kind === 'offset' && key.group === group && r.value !== null) out.push(decodeOffsetValue(r.value).offset);
      }
    }
  }
  return out;
}

/** Asks DescribeLogDirs until the partition is at most `bytes` (each ask is one round trip). */
const shrinksTo = (port: number, topic: string, partition: number, bytes: number) => within(30_000, `${topic}/${partition} to shrink to ${bytes} bytes`, (async () => {
  for (let size = Infinity; size > bytes;) size = await partitionBytes(port, topic, partition);
})());

test('__transaction_state is compacted and aborted transactional offsets leave __consumer_offsets; both replay right after a restart', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'streamwise-txn-compaction-'));
  dirs.push(dataDir);
  const input = rand('tc-in');
  const output = rand('tc-out');
  const group = rand('tc-group');
  const txnId = rand('tc-txn');
  const first = await startTestCluster(options(dataDir));
  const kafka = new Kafka({ clientId: 'txn-compaction', brokers: first.bootstrapServers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ transactionalId: txnId, idempotent: true, maxInFlightRequests: 1 });
  const rounds = 40;
  try {
    await first.createTopic(input, 1);
    await first.createTopic(output, 1);
    await producer.connect();
    for (let i = 0; i < rounds; i++) {
      const txn = await producer.transaction();
      await txn.send({ topic: output, messages: [{ key: 'k', value: `v${i}` }] });
      await txn.sendOffsets({ consumerGroupId: group, topics: [{ topic: input, partitions: [{ partition: 0, offset: String(i + 1) }] }] });
      // Every odd round aborts: its offset (an even number) must never be the committed one.
      if (i % 2 === 1) await txn.abort();
      else await txn.commit();
    }
    // About 4 coordinator records of ~100 bytes per transaction (16 KB) shrink to the active
    // segment plus the latest record.
    await shrinksTo(first.port, '__transaction_state', (javaStringHash(txnId) & 0x7fffffff) % 50, 2048 + 512);
    // Plain commits of another group roll the segments the transactions are in.
    for (let j = 1; j <= 30; j++) assert.equal(await commitRaw(first.port, rand('filler'), input, 0, j), 0);
    // The aborted commits go (the segment files hold none any more); emptied markers stay a day
    // (delete.retention.ms) with a delete horizon.
    const files = partitionDir(dataDir, '__consumer_offsets', 0);
    await within(30_000, 'the aborted offset commits to be cleaned away', (async () => {
      while (storedOffsets(files, group).some((o) => o % 2 === 0)) await partitionBytes(first.port, '__consumer_offsets', 0);
    })());
    assert.equal(await fetchCommitted(first.port, group, input, 0), rounds - 1);
    // What a reader of __consumer_offsets (Burrow) sees: no offset of an aborted transaction.
    const reader = new Kafka({ clientId: 'offsets-reader', brokers: first.bootstrapServers, logLevel: logLevel.NOTHING }).consumer({ groupId: rand('r'), readUncommitted: true, maxWaitTimeInMs: 50 });
    const admin = kafka.admin();
    await admin.connect();
    const end = Number((await admin.fetchTopicOffsets('__consumer_offsets'))[0]?.high);
    await admin.disconnect();
    const seen: number[] = [];
    await reader.connect();
    await reader.subscribe({ topic: '__consumer_offsets', fromBeginning: true });
    await within(20_000, 'reading __consumer_offsets', new Promise<void>((resolve) => {
      void reader.run({ eachMessage: ({ message }) => {
        const key = message.key === null ? undefined : decodeKey(message.key);
        if (key?.kind === 'offset' && key.group === group && message.value !== null) seen.push(decodeOffsetValue(message.value).offset);
        if (Number(message.offset) >= end - 1) resolve();
        return Promise.resolve();
      } });
    }));
    await reader.disconnect();
    assert.ok(seen.length > 0 && seen.every((o) => o % 2 === 1), `offsets left in __consumer_offsets: ${seen.join(',')}`);
  } finally {
    await producer.disconnect().catch(() => undefined);
    await first.close();
  }
  const second = await startTestCluster(options(dataDir));
  try {
    assert.equal(await fetchCommitted(second.port, group, input, 0), rounds - 1, 'the committed offset, replayed from the compacted log');
    const [state] = await describeTransactions(second.port, [txnId]);
    assert.equal(state?.state, 'CompleteAbort', 'the last transaction (aborted), replayed from the compacted __transaction_state');
    const again = new Kafka({ clientId: 'txn-compaction-2', brokers: second.bootstrapServers, logLevel: logLevel.NOTHING }).producer({ transactionalId: txnId, idempotent: true, maxInFlightRequests: 1 });
    await again.connect();
    const txn = await again.transaction();
    await txn.send({ topic: output, messages: [{ key: 'k', value: 'after-restart' }] });
    await txn.commit();
    await again.disconnect();
  } finally {
    await second.close();
  }
});
