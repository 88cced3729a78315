// The default instance id is the process id kept in the state directory (Kafka Streams'
// kafka-streams-process-metadata): the same after a restart, different for another state directory,
// refused while another live instance holds the directory. Under exactly_once_v2 that keeps the
// transactional ids, so a restart after SIGKILL aborts the open transaction at once and
// read_committed readers are not held at the LSO for the transaction timeout.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { KafkaStreams, StreamsBuilder } from 'streamwise';
import { rand, startTestCluster } from '../devcluster/helpers';
import { describeProducers, listTransactions } from '../devcluster/txn/raw-txn';
import { startApp, type AppProcess } from './helpers/app-process';
import { createTopics, produce } from './helpers/kafka-io';
import { readCommitted } from './helpers/read-committed';

const appFile = fileURLToPath(new URL('../../fixtures/streams/eos-app.ts', import.meta.url));
const dirs: string[] = [];
const tempDir = () => { const d = mkdtempSync(join(tmpdir(), 'sw-state-')); dirs.push(d); return d; };
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

const processFile = (stateDir: string, appId: string) => JSON.parse(readFileSync(join(stateDir, appId, 'kafka-streams-process-metadata'), 'utf8')) as { version: number; processId: string };

let cluster: Awaited<ReturnType<typeof startTestCluster>>;
before(async () => { cluster = await startTestCluster(); });
after(async () => { await cluster.close(); });

async function appOn(appId: string, stateDir: string, extra: Record<string, unknown> = {}): Promise<KafkaStreams> {
  const [input, output] = [`${appId}-in`, `${appId}-out`];
  await createTopics(cluster.bootstrapServers, [input, output], 1);
  const b = new StreamsBuilder();
  b.stream(input).to(output);
  return new KafkaStreams(b.build(), { applicationId: appId, bootstrapServers: cluster.bootstrapServers, stateDir, ...extra });
}

/** Starts and closes an instance; returns the instance id it ran with. */
async function run(appId: string, stateDir: string, extra: Record<string, unknown> = {}): Promise<string> {
  const app = await appOn(appId, stateDir, extra);
  await app.start();
  await app.close();
  return app.config.instanceId;
}

describe('the process id in the state directory', () => {
  test('is persisted in Kafka format, kept across restarts, distinct per state directory; an explicit instanceId wins', async () => {
    const appId = rand('pid-app');
    const [dirA, dirB] = [tempDir(), tempDir()];
    const first = await run(appId, dirA);
    assert.match(first, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.deepEqual(processFile(dirA, appId), { version: 0, processId: first });
    assert.equal(await run(appId, dirA), first);
    assert.equal((await appOn(appId, dirA)).config.instanceId, first, 'known before start()');
    assert.notEqual(await run(appId, dirB), first);
    assert.equal(await run(appId, dirA, { instanceId: 'named' }), 'named');
    assert.equal(processFile(dirA, appId).processId, first);
  });

  test("a state directory held by a live instance is refused with a clear error; a dead holder's lock is taken over", async () => {
    const appId = rand('pid-lock');
    const dir = tempDir();
    const id = await run(appId, dir);
    // Another live process holds the lock (as a running instance would).
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore', detached: true });
    const gone = new Promise((r) => other.once('exit', r));
    try {
      writeFileSync(join(dir, appId, '.lock'), `${other.pid ?? 0}\n`);
      await assert.rejects((await appOn(appId, dir)).start(), new RegExp(`state directory .* is in use by process ${other.pid ?? 0}: two instances of one application on one machine need different stateDir`));
    } finally {
      process.kill(-(other.pid ?? 0), 'SIGKILL');
      await gone;
    }
    // Its holder is dead (as after SIGKILL): the lock is taken over, with the same process id.
    const next = await appOn(appId, dir);
    await next.start();
    try {
      assert.equal(next.config.instanceId, id);
      // Held in this process: a second instance here is refused until the first closes.
      await assert.rejects((await appOn(appId, dir)).start(), /is in use by another KafkaStreams instance in this process/);
    } finally {
      await next.close();
    }
    assert.equal(await run(appId, dir), id);
  });
});

describe('exactly_once_v2 without an instanceId, SIGKILL and restart (dev cluster)', () => {
  const apps: AppProcess[] = [];
  after(async () => { for (const a of apps) await a.kill(); });

  test('the restarted instance has the same transactional id: its InitProducerId aborts the open transaction at once', async () => {
    const brokers = cluster.bootstrapServers;
    const t = { input: rand('in'), output: rand('out'), counts: rand('counts'), dlq: rand('dlq'), appId: rand('stable') };
    await createTopics(brokers, [t.input, t.output, t.counts, t.dlq], 1);
    await produce(brokers, t.input, Array.from({ length: 5 }, (_, i) => ({ key: `k${i}`, value: `v${i}` })));
    const stateDir = tempDir();
    const env = { BROKERS: brokers.join(','), INPUT: t.input, OUTPUT: t.output, COUNTS: t.counts, DLQ: t.dlq, APP_ID: t.appId, STATE_DIR: stateDir };
    // An hour between commits: the first run's transaction stays open until it is killed.
    const first = startApp(appFile, { ...env, COMMIT_INTERVAL_MS: '3600000' });
    apps.push(first);
    await first.reached('RUNNING');
    const processId = processFile(stateDir, t.appId).processId;
    const txnId = `${t.appId}-${processId}-1`;
    // Its output is written (read_uncommitted) but not committed: the LSO stays at the transaction's start.
    await readCommitted(brokers, t.output, { until: (r) => r.length >= 5, isolation: 'read_uncommitted' });
    const open = await describeProducers(cluster.port, t.output, 0);
    assert.deepEqual(open.producers.map((p) => p.txnStartOffset), [0], 'an open transaction from offset 0 holds the LSO');
    assert.deepEqual((await listTransactions(cluster.port, ['Ongoing'])).txns.filter((x) => x.transactionalId.startsWith(t.appId)).map((x) => x.transactionalId), [txnId]);

    await first.kill();
    const killedAt = Date.now();
    const second = startApp(appFile, env);
    apps.push(second);
    await second.reached('RUNNING');
    const releasedWithin = Date.now() - killedAt;
    // InitProducerId (before the thread joined) aborted it: nothing holds offset 0 any more.
    const after = await describeProducers(cluster.port, t.output, 0);
    assert.ok(after.producers.every((p) => p.txnStartOffset !== 0), `still open after the restart: ${JSON.stringify(after.producers)}`);
    assert.equal(cluster.lines.some((l) => /past its timeout/.test(l.message)), false, 'aborted by the restart, not by the transaction timeout');
    const ids = (await listTransactions(cluster.port, [])).txns.filter((x) => x.transactionalId.startsWith(t.appId)).map((x) => x.transactionalId);
    assert.deepEqual(ids, [txnId], 'the restart reused the transactional id');
    // The restart reprocesses and commits: each result once.
    const out = await readCommitted(brokers, t.output, { until: (r) => r.length >= 5 });
    assert.deepEqual(out.map((r) => r.value).sort(), ['V0', 'V1', 'V2', 'V3', 'V4']);
    process.stdout.write(`# SIGKILL -> restarted instance RUNNING with the old transaction aborted: ${releasedWithin} ms (transaction timeout 10000 ms)\n`);
    assert.equal((await second.stop()).code, 0, second.output());
  });
});
