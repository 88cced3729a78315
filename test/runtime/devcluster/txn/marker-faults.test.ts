// Storage errors while the coordinator writes transaction markers (the Prepare-state retry path),
// injected at the file layer under a real data directory, with kafkajs as the transactional client
// and librdkafka (kcat, confluent-kafka) as the read_committed readers.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { kcat, partitionDir, rand, requireKcat, startTestCluster } from '../helpers';
import { faultyOps } from '../storage/faults';
import { readPartition } from './peers';
import { describeTransactions } from './raw-txn';

const dirs: string[] = [];
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('a marker write that fails keeps the transaction in PrepareCommit, hidden from read_committed; the timer retries until it lands, exactly one marker', async () => {
  requireKcat();
  const dataDir = mkdtempSync(join(tmpdir(), 'sw-marker-'));
  dirs.push(dataDir);
  const faulty = faultyOps();
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  const onLine = (m: string) => { for (const w of [...waiters]) if (w.pattern.test(m)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(); } };
  const waitForLog = (pattern: RegExp) => new Promise<void>((resolve) => { waiters.push({ pattern, resolve }); });
  const cluster = await startTestCluster({ dataDir, fileOps: faulty.ops, transactionCheckIntervalMs: 100, logger: { debug: () => {}, info: onLine, warn: onLine, error: onLine } });
  const topic = rand('marker');
  const txnId = rand('tx');
  const producer = new Kafka({ clientId: 'marker', brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING }).producer({ transactionalId: txnId, maxInFlightRequests: 1 });
  try {
    await cluster.createTopic(topic, 1);
    await producer.connect();
    const txn = await producer.transaction();
    await txn.send({ topic, messages: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }, { key: 'c', value: '3' }] });
    // From here every write to the topic's segment files fails (EIO): the commit marker cannot land.
    faulty.failWrites({ kind: 'errno', code: 'EIO' }, 1_000_000, new RegExp(`^${escape(partitionDir(dataDir, topic, 0))}/.*\\.log$`));
    const failed = new RegExp(`writing a transaction marker to ${escape(topic)}/0 failed \\(will retry\\)`);
    const firstFailure = waitForLog(failed);
    // The decision (PrepareCommit) is durable, so EndTxn succeeds, as Kafka's (markers follow it).
    await txn.commit();
    await firstFailure;
    const [prepared] = await describeTransactions(cluster.port, [txnId]);
    assert.equal(prepared?.state, 'PrepareCommit');
    const hidden = await kcat(['-b', cluster.bootstrapServers.join(','), '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-X', 'isolation.level=read_committed', '-f', '%s\n']);
    assert.equal(hidden.stdout, '', 'no marker, no visible data');
    // The coordinator's timer tries again (and fails again while the disk does).
    await waitForLog(failed);
    faulty.clear();
    // Once the disk is back the retry lands: kcat follows the partition until the data shows.
    const shown = await kcat(['-b', cluster.bootstrapServers.join(','), '-C', '-t', topic, '-o', 'beginning', '-c', '3', '-q', '-X', 'isolation.level=read_committed', '-f', '%s\n']);
    assert.equal(shown.stdout, '1\n2\n3\n');
    const [done] = await describeTransactions(cluster.port, [txnId]);
    assert.equal(done?.state, 'CompleteCommit');
    // The producer goes on; the log holds the three records and exactly one marker.
    const next = await producer.transaction();
    await next.send({ topic, messages: [{ key: 'd', value: '4' }] });
    await next.commit();
    const read = await readPartition(cluster.bootstrapServers.join(','), topic, 'read_committed');
    assert.deepEqual(read.records.map((r) => `${r.offset}:${r.value}`), ['0:1', '1:2', '2:3', '4:4']);
    assert.equal(read.end, 6);
  } finally {
    faulty.clear();
    await producer.disconnect().catch(() => undefined);
    await cluster.close();
  }
});
