// Clients nobody here wrote, against the dev cluster: librdkafka (kcat, python3-confluent-kafka)
// and kafka-python (python3-kafka) produce and consume with every codec they support (the batch
// is stored and served as compressed), use consumer groups with commits, and run admin calls.
// They are required, never skipped: CI installs them (.ci/run).
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { kcat, rand, requireKcat, startTestCluster } from './helpers';

type Cluster = Awaited<ReturnType<typeof startTestCluster>>;
const script = fileURLToPath(new URL('../../fixtures/devcluster/python-client.py', import.meta.url));
// Debian's interpreter: its python3-kafka / python3-confluent-kafka, not a virtualenv's.
const PYTHON = '/usr/bin/python3';

function python(args: string[], timeoutMs = 45_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    const timer = setTimeout(() => { try { process.kill(-(child.pid ?? 0), 'SIGKILL'); } catch { /* gone */ } }, timeoutMs);
    child.once('error', (e) => { clearTimeout(timer); reject(new Error(`${PYTHON} is required (apt-get install python3-kafka python3-confluent-kafka): ${e.message}`)); });
    child.once('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`python-client ${args.slice(0, 2).join(' ')} exited ${String(code)}\n${err}`));
    });
  });
}

const lines = (s: string) => s.split('\n').filter((l) => l !== '' && l.includes('='));
const expected = (n: number) => Array.from({ length: n }, (_, i) => `k${i}=v${i}`);

let cluster: Cluster;
before(async () => { requireKcat(); cluster = await startTestCluster({ defaultPartitions: 1 }); });
after(async () => { await cluster.close(); });
const brokers = () => cluster.bootstrapServers.join(',');

describe('librdkafka (kcat): every codec is really compressed and read back', () => {
  for (const codec of ['none', 'gzip', 'snappy', 'lz4', 'zstd']) {
    test(codec, async () => {
      const topic = rand(`kcat-${codec}`);
      // Compressible values: librdkafka sends a batch uncompressed when compressing does not shrink it.
      const pad = 'z'.repeat(200);
      const want = expected(20).map((l) => `${l}${pad}`);
      const input = want.map((l) => l.replace('=', '\t')).join('\n');
      const p = await kcat(['-b', brokers(), '-P', '-t', topic, '-K', '\t', '-z', codec, '-X', 'linger.ms=20', '-d', 'msg'], `${input}\n`);
      assert.equal(p.code, 0, p.stderr);
      assert.doesNotMatch(p.stderr, /does not support compression/);
      // librdkafka's own account of the batch it sent: compressed, not "uncompressed".
      const sent = p.stderr.split('\n').filter((l) => l.includes('Produce MessageSet'));
      assert.ok(sent.length > 0, p.stderr);
      for (const l of sent) assert.equal(l.includes('uncompressed)'), codec === 'none', l);
      const c = await kcat(['-b', brokers(), '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%k=%s\n']);
      assert.deepEqual(lines(c.stdout), want);
      // The broker reads the compressed batch itself when asked for an offset by time.
      const admin = new Kafka({ clientId: 'codec', brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      assert.deepEqual((await admin.fetchTopicOffsetsByTimestamp(topic, 0)).map((o) => o.offset), ['0']);
      await admin.disconnect();
    });
  }
});

describe('python3-confluent-kafka (librdkafka 2.0.2, idempotent producer)', () => {
  for (const codec of ['none', 'gzip', 'snappy', 'lz4', 'zstd']) {
    test(`produce ${codec}, consume in a group with a commit`, async () => {
      const topic = rand(`ck-${codec}`);
      const group = rand('ckg');
      assert.match(await python(['confluent', 'produce', brokers(), topic, codec, '30']), /produced 30/);
      assert.deepEqual(lines(await python(['confluent', 'consume', brokers(), topic, codec, '30', group])), expected(30));
      const admin = new Kafka({ clientId: 'ck', brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      assert.equal((await admin.fetchOffsets({ groupId: group, topics: [topic] }))[0]?.partitions[0]?.offset, '30');
      await admin.disconnect();
    });
  }
  test('admin: create topics, create partitions, list topics and groups', async () => {
    const topic = rand('ck-admin');
    const out = await python(['confluent', 'admin', brokers(), topic]);
    assert.match(out, /partitions 5/);
  });
});

describe('python3-kafka (kafka-python 2.0.2, its own protocol implementation)', () => {
  for (const codec of ['none', 'gzip', 'snappy', 'lz4', 'zstd']) {
    test(`produce ${codec}, read by librdkafka and kafka-python in a group`, async () => {
      const topic = rand(`kp-${codec}`);
      const group = rand('kpg');
      assert.match(await python(['kafka-python', 'produce', brokers(), topic, codec, '25']), /produced 25/);
      const c = await kcat(['-b', brokers(), '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%k=%s\n']);
      assert.deepEqual(lines(c.stdout), expected(25));
      assert.deepEqual(lines(await python(['kafka-python', 'consume', brokers(), topic, codec, '25', group])), expected(25));
    });
  }
  test('admin: create topics, create partitions, list groups and group offsets', async () => {
    const topic = rand('kp-admin');
    const group = rand('kpa');
    const admin = new Kafka({ clientId: 'kp', brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const out = await python(['kafka-python', 'admin', brokers(), topic, 'none', '0', group]);
    assert.equal((await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]?.partitions.length, 5);
    await admin.disconnect();
    assert.match(out, /groups \[/);
  });
});
