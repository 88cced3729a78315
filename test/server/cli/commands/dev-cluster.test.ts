// `streamwise dev-cluster`: prints the bootstrap address, serves clients, exits 0 on SIGTERM.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';

const root = fileURLToPath(new URL('../../../..', import.meta.url));

function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms); })])
    .finally(() => clearTimeout(timer));
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`dev-cluster prints its address, serves kafkajs and stops with exit 0 on ${signal}`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'streamwise-cli-dc-'));
    const child = spawn(process.execPath, ['dist/cli.js', 'dev-cluster', '--port', '0', '--data-dir', dataDir, '--partitions', '3'], { cwd: root });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const address = await within(15_000, 'the address line', new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /dev cluster listening on (127\.0\.0\.1:\d+)/.exec(out);
          if (m?.[1] !== undefined) resolve(m[1]);
        });
        child.on('exit', () => reject(new Error(`exited early: ${stderr}`)));
      }));
      const kafka = new Kafka({ clientId: 'cli-test', brokers: [address], logLevel: logLevel.NOTHING });
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic: 'cli-topic', messages: [{ value: 'x' }] });
      await producer.disconnect();
      const admin = kafka.admin();
      await admin.connect();
      const meta = await admin.fetchTopicMetadata({ topics: ['cli-topic'] });
      await admin.disconnect();
      assert.equal(meta.topics[0]?.partitions.length, 3);
      child.kill(signal);
      assert.equal(await within(15_000, 'exit', exited), 0);
      assert.match(stderr, new RegExp(`dev cluster stopped \\(${signal}\\)`));
      // The topic was recorded in the data directory's journal (one CRC-prefixed JSON line per change).
      const created = readFileSync(join(dataDir, 'topics.journal'), 'utf8').split('\n').filter((l) => l !== '')
        .map((l) => JSON.parse(l.slice(9)) as { op: string; name: string; partitions: number })
        .find((e) => e.op === 'create' && e.name === 'cli-topic');
      assert.equal(created?.partitions, 3);
    } finally {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
}

test('dev-cluster rejects bad options with exit 2 and the usage line', () => {
  for (const args of [['--port', 'abc'], ['--partitions', '0'], ['--nope']]) {
    const r = spawnSync(process.execPath, ['dist/cli.js', 'dev-cluster', ...args], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, /\(streamwise dev-cluster --help shows the usage\)\n$/);
  }
});

test('dev-cluster on a port already in use exits 1 with a message naming it', async () => {
  const { createServer } = await import('node:net');
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
  const address = blocker.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  try {
    const child = spawn(process.execPath, ['dist/cli.js', 'dev-cluster', '--port', String(port)], { cwd: root });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const code = await within(15_000, 'exit', new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c))));
    assert.equal(code, 1);
    assert.match(stderr, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE`));
  } finally {
    blocker.close();
  }
});
