// The broker in its own process, really crashed and really limited: kill -9 at random points while
// records and commits are acknowledged, over several runs on one data directory, and a file-size
// limit (ulimit -f) that makes the kernel cut writes short. After every restart the checker
// finds each acknowledged record at its offset, in order, and the last acknowledged commit.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { rand, requireKcat } from '../helpers';
import { readTopic, startBrokerProcess, type BrokerProcess } from '../broker-process';
import { commitRaw, fetchCommitted } from './raw-commit';

const dirs: string[] = [];
const started: BrokerProcess[] = [];
after(async () => {
  for (const b of started) await b.kill();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const newDir = () => { const d = mkdtempSync(join(tmpdir(), 'streamwise-crash-')); dirs.push(d); return d; };
const start = async (dir: string, options?: { flush?: string; fileSizeLimitKb?: number }) => {
  const b = await startBrokerProcess(dir, options);
  started.push(b);
  return b;
};
const client = (brokers: string[]) => new Kafka({ clientId: 'crash-test', brokers, logLevel: logLevel.NOTHING, retry: { retries: 0 }, connectionTimeout: 1000 });

/** Every acknowledged record is in the log at its offset; offsets run 0..end without holes. */
async function checkRecords(brokers: string[], topic: string, acked: Map<string, string>, partitions: number): Promise<number[]> {
  const log = await readTopic(brokers, topic);
  const ends: number[] = [];
  for (let p = 0; p < partitions; p++) {
    const offsets = log.filter((r) => r.partition === p).map((r) => r.offset);
    offsets.forEach((o, i) => assert.equal(o, i, `partition ${p}: offsets run 0.. without holes or repeats`));
    ends.push(offsets.length);
  }
  const at = new Map(log.map((r) => [`${r.partition}:${r.offset}`, r.value]));
  for (const [where, value] of acked) assert.equal(at.get(where), value, `acknowledged record ${where}`);
  return ends;
}

test('kill -9 at random points over 4 runs: every acknowledged record and commit survives, in order, offsets unchanged', async () => {
  requireKcat();
  const dir = newDir();
  const topic = rand('crash');
  const groupId = rand('cg');
  const acked = new Map<string, string>();
  let lastCommit = -1;
  let pendingCommit = -1;
  for (let run = 0; run < 4; run++) {
    const broker = await start(dir);
    if (run === 0) {
      const admin = client(broker.brokers).admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
      await admin.disconnect();
    } else {
      await checkRecords(broker.brokers, topic, acked, 2);
      const committed = await fetchCommitted(broker.port, groupId, topic, 0);
      assert.ok(committed === lastCommit || committed === pendingCommit, `committed ${committed}: the last acknowledged (${lastCommit}) or the one in flight (${pendingCommit})`);
      lastCommit = committed;
    }
    const producer = client(broker.brokers).producer();
    await producer.connect();
    let alive = true;
    const produce = (async () => {
      for (let i = 0; alive; i++) {
        const partition = i % 2;
        const vs = Array.from({ length: 5 }, (_, j) => `r${run}-${i}-${j}`);
        try {
          const [res] = await producer.send({ topic, acks: -1, messages: vs.map((value) => ({ value, partition })) });
          vs.forEach((v, j) => acked.set(`${partition}:${Number(res?.baseOffset) + j}`, v));
        } catch {
          return;
        }
      }
    })();
    const commit = (async () => {
      for (let n = lastCommit + 1; alive; n++) {
        pendingCommit = n;
        try {
          if (await commitRaw(broker.port, groupId, topic, 0, n) !== 0) return;
          lastCommit = n;
        } catch {
          return;
        }
      }
    })();
    await new Promise((r) => { setTimeout(r, 150 + Math.floor(Math.random() * 350)); });
    await broker.kill('SIGKILL');
    alive = false;
    await Promise.all([produce, commit]);
    await producer.disconnect().catch(() => undefined);
  }
  const last = await start(dir);
  await checkRecords(last.brokers, topic, acked, 2);
  const committed = await fetchCommitted(last.port, groupId, topic, 0);
  assert.ok(committed === lastCommit || committed === pendingCommit, `committed ${committed} after the last crash`);
  assert.ok(acked.size > 0 && lastCommit > 0, `the runs acknowledged ${acked.size} records and commits up to ${lastCommit}`);
  await last.kill('SIGTERM');
});

test('a file-size limit (ulimit -f): the kernel cuts a write short, the produce is refused, and nothing acknowledged is lost or reused', async () => {
  requireKcat();
  const dir = newDir();
  const topic = rand('fsize');
  const limited = await start(dir, { fileSizeLimitKb: 64 });
  const kafka = client(limited.brokers);
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  const acked = new Map<string, string>();
  let refused = 0;
  for (let i = 0; i < 40 && refused < 3; i++) {
    const vs = Array.from({ length: 4 }, (_, j) => `${String(i).padStart(3, '0')}-${j}-${'x'.repeat(1000)}`);
    try {
      const [res] = await producer.send({ topic, acks: -1, messages: vs.map((value) => ({ value })) });
      vs.forEach((v, j) => acked.set(`0:${Number(res?.baseOffset) + j}`, v));
    } catch (error) {
      const e = error as Error & { type?: string; cause?: { type?: string } };
      assert.ok(e.type === 'KAFKA_STORAGE_ERROR' || e.cause?.type === 'KAFKA_STORAGE_ERROR', String(error));
      refused++;
    }
  }
  await producer.disconnect();
  assert.ok(refused > 0 && acked.size > 0, `${acked.size} acknowledged, ${refused} refused`);
  assert.match(limited.stderr(), /not acknowledged: .*short write|not acknowledged: .*EFBIG/);
  await limited.kill('SIGTERM');
  const free = await start(dir);
  const [end] = await checkRecords(free.brokers, topic, acked, 1);
  assert.equal(end, acked.size, 'exactly the acknowledged records');
  const p2 = client(free.brokers).producer();
  await p2.connect();
  const [res] = await p2.send({ topic, acks: -1, messages: [{ value: 'after' }] });
  assert.equal(res?.baseOffset, String(acked.size), 'the next record takes the next offset: none reused');
  await p2.disconnect();
  await free.kill('SIGTERM');
});
