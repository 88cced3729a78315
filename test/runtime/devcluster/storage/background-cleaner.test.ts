// The cleaner runs in the background, as Kafka's: while a clean is held at the disk layer,
// produces to the same partition are acknowledged (event order, no timing). Each step of the
// clean is also a crash point: the data directory is copied exactly as the held broker leaves it
// (what a kill -9 leaves on disk), and a broker started on the copy serves every acknowledged
// record's latest value per key, each record at its offset with its value.
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { readTopic, type LogRecord } from '../broker-process';
import { rand, requireKcat, startTestCluster, within } from '../helpers';
import { faultyOps } from './faults';

const dirs: string[] = [];
const newDir = () => { const d = mkdtempSync(join(tmpdir(), 'streamwise-bg-clean-')); dirs.push(d); return d; };
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

type Acked = Map<number, [string, string]>;

/** Offsets only go up, every record is the one acknowledged at its offset, and each key's last
 *  record is its last acknowledged value. */
function check(records: LogRecord[], acked: Acked, what: string): void {
  records.forEach((r, i) => {
    if (i > 0) assert.ok(r.offset > (records[i - 1]?.offset ?? -1), `${what}: offsets go up`);
    assert.deepEqual([r.key, r.value], acked.get(r.offset), `${what}: the record at ${r.offset} is the one acknowledged there`);
  });
  const lastAcked = new Map<string, string>();
  for (const [, [key, value]] of [...acked].sort((a, b) => a[0] - b[0])) lastAcked.set(key, value);
  const lastRead = new Map<string, string>();
  for (const r of records) lastRead.set(r.key, r.value);
  assert.deepEqual([...lastRead].sort(), [...lastAcked].sort(), `${what}: every key's latest acknowledged value`);
}

test('compaction runs beside appends, and a crash at any step of it loses nothing acknowledged', async () => {
  requireKcat();
  const dataDir = newDir();
  const faulty = faultyOps();
  const topic = rand('bg-clean');
  const cluster = await startTestCluster({ dataDir, fileOps: faulty.ops, cleanerIntervalMs: 20 });
  const crashes: { dir: string; acked: Acked }[] = [];
  const acked: Acked = new Map();
  const crash = () => { const dir = newDir(); cpSync(dataDir, dir, { recursive: true }); crashes.push({ dir, acked: new Map(acked) }); };
  try {
    const kafka = new Kafka({ clientId: 'bg-clean', brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING, retry: { retries: 0 } });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }, { name: 'segment.bytes', value: '1024' }] }] });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    const send = async (round: number) => {
      // Ten keys rewritten every round, and one written once (so every clean keeps something).
      const messages = [...Array.from({ length: 10 }, (_, k) => ({ key: `k${k}`, value: `r${round}-${'x'.repeat(30)}` })), { key: `once-${round}`, value: `r${round}` }];
      const [res] = await producer.send({ topic, acks: -1, messages });
      messages.forEach((m, i) => acked.set(Number(res?.baseOffset) + i, [m.key, m.value]));
    };
    // The first clean is held at the write of its cleaned segment.
    const writes = faulty.holdWrites(/\.cleaned$/);
    let round = 0;
    await within(30_000, 'rounds until a clean starts', (async () => { while (round < 4) await send(round++); })());
    await within(20_000, 'the cleaner to write its cleaned segment', writes.reached);
    // Held mid-clean: appends to the partition go on and are acknowledged.
    await within(20_000, 'produces while the clean is held', (async () => { for (const stop = round + 8; round < stop;) await send(round++); })());
    crash();
    const unlinks = faulty.holdUnlinks(/\d{20}\.log$/);
    writes.release();
    await within(20_000, 'the old segments to be deleted', unlinks.reached);
    crash();
    const renames = faulty.holdRenames(/\.swap$/);
    unlinks.release();
    await within(20_000, 'the swap to be renamed into place', renames.reached);
    crash();
    renames.release();
    // Queued behind the swap: acknowledged once the clean is in place.
    await send(round++);
    const live = await readTopic(cluster.bootstrapServers, topic);
    check(live, acked, 'live');
    assert.ok(live.length < acked.size, `${live.length} of ${acked.size} records left after the clean`);
    await producer.disconnect();
  } finally {
    faulty.clear();
    await cluster.close();
  }
  assert.equal(crashes.length, 3);
  for (const [i, c] of crashes.entries()) {
    const restarted = await startTestCluster({ dataDir: c.dir });
    try {
      check(await readTopic(restarted.bootstrapServers, topic), c.acked, `crash point ${i + 1}`);
    } finally {
      await restarted.close();
    }
  }
});
