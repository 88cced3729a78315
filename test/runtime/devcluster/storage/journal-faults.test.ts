// topics.journal on a real disk that fails: the data directory lies on a disk (failing-disk.ts)
// whose blocks past the journal's fail in the block layer, so the journal's fsync really fails. A topic created then must be refused with a clear error to the client (librdkafka's
// admin client), never acknowledged and lost: no metadata shows it, later changes are refused
// too (a failed fsync is final, the kernel would report success the next time), and after a
// restart the topics from before are there and the refused one is not.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { kcat, rand, requireKcat } from '../helpers';
import { startBrokerProcess, type BrokerProcess } from '../broker-process';
import { failingDisk, type FailingDisk } from './failing-disk';

const script = fileURLToPath(new URL('../../../fixtures/devcluster/python-client.py', import.meta.url));
const PYTHON = '/usr/bin/python3';
const disks: FailingDisk[] = [];
const started: BrokerProcess[] = [];
after(async () => {
  for (const b of started) await b.kill();
  for (const d of disks) d.dispose();
});

/** confluent-kafka's AdminClient.create_topics: "created" or "error <code> <message>". */
function createTopic(brokers: string, topic: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [script, 'confluent', 'create', brokers, topic], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    let err = '';
    const timer = setTimeout(() => { try { process.kill(-(child.pid ?? 0), 'SIGKILL'); } catch { /* gone */ } }, 30_000);
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.once('error', (e) => { clearTimeout(timer); reject(new Error(`${PYTHON} with python3-confluent-kafka is required: ${e.message}`)); });
    child.once('close', (code) => { clearTimeout(timer); if (code === 0) resolve(out.trim()); else reject(new Error(`create ${topic} exited ${String(code)}: ${out}${err}`)); });
  });
}

async function topicNames(brokers: string): Promise<string[]> {
  const r = await kcat(['-b', brokers, '-L', '-J']);
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as { topics: { topic: string }[] }).topics.map((t) => t.topic);
}

test('topics.journal fsync fails (EIO from the disk): the creation is refused with a clear error, never acknowledged, and not there after a restart', async () => {
  requireKcat();
  const disk = failingDisk();
  disks.push(disk);
  const dir = `${disk.dir}/data`;
  let broker = await startBrokerProcess(dir);
  started.push(broker);
  const bs = broker.brokers[0] ?? '';
  const kept = rand('kept');
  assert.equal(await createTopic(bs, kept), 'created');
  // More topics bring the journal near the end of its 4 KiB block, so the refused topic's line
  // needs the next block: the one that fails.
  const lost = `${rand('refused')}-${'r'.repeat(200)}`;
  const admin = new Kafka({ clientId: 'journal-faults', brokers: [bs], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  const journal = `${dir}/topics.journal`;
  while (4096 - (statSync(journal).size % 4096) > lost.length + 20) await admin.createTopics({ topics: [{ topic: rand('pad') }] });
  await admin.disconnect();

  disk.failPast(journal);
  const answer = await createTopic(bs, lost);
  assert.match(answer, /^error KAFKA_STORAGE_ERROR fsync of \S*topics\.journal failed: EIO/, 'a clear error naming the journal and the failed fsync');
  assert.ok(!(await topicNames(bs)).includes(lost), 'no metadata shows the refused topic');

  // The disk works again, but the journal's state after a failed fsync is unknown: refused until restart.
  disk.heal();
  assert.match(await createTopic(bs, rand('after')), /^error KAFKA_STORAGE_ERROR .*restart/i, 'later changes are refused until a restart');

  await broker.kill('SIGTERM');
  broker = await startBrokerProcess(dir);
  started.push(broker);
  const names = await topicNames(broker.brokers[0] ?? '');
  assert.ok(names.includes(kept), 'the topic acknowledged before the fault survived');
  assert.ok(!names.includes(lost), 'the refused topic is not there after the restart');
  assert.equal(await createTopic(broker.brokers[0] ?? '', lost), 'created', 'after the restart it can be created');
});
