// LinkedIn's Burrow (Debian burrow 1.2.1, with Debian's ZooKeeper for its own state) reads the
// dev cluster's __consumer_offsets topic, finds the group and reports its lag per partition, and
// `streamwise lag` reports the same numbers. Required, never skipped: CI installs both (.ci/run).
import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { KafkaStreams, StreamsBuilder } from 'streamwise';
import { rand, startTestCluster } from './helpers';
import { commitRaw } from './storage/raw-commit';
import { tempStateDir } from '../streams/helpers/state-dir';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'streamwise-burrow-'));
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) { try { process.kill(-(c.pid ?? 0), 'SIGKILL'); } catch { /* gone */ } }
  rmSync(dir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a !== null ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Resolves once ZooKeeper answers its 'ruok' health check with 'imok' (its JVM takes seconds). */
async function zookeeperReady(port: number, what: () => string, timeoutMs = 30_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; ;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      let answer = '';
      s.once('connect', () => s.write('ruok'));
      s.on('data', (d: Buffer) => { answer += d.toString(); });
      s.once('close', () => resolve(answer === 'imok'));
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) assert.fail(`ZooKeeper on ${port} not ready after ${timeoutMs} ms: ${what()}`);
    await new Promise((r) => { setTimeout(r, 200); });
  }
}

