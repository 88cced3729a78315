// kill -9 of a process running the app in the middle of a stream, then a restart: every input
// record reaches the output at least once.
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { clusterKinds, type TestCluster } from './helpers/clusters';
import { consumeUntil, produce, randomName } from './helpers/kafka-io';
import { tempStateDir } from './helpers/state-dir';

const appFile = fileURLToPath(new URL('../../fixtures/streams/uppercase-app.ts', import.meta.url));

function startChild(env: Record<string, string>): { child: ChildProcess; running: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', appFile], { env: { ...process.env, STATE_DIR: tempStateDir(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr?.on('data', (c: Buffer) => { err += c.toString(); });
  const running = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`app did not reach RUNNING in 60 s: ${out}${err}`)), 60000);
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('STATE RUNNING')) { clearTimeout(timer); resolve(); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`app exited (${code}) before RUNNING: ${out}${err}`)); });
  });
  return { child, running };
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => {
  if (child.exitCode !== null || child.signalCode !== null) resolve();
  else child.once('exit', () => resolve());
});

for (const kind of clusterKinds) describe(kind.name, () => {
  let cluster: TestCluster;
  before(async () => { cluster = await kind.start(); });
  after(async () => { await cluster.close(); });

  test('kill -9 mid-stream and restart: at-least-once, nothing lost', async () => {
    const input = randomName('in');
    const output = randomName('out');
    const env = { BROKERS: cluster.brokers.join(','), INPUT: input, OUTPUT: output, APP_ID: randomName('app') };
    const batch = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ key: `k${from + i}`, value: `v${from + i}` }));
    await produce(cluster.brokers, input, batch(0, 3000));
    const first = startChild(env);
    await first.running;
    // Kill while output is still flowing.
    await consumeUntil(cluster.brokers, output, (r) => r.length >= 100);
    first.child.kill('SIGKILL');
    await exited(first.child);
    assert.equal(first.child.signalCode, 'SIGKILL');
    await produce(cluster.brokers, input, batch(3000, 3000));
    const second = startChild(env);
    try {
      await second.running;
      const want = new Set(batch(0, 6000).map((r) => r.value.toUpperCase()));
      const seen = new Set<string>();
      await consumeUntil(cluster.brokers, output, (r) => {
        const last = r[r.length - 1];
        if (last?.value != null) seen.add(last.value);
        return seen.size >= want.size;
      }, 120000);
      assert.deepEqual(seen, want);
    } finally {
      second.child.kill('SIGKILL');
      await exited(second.child);
    }
  });
});
