// The run manager against the real CLI (dist/cli.js) and a real dev cluster child process.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DevClusterManager } from '../../../client/src/runs/dev-cluster';
import { currentNode } from '../../../client/src/runs/node-command';
import { groupAlive } from '../../../client/src/runs/process-group';
import { RunManager, type RunInfo } from '../../../client/src/runs/run-manager';
import { cli, fixture, randomName, recordingLog, recordingOutputs, root, waitFor } from './run-helpers';

const clusterLog = recordingLog();
const cluster = new DevClusterManager(clusterLog);
let brokers: string[] = [];
const runLog = recordingLog();
const outputs = recordingOutputs();
const manager = new RunManager({ node: currentNode(), log: runLog, createOutput: outputs.create, stopGraceMs: 10_000 });

before(async () => {
  brokers = await cluster.ensureStarted({ node: currentNode(), cli, port: 0, dataDir: '', cwd: root });
});

after(async () => {
  await manager.stopAll();
  manager.dispose();
  const pid = cluster.pid;
  await cluster.stop();
  assert.equal(groupAlive(pid), false, 'the dev cluster process group is gone');
});

const spec = (file: string, extra: string[] = []) => ({
  file: fixture(file), cwd: root, brokers, defaultInstances: 1, inputs: [{ topic: 'ext-run-in', file: fixture('input.jsonl') }],
  cli, cliSource: 'bundled' as const, extraArgs: ['--application-id', randomName('ext-app'), ...extra],
});

const consumed = (run: RunInfo): number => run.live.topics['ext-run-in']?.recordsIn ?? 0;

test('the dev cluster started on a free port, reported by its listening line', () => {
  assert.equal(cluster.state, 'running');
  assert.equal(brokers.length, 1);
  assert.match(brokers[0] ?? '', /^127\.0\.0\.1:\d+$/);
  assert.ok((cluster.port ?? 0) > 0);
});

test('two runs at once; stopping one ends only its process group', async () => {
  const a = manager.start(spec('uppercase.ts'));
  const b = manager.start(spec('uppercase.ts'));
  const describe = (r: RunInfo) => () => `${r.name} ${r.status} ${JSON.stringify(r.live.topics)} ${outputs.outputs.get(r.name)?.lines.join('\n')}`;
  for (const run of [a, b]) await waitFor(manager.onDidChangeRun, (r) => r.id === run.id && consumed(r) >= 3, 120_000, describe(run), run);
  assert.equal(a.status, 'running');
  assert.equal(a.live.state, 'RUNNING');
  assert.ok(a.live.assignment.length >= 1, 'assignment arrived');
  assert.ok(a.live.nodes['KSTREAM-SOURCE-0000000000'] !== undefined, JSON.stringify(Object.keys(a.live.nodes)));
  assert.ok((a.live.topics['ext-run-out']?.recordsOut ?? 0) >= 3);
  assert.deepEqual(manager.active().map((r) => r.id).sort(), [a.id, b.id].sort());

  await manager.stop(a.id);
  assert.equal(a.status, 'stopped');
  assert.equal(groupAlive(a.pid), false, 'a is gone');
  assert.equal(groupAlive(b.pid), true, 'b still runs');
  assert.equal(b.status, 'running');
  await manager.stop(b.id);
  assert.equal(groupAlive(b.pid), false);
  assert.equal(runLog.lines.filter((l) => l.startsWith('warn') && /malformed/.test(l)).length, 0);
});

test('stopping a run ends the processes its code started (the whole group)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ext-run-'));
  const pidFile = join(dir, 'child.pid');
  try {
    process.env.EXT_TEST_CHILD_PID_FILE = pidFile;
    const run = manager.start({ ...spec('spawns-child.ts'), inputs: [] });
    delete process.env.EXT_TEST_CHILD_PID_FILE;
    await waitFor(manager.onDidChangeRun, (r) => r.id === run.id && r.live.state === 'RUNNING', 120_000, () => run.status, run);
    const childPid = Number(readFileSync(pidFile, 'utf8'));
    assert.ok(childPid > 0);
    process.kill(childPid, 0); // alive
    await manager.stop(run.id);
    assert.throws(() => process.kill(childPid, 0), /ESRCH/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a run that dies says why and keeps its output', async () => {
  const run = manager.start({ ...spec('throws-on-load.ts'), inputs: [] });
  const ended = await waitFor(manager.onDidEndRun, (r) => r.id === run.id, 120_000, () => run.status);
  assert.equal(ended.status, 'failed');
  assert.equal(ended.exitCode, 1);
  assert.match(ended.lastError ?? '', /boom: the topology module refused to load/);
  const output = outputs.outputs.get(run.name);
  assert.ok(output !== undefined);
  assert.ok(output.lines.some((l) => /boom/.test(l)));
  assert.ok(manager.showOutput(run.id));
  assert.equal(output.shown, 1);
  assert.ok(runLog.lines.some((l) => l.startsWith('error') && l.includes(run.name)));
});

test('a run against brokers nobody listens on fails with the CLI\'s reason', async () => {
  const run = manager.start({ ...spec('uppercase.ts'), brokers: ['127.0.0.1:1'], inputs: [] });
  const ended = await waitFor(manager.onDidEndRun, (r) => r.id === run.id, 120_000, () => run.status);
  assert.equal(ended.status, 'failed');
  assert.ok((ended.lastError ?? '').length > 0);
  assert.match(ended.lastError ?? '', /127\.0\.0\.1:1/);
});

test('on the dev cluster, the run creates its topology\'s topics with the config\'s partition counts', async () => {
  const dir = join(root, 'test', 'fixtures', 'client', 'runs-config');
  const run = manager.start({ ...spec('uppercase.ts'), file: join(dir, 'uppercase.ts'), cwd: dir, inputs: [], createTopics: true });
  await waitFor(manager.onDidChangeRun, (r) => r.id === run.id && r.live.state === 'RUNNING', 120_000, () => `${run.status} ${run.lastError ?? ''}`, run);
  const partitions = run.live.assignment.flatMap((a) => a.partitions).filter((p) => p.topic === 'ext-cfg-in').map((p) => p.partition).sort();
  assert.deepEqual(partitions, [0, 1, 2]);
  const output = outputs.outputs.get(run.name)?.lines.join('\n') ?? '';
  assert.match(output, /topics: .*ext-cfg-in \(3\).*ext-cfg-out \(2\)/);
  await manager.stop(run.id);
});