function start(command: string, args: string[], env: Record<string, string> = {}): { child: ChildProcess; output: () => string } {
  const child = spawn(command, args, { cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { out += d.toString(); });
  child.once('error', (e) => { out += `\nspawn failed: ${e.message}`; });
  return { child, output: () => out };
}

interface BurrowPartition { topic: string; partition: number; current_lag: number; end: { offset: number } | null; owner?: string; client_id?: string }

test('Burrow reports the group and its lag from __consumer_offsets, agrees with `streamwise lag`, and shows the owners of a running app', async () => {
  for (const [bin, pkg] of [['/usr/bin/Burrow', 'burrow'], ['/usr/share/zookeeper/bin/zkServer.sh', 'zookeeper']] as const) {
    const r = spawnSync('test', ['-x', bin]);
    if (r.status !== 0) throw new Error(`${bin} is required for this test: apt-get install -y ${pkg}`);
  }
  const cluster = await startTestCluster({ defaultPartitions: 2 });
  try {
    const topic = rand('burrow');
    const group = rand('bg');
    await cluster.createTopic(topic, 2);
    const producer = new Kafka({ clientId: 'burrow-test', brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: Array.from({ length: 20 }, (_, i) => ({ value: `v${i}`, partition: 0 })) });
    await producer.send({ topic, acks: -1, messages: Array.from({ length: 12 }, (_, i) => ({ value: `w${i}`, partition: 1 })) });
    await producer.disconnect();
    // Lag 5 on partition 0, none on partition 1 (committed twice so Burrow has a window).
    for (const [p0, p1] of [[10, 8], [15, 12]]) {
      assert.equal(await commitRaw(cluster.port, group, topic, 0, p0 ?? 0), 0);
      assert.equal(await commitRaw(cluster.port, group, topic, 1, p1 ?? 0), 0);
    }

    const zkPort = await freePort();
    writeFileSync(join(dir, 'zoo.cfg'), [
      `dataDir=${join(dir, 'zk-data')}`, `clientPort=${zkPort}`, 'clientPortAddress=127.0.0.1', 'admin.enableServer=false',
      'tickTime=500', 'initLimit=5', 'syncLimit=2', '4lw.commands.whitelist=ruok',
    ].join('\n'));
    const zk = start('/usr/share/zookeeper/bin/zkServer.sh', ['start-foreground', join(dir, 'zoo.cfg')], { JVMFLAGS: '-Xmx256m', ZOO_LOG_DIR: dir, ZOO_LOG4J_PROP: 'WARN,CONSOLE' });
    await zookeeperReady(zkPort, () => zk.output());
    const httpPort = await freePort();
    writeFileSync(join(dir, 'burrow.toml'), `
[general]
pidfile="${join(dir, 'burrow.pid')}"
[logging]
level="debug"
[zookeeper]
servers=["127.0.0.1:${zkPort}"]
timeout=6
root-path="/burrow"
[client-profile.dev]
client-id="burrow-dev"
kafka-version="2.0.0"
[cluster.dev]
class-name="kafka"
servers=["${cluster.bootstrapServers.join('","')}"]
client-profile="dev"
topic-refresh=1
offset-refresh=1
[consumer.dev]
class-name="kafka"
cluster="dev"
servers=["${cluster.bootstrapServers.join('","')}"]
client-profile="dev"
start-latest=false
[httpserver.default]
address="127.0.0.1:${httpPort}"
[storage.default]
class-name="inmemory"
workers=2
intervals=10
min-distance=1
expire-group=604800
`);
    // ZooKeeper answers 'imok' a moment before it accepts sessions; Burrow exits when its first
    // session fails, so it gets a few starts.
    let burrow = start('/usr/bin/Burrow', ['-config-dir', dir]);
    for (let attempt = 1; ; attempt++) {
      const outcome = await new Promise<'up' | 'exited' | 'silent'>((resolve) => {
        const check = setInterval(() => { if (burrow.output().includes('started listener')) { done('up'); } }, 100);
        // A JVM-backed ZooKeeper on a loaded machine can leave Burrow waiting on its session: say so.
        const deadline = setTimeout(() => { done('silent'); }, 40_000);
        function done(o: 'up' | 'exited' | 'silent'): void { clearInterval(check); clearTimeout(deadline); resolve(o); }
        burrow.child.once('exit', () => { done('exited'); });
      });
      if (outcome === 'up') break;
      if (outcome === 'silent') assert.fail(`Burrow neither started its listener nor exited in 40 s: ${burrow.output().slice(-2000)}\nzookeeper: ${zk.output().slice(-800)}`);
      if (attempt === 5) assert.fail(`Burrow did not start: ${burrow.output().slice(-2000)}`);
      await new Promise((r) => { setTimeout(r, 500); });
      burrow = start('/usr/bin/Burrow', ['-config-dir', dir]);
    }
    const url = `http://127.0.0.1:${httpPort}/v3/kafka/dev/consumer/${group}/lag`;
    let partitions: BurrowPartition[] = [];
    let last = '';
    for (const deadline = Date.now() + 60_000; partitions.length === 0;) {
      if (Date.now() > deadline) assert.fail(`no lag from Burrow for ${group} in 60 s; last answer ${last}\nzookeeper: ${zk.output().slice(-800)}\nburrow: ${burrow.output().slice(-3000)}`);
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
        last = await res.text();
        const ps = (JSON.parse(last) as { status?: { partitions?: BurrowPartition[] } }).status?.partitions ?? [];
        if (ps.length === 2 && ps.every((p) => p.end !== null)) partitions = ps;
      } catch { /* not listening yet */ }
      await new Promise((r) => { setTimeout(r, 250); });
    }
    const burrowLag = Object.fromEntries(partitions.map((p) => [p.partition, p.current_lag]));
    assert.deepEqual(burrowLag, { 0: 5, 1: 0 });
    const groups = await (await fetch(`http://127.0.0.1:${httpPort}/v3/kafka/dev/consumer`, { signal: AbortSignal.timeout(5_000) })).json() as { consumers?: string[] };
    assert.ok(groups.consumers?.includes(group), `Burrow lists the group: ${JSON.stringify(groups)}`);

    // Our own lag command, on the same group, says the same.
    // Not spawnSync: the broker runs in this process and must keep answering.
    const lag = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [join(root, 'dist/cli.js'), 'lag', '--group', group, '--brokers', cluster.bootstrapServers.join(','), '--format', 'json', '--samples', '2', '--interval', '100'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
      child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.once('close', (status) => { clearTimeout(timer); resolve({ status, stdout, stderr }); });
    });
    assert.ok(lag.status === 0 || lag.status === 1, `streamwise lag exited ${String(lag.status)}: ${lag.stderr} ${lag.stdout}`);
    const report = JSON.parse(lag.stdout) as { partitions: { topic: string; partition: number; lag: number }[] };
    const ours = Object.fromEntries(report.partitions.filter((p) => p.topic === topic).map((p) => [p.partition, p.lag]));
    assert.deepEqual(ours, burrowLag);

    // A running streamwise app: its group metadata (members, hosts, assignments) goes to
    // __consumer_offsets when the group is stable, and Burrow shows each partition's owner.
    const appId = rand('owners');
    const builder = new StreamsBuilder();
    builder.stream(topic).foreach(() => {});
    const app = new KafkaStreams(builder.build(), { stateDir: tempStateDir(), applicationId: appId, bootstrapServers: cluster.bootstrapServers, numStreamThreads: 2, commitIntervalMs: 100 });
    await app.start();
    try {
      // Burrow 1.2.1 purges a group that has owners but no commit yet whenever it is asked about
      // it (its lastCommit is 0), owners and all; so ask only once Burrow has read a commit of
      // the app's group from __consumer_offsets (its debug log says so).
      await new Promise<void>((resolve, reject) => {
        const seen = () => burrow.output().includes(`"message_type":"offset","group":"${appId}"`);
        const check = setInterval(() => { if (seen()) { clearInterval(check); clearTimeout(timer); resolve(); } }, 100);
        const timer = setTimeout(() => { clearInterval(check); reject(new Error(`Burrow read no commit of ${appId} in 60 s: ${burrow.output().slice(-2000)}`)); }, 60_000);
      });
      // Burrow's record of the group (its storage): owner host and client id per partition.
      const detailUrl = `http://127.0.0.1:${httpPort}/v3/kafka/dev/consumer/${appId}`;
      let owned: { owner: string; client_id: string }[] = [];
      for (const deadline = Date.now() + 60_000; owned.length === 0;) {
        if (Date.now() > deadline) assert.fail(`no owners from Burrow for ${appId} in 60 s; last answer ${last}\nburrow: ${burrow.output().slice(-3000)}`);
        try {
          const res = await fetch(detailUrl, { signal: AbortSignal.timeout(5_000) });
          last = await res.text();
          const ps = (JSON.parse(last) as { topics?: Record<string, { owner: string; client_id: string }[]> }).topics?.[topic] ?? [];
          if (ps.length === 2 && ps.every((p) => p.owner !== '')) owned = ps;
        } catch { /* the group is not known yet */ }
        await new Promise((r) => { setTimeout(r, 250); });
      }
      for (const p of owned) {
        assert.equal(p.owner, '/127.0.0.1');
        assert.ok(p.client_id.startsWith(appId), `client id: ${p.client_id}`);
      }
    } finally {
      await app.close();
    }
  } finally {
    await cluster.close();
  }
});
