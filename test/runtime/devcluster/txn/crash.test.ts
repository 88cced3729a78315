// A broker killed with SIGKILL in the middle of a transaction: after the restart the transaction
// is aborted (read_committed readers never see it, the end moves past the abort marker) and the
// committed data and offsets around it are intact.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { requireKcat } from '../helpers';
import { startBrokerProcess } from '../broker-process';
import { readPartition, txnClient } from './peers';
import { describeTransactions } from './raw-txn';

const dirs: string[] = [];
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

test('SIGKILL mid-transaction, restart: the open transaction is aborted', async () => {
  requireKcat();
  const dataDir = mkdtempSync(join(tmpdir(), 'eos-crash-'));
  dirs.push(dataDir);
  const topic = 'crash-txn';
  const first = await startBrokerProcess(dataDir);
  let holder: ReturnType<typeof txnClient> | undefined;
  try {
    assert.match(await txnClient(['plan', first.brokers[0] ?? '', topic, 'tx-before', 'c3']).done, /done/);
    // Offsets committed in a transaction (eos: 3 records copied, offset 3) survive the restart.
    assert.match(await txnClient(['eos', first.brokers[0] ?? '', topic, `${topic}-copy`, 'crash-g', 'tx-eos', '3']).done, /copied 3/);
    // The open transaction also holds an offset (999) for the same group: it must vanish.
    holder = txnClient(['hold', first.brokers[0] ?? '', topic, 'tx-crash', '4', 'crash-g']);
    void holder.done.catch(() => { /* killed below */ });
    // Started after the commit above: 0-2 committed, 3 marker, 4-7 open.
    assert.equal(await holder.next(/^open /), 'open 4 8');
  } finally {
    await first.kill('SIGKILL');
    holder?.kill();
  }
  const broker = await startBrokerProcess(dataDir);
  try {
    const b = broker.brokers[0] ?? '';
    assert.match(broker.stderr(), /aborting a transaction left open by the last shutdown/);
    const read = await readPartition(b, topic, 'read_committed');
    assert.deepEqual(read.records.map((r) => r.key).sort(), ['0-0', '0-1', '0-2']);
    assert.equal(read.end, 9);
    const all = await readPartition(b, topic, 'read_uncommitted');
    assert.equal(all.records.filter((r) => r.key.startsWith('open-')).length, 4);
    const [state] = await describeTransactions(broker.port, ['tx-crash']);
    assert.equal(state?.state, 'CompleteAbort');
    const admin = new Kafka({ clientId: 'crash', brokers: broker.brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    assert.equal((await admin.fetchOffsets({ groupId: 'crash-g', topics: [topic] }))[0]?.partitions[0]?.offset, '3');
    await admin.disconnect();
    assert.equal((await readPartition(b, `${topic}-copy`, 'read_committed')).records.length, 3);
    // The producer id of the aborted transaction can go on: a new instance initializes and commits.
    assert.match(await txnClient(['plan', b, topic, 'tx-crash', 'c1']).done, /done/);
    const after2 = await readPartition(b, topic, 'read_committed');
    assert.equal(after2.records.length, 4);
  } finally {
    await broker.kill('SIGTERM');
  }
});
