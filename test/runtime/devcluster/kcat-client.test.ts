// The dev cluster against kcat (librdkafka 2.0.2), a client no one here wrote.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { kcat, rand, requireKcat, startTestCluster, within } from './helpers';

let cluster: Awaited<ReturnType<typeof startTestCluster>>;
let broker: string;
let kafka: Kafka;

before(async () => {
  requireKcat();
  cluster = await startTestCluster({ defaultPartitions: 2 });
  broker = cluster.bootstrapServers[0] ?? '';
  kafka = new Kafka({ clientId: 'kcat-test', brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING });
});
after(() => cluster.close());

test('kcat -L lists the broker and topics with partitions', async () => {
  const topic = rand('meta');
  await cluster.createTopic(topic, 3);
  const r = await kcat(['-b', broker, '-L']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`broker 1 at ${broker.replace(/\./g, '\\.')}`));
  assert.match(r.stdout, new RegExp(`topic "${topic}" with 3 partitions`));
});

test('kcat produces with keys and consumes from the beginning; kafkajs reads the same records', async () => {
  const topic = rand('kcat-p');
  await cluster.createTopic(topic, 1);
  const p = await kcat(['-b', broker, '-P', '-t', topic, '-K:'], 'k1:v1\nk2:v2\nk3:v3\n');
  assert.equal(p.code, 0, p.stderr);
  const c = await kcat(['-b', broker, '-C', '-t', topic, '-o', 'beginning', '-e', '-f', '%k=%s@%o\\n']);
  assert.equal(c.code, 0, c.stderr);
  assert.deepEqual(c.stdout.trim().split('\n'), ['k1=v1@0', 'k2=v2@1', 'k3=v3@2']);

  const consumer = kafka.consumer({ groupId: rand('g'), maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const got: string[] = [];
  await within(20_000, 'kafkajs reading kcat records', new Promise<void>((resolve) => {
    void consumer.run({ eachMessage: async ({ message }) => {
      got.push(`${String(message.key)}=${String(message.value)}`);
      if (got.length === 3) resolve();
    } });
  }));
  await consumer.disconnect();
  assert.deepEqual(got, ['k1=v1', 'k2=v2', 'k3=v3']);
});

test('an idempotent kcat producer (InitProducerId v4, flexible) stores each record once', async () => {
  const topic = rand('kcat-idem');
  await cluster.createTopic(topic, 1);
  const p = await kcat(['-b', broker, '-P', '-t', topic, '-X', 'enable.idempotence=true', '-K:'], 'a:1\nb:2\nc:3\n');
  assert.equal(p.code, 0, p.stderr);
  const c = await kcat(['-b', broker, '-C', '-t', topic, '-o', 'beginning', '-e', '-f', '%k=%s@%o\\n']);
  assert.deepEqual(c.stdout.trim().split('\n'), ['a=1@0', 'b=2@1', 'c=3@2']);
});

test('kcat consumes what kafkajs produced, keys and headers included', async () => {
  const topic = rand('kjs-p');
  await cluster.createTopic(topic, 1);
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: [{ key: 'a', value: 'x', headers: { h: 'y' } }, { key: 'b', value: 'z' }] });
  await producer.disconnect();
  const c = await kcat(['-b', broker, '-C', '-t', topic, '-o', 'beginning', '-e', '-f', '%k=%s %h\\n']);
  assert.equal(c.code, 0, c.stderr);
  assert.deepEqual(c.stdout.split('\n').map((l) => l.trimEnd()).filter((l) => l !== ''), ['a=x h=y', 'b=z']);
});

test('kcat -G consumes as a group member and commits offsets that kafkajs reads back', async () => {
  const topic = rand('kcat-g');
  const groupId = rand('kg');
  await cluster.createTopic(topic, 2);
  const p = await kcat(['-b', broker, '-P', '-t', topic, '-K:', '-p', '0'], 'a:1\nb:2\n');
  assert.equal(p.code, 0, p.stderr);
  const g = await kcat(['-b', broker, '-G', groupId, '-X', 'auto.offset.reset=earliest', '-e', '-f', '%k=%s\\n', topic]);
  assert.equal(g.code, 0, g.stderr);
  assert.deepEqual(g.stdout.trim().split('\n'), ['a=1', 'b=2']);
  assert.match(g.stderr, /assigned: .*\[0\].*\[1\]/);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    assert.equal(offsets?.partitions.find((x) => x.partition === 0)?.offset, '2');
  } finally {
    await admin.disconnect();
  }
});

test('a kcat group member that dies is evicted after its session timeout and the other takes over', async () => {
  const topic = rand('kcat-evict');
  const groupId = rand('ke');
  await cluster.createTopic(topic, 2);
  const start = () => {
    const child = spawn('kcat', ['-b', broker, '-G', groupId, '-X', 'session.timeout.ms=2000', '-X', 'heartbeat.interval.ms=200', '-f', '%s\\n', topic], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const waiters: { re: RegExp; resolve: () => void }[] = [];
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      for (const w of [...waiters]) if (w.re.test(stderr)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(); }
    });
    const saw = (re: RegExp) => (re.test(stderr) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ re, resolve })));
    return { child, saw, reset: () => { stderr = ''; } };
  };
  const a = start();
  const b = start();
  try {
    await within(30_000, 'both kcat members assigned one partition', Promise.all([
      a.saw(/assigned: [^\n]*\[\d\]\n/), b.saw(/assigned: [^\n]*\[\d\]\n/),
    ]));
    b.reset();
    a.child.kill('SIGKILL'); // no LeaveGroup: only the session timeout can evict it
    await within(30_000, 'the survivor assigned both partitions', b.saw(/assigned: [^\n]*\[0\], [^\n]*\[1\]/));
  } finally {
    a.child.kill('SIGKILL');
    b.child.kill('SIGKILL');
  }
});
