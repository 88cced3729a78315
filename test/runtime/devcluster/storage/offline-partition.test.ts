// A partition whose folder cannot be read at start (a real read error: the folder is a disk of
// its own, failing-disk.ts, whose blocks from the segment's on fail) is offline, as Kafka takes
// a log dir offline:
// the broker starts, metadata shows that partition with no leader (LEADER_NOT_AVAILABLE, leader
// -1, its replica offline) to kcat and kafka-python, the other partition serves, and once the
// disk reads again a restart serves every record of both.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { activeSegment, kcat, partitionDir, rand, requireKcat } from '../helpers';
import { readTopic, startBrokerProcess, type BrokerProcess } from '../broker-process';
import { failingDisk, type FailingDisk } from './failing-disk';

const script = fileURLToPath(new URL('../../../fixtures/devcluster/python-client.py', import.meta.url));
const disks: FailingDisk[] = [];
const started: BrokerProcess[] = [];
const dirs: string[] = [];
after(async () => {
  for (const b of started) await b.kill();
  for (const d of disks) d.dispose();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function kafkaPythonMetadata(brokers: string, topic: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/python3', [script, 'kafka-python', 'metadata', brokers, topic], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    let err = '';
    const timer = setTimeout(() => { try { process.kill(-(child.pid ?? 0), 'SIGKILL'); } catch { /* gone */ } }, 30_000);
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.once('error', (e) => { clearTimeout(timer); reject(new Error(`/usr/bin/python3 with python3-kafka is required: ${e.message}`)); });
    child.once('close', (code) => { clearTimeout(timer); if (code === 0) resolve(out.trim().split('\n')); else reject(new Error(`kafka-python metadata exited ${String(code)}: ${out}${err}`)); });
  });
}

interface KcatPartition { partition: number; leader: number; error?: string }

async function kcatPartitions(brokers: string, topic: string): Promise<KcatPartition[]> {
  const r = await kcat(['-b', brokers, '-L', '-J', '-t', topic]);
  assert.equal(r.code, 0, r.stderr);
  const md = JSON.parse(r.stdout) as { topics: { topic: string; partitions: KcatPartition[] }[] };
  return (md.topics.find((t) => t.topic === topic)?.partitions ?? []).map((p) => ({ partition: p.partition, leader: p.leader, ...(p.error === undefined ? {} : { error: p.error }) }));
}

test('a partition that fails to load is offline: no leader in metadata (kcat, kafka-python), the other partition serves, a restart on a healed disk serves both', async () => {
  requireKcat();
  const dir = mkdtempSync(join(tmpdir(), 'streamwise-offline-'));
  dirs.push(dir);
  let broker = await startBrokerProcess(dir, { flush: 'every' });
  started.push(broker);
  const bs = broker.brokers[0] ?? '';
  const topic = rand('offline');
  const admin = new Kafka({ clientId: 'offline-partition', brokers: [bs], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
  await admin.disconnect();
  // Partition 0's folder is a disk of its own (as a log dir of Kafka's on another disk).
  const folder = partitionDir(dir, topic, 0);
  mkdirSync(folder, { recursive: true });
  const disk = failingDisk(folder);
  disks.push(disk);
  const produce = async (p: number, n: number) => {
    const r = await kcat(['-b', bs, '-P', '-t', topic, '-p', String(p), '-K', ':'], `${Array.from({ length: n }, (_, i) => `k${p}-${i}:v${p}-${i}`).join('\n')}\n`);
    assert.equal(r.code, 0, r.stderr);
  };
  await produce(1, 20);
  await produce(0, 30);
  await broker.kill('SIGKILL');

  disk.failFrom(activeSegment(dir, topic, 0));

  broker = await startBrokerProcess(dir);
  started.push(broker);
  const live = broker.brokers[0] ?? '';
  assert.match(broker.stderr(), new RegExp(`${topic}/0 is offline: loading .* failed: .*EIO`), 'the reason is logged');
  assert.deepEqual(await kcatPartitions(live, topic), [
    { partition: 0, leader: -1, error: 'Broker: Leader not available' },
    { partition: 1, leader: 1 },
  ]);
  assert.deepEqual(await kafkaPythonMetadata(live, topic), ['partition 0 error 5 leader -1 offline 1', 'partition 1 error 0 leader 1 offline -']);
  const p1 = await kcat(['-b', live, '-C', '-t', topic, '-p', '1', '-o', 'beginning', '-e', '-q', '-f', '%k\n']);
  assert.equal(p1.stdout.trim().split('\n').length, 20, 'partition 1 serves all of its records');

  disk.heal();
  await broker.kill('SIGTERM');
  broker = await startBrokerProcess(dir);
  started.push(broker);
  assert.deepEqual((await kcatPartitions(broker.brokers[0] ?? '', topic)).map((p) => p.leader), [1, 1]);
  const all = await readTopic(broker.brokers, topic);
  assert.deepEqual([all.filter((r) => r.partition === 0).length, all.filter((r) => r.partition === 1).length], [30, 20], 'every record of both partitions after the disk healed');
});
