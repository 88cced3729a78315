// Idempotent producer state across real crashes: librdkafka's idempotent producer
// (python3-confluent-kafka) keeps producing while the broker process is killed with SIGKILL and
// restarted on the same port and data directory. Its retries of batches in flight must be
// answered as duplicates (never appended twice) and its next batches accepted (never
// OutOfOrderSequence), also once DeleteRecords (or retention) has removed the segments that held
// its batches: the producer snapshots written at segment rolls keep its state (as Kafka's do).
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { ErrorCode } from '../../../../runtime/src/devcluster/protocol/error-codes';
import { kcat, rand, requireKcat } from '../helpers';
import { readTopic, startBrokerProcess, type BrokerProcess } from '../broker-process';
import { idempotentBatch, initProducerId, produceBatch } from '../raw-produce';

const script = fileURLToPath(new URL('../../../fixtures/devcluster/idempotent-producer.py', import.meta.url));
const PYTHON = '/usr/bin/python3';

const dirs: string[] = [];
const started: BrokerProcess[] = [];
const children: number[] = [];
after(async () => {
  for (const b of started) await b.kill();
  for (const pid of children) { try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ } }
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Producer { acked: Map<number, number>; lines: string[]; untilAcked(n: number): Promise<void>; done: Promise<number | null> }

function producer(brokers: string, topic: string, count: number): Producer {
  const child = spawn(PYTHON, [script, brokers, topic, String(count)], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.push(child.pid ?? 0);
  const acked = new Map<number, number>();
  const lines: string[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  let rest = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    const parts = (rest + d.toString()).split('\n');
    rest = parts.pop() ?? '';
    for (const l of parts) {
      lines.push(l);
      const m = /^acked (\d+) (\d+)$/.exec(l);
      if (m !== null) acked.set(Number(m[1]), Number(m[2]));
    }
    for (const w of [...waiters]) if (acked.size >= w.n) { waiters.splice(waiters.indexOf(w), 1); w.resolve(); }
  });
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const done = new Promise<number | null>((resolve, reject) => {
    child.once('error', (e) => reject(new Error(`${PYTHON} with python3-confluent-kafka is required (apt-get install python3-confluent-kafka): ${e.message}`)));
    child.once('close', (code) => { if (err !== '') lines.push(`stderr: ${err}`); resolve(code); });
  });
  const untilAcked = (n: number) => acked.size >= n ? Promise.resolve() : new Promise<void>((resolve, reject) => {
    waiters.push({ n, resolve });
    void done.then(() => reject(new Error(`the producer ended with ${acked.size} acknowledged, waiting for ${n}:\n${lines.slice(-20).join('\n')}`)));
  });
  return { acked, lines, untilAcked, done };
}

test('librdkafka idempotent producer across 3 SIGKILLs of the broker: every record once, at its acknowledged offset, no sequence error', async () => {
  requireKcat();
  const dir = mkdtempSync(join(tmpdir(), 'streamwise-pidsnap-'));
  dirs.push(dir);
  const topic = rand('idem');
  const count = 3000;
  // Small segments: the log rolls many times while the producer runs.
  const env = { segmentBytes: 16 * 1024 };
  let broker = await startBrokerProcess(dir, env);
  started.push(broker);
  const port = broker.port;
  const p = producer(`127.0.0.1:${port}`, topic, count);
  for (const at of [400, 1200, 2000]) {
    await p.untilAcked(at);
    await broker.kill('SIGKILL');
    broker = await startBrokerProcess(dir, { ...env, port });
    started.push(broker);
  }
  const code = await p.done;
  const problems = p.lines.filter((l) => /^(error|fatal)/.test(l));
  assert.deepEqual(problems, [], 'no failed delivery and no fatal idempotence error');
  assert.equal(code, 0, p.lines.slice(-5).join('\n'));
  const log = await readTopic(broker.brokers, topic);
  const seen = new Map<string, number[]>();
  for (const r of log) seen.set(r.key, [...(seen.get(r.key) ?? []), r.offset]);
  const twice = [...seen].filter(([, offsets]) => offsets.length > 1);
  assert.deepEqual(twice.slice(0, 5), [], 'no record appended twice');
  for (const [i, offset] of p.acked) assert.deepEqual(seen.get(`k${i}`), [offset], `k${i} at its acknowledged offset`);
  assert.equal(log.length, count);
});

test('after DeleteRecords removed all of a producer\'s batches and a SIGKILL: its retry is a duplicate, a gap is refused, the next batch is taken', async () => {
  requireKcat();
  const dir = mkdtempSync(join(tmpdir(), 'streamwise-pidsnap-'));
  dirs.push(dir);
  const topic = rand('purged');
  let broker = await startBrokerProcess(dir, { segmentBytes: 4096 });
  started.push(broker);
  const kafka = new Kafka({ clientId: 'pidsnap', brokers: broker.brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
  const { producerId, epoch } = await initProducerId(broker.port);
  for (let seq = 0; seq < 9; seq += 3) assert.deepEqual(await produceBatch(broker.port, topic, 0, idempotentBatch(producerId, epoch, seq, 3)), { errorCode: 0, baseOffset: seq });
  // Another producer fills the next segments (librdkafka through kcat).
  const filler = Array.from({ length: 120 }, (_, i) => `f${i}:${'x'.repeat(100)}`).join('\n');
  assert.equal((await kcat(['-b', broker.brokers[0] ?? '', '-P', '-t', topic, '-p', '0', '-K', ':'], `${filler}\n`)).code, 0);
  const end = Number((await admin.fetchTopicOffsets(topic))[0]?.high);
  assert.equal(end, 129);
  // A Kafka Streams-style purge up to the end: every segment holding the producer's batches goes.
  await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: String(end) }] });
  assert.equal((await admin.fetchTopicOffsets(topic))[0]?.low, String(end));
  await admin.disconnect();
  await broker.kill('SIGKILL');
  broker = await startBrokerProcess(dir, { segmentBytes: 4096 });
  started.push(broker);
  // The retry of its last batch (its answer was lost with the crash) is not appended again.
  assert.deepEqual(await produceBatch(broker.port, topic, 0, idempotentBatch(producerId, epoch, 6, 3)), { errorCode: 0, baseOffset: 6 }, 'the retry gets its original offset');
  assert.equal((await produceBatch(broker.port, topic, 0, idempotentBatch(producerId, epoch, 12, 1))).errorCode, ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, 'a gap is refused');
  assert.deepEqual(await produceBatch(broker.port, topic, 0, idempotentBatch(producerId, epoch, 9, 1)), { errorCode: 0, baseOffset: end }, 'the next sequence is taken');
  const log = await readTopic(broker.brokers, topic);
  assert.deepEqual(log.map((r) => `${r.offset}:${r.key}`), [`${end}:v9`], 'nothing but the next batch after the purge');
});
