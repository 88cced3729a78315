// The CLI children the extension starts (dev cluster, runs) end with the extension host, even when
// it is SIGKILLed (no deactivate runs): real processes, a stand-in host that starts them exactly as
// the extension does, killed with SIGKILL.
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { after, before, test } from 'node:test';
import { createKafkaClient, silentLogger } from 'streamwise';
import { DevClusterManager } from '../../../client/src/runs/dev-cluster';
import { currentNode } from '../../../client/src/runs/node-command';
import { cli, fixture, recordingLog, root } from './run-helpers';

const started: number[] = [];

after(() => {
  // Whatever a failed test left behind, by its process group.
  for (const pid of started) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
});

interface Parent { child: ChildProcess; info: { pid: number; port?: number }; stderr: () => string }

/** The stand-in extension host, in its own group; resolves with what it printed once its child is up. */
async function startParent(args: string[]): Promise<Parent> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture('extension-host-parent.ts'), ...args], { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid !== undefined) started.push(child.pid);
  let err = '';
  child.stderr?.on('data', (d: Buffer) => { err += d.toString(); });
  let out = '';
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    child.once('exit', (code) => reject(new Error(`the stand-in host exited (${String(code)}) before its child was up: ${err}`)));
  });
  const info = JSON.parse(line) as { pid: number; port?: number };
  started.push(info.pid);
  return { child, info, stderr: () => err };
}

/** Live (not zombie) processes of process group `pgid`, from /proc. */
function groupMembers(pgid: number): number[] {
  const live: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so split after its last ')'.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') live.push(Number(entry));
  }
  return live;
}

/**
 * Until every process of the group led by `pid` has exited. They are not our children (the killed
 * host's), so there is no exit event to wait on: /proc says, checked every 50 ms, bounded.
 */
async function groupExited(pid: number, timeoutMs: number): Promise<number[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const live = groupMembers(pid);
    if (live.length === 0 || Date.now() > until) return live;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function killHost(parent: Parent): Promise<void> {
  const gone = once(parent.child, 'exit');
  process.kill(parent.child.pid ?? 0, 'SIGKILL');
  const [, signal] = await gone as [number | null, string | null];
  assert.equal(signal, 'SIGKILL');
}

test('a dev cluster started as the extension does exits when the extension host is SIGKILLed: its port closes', async () => {
  const parent = await startParent(['cluster']);
  const { pid, port } = parent.info;
  assert.ok(port !== undefined && port > 0, `port ${String(port)}`);
  // A client connection: the broker going away closes it (an event, not a poll).
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  const closed = new Promise<void>((resolve) => { socket.once('close', () => resolve()); socket.on('error', () => undefined); });
  await killHost(parent);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => { timer = setTimeout(() => resolve('late'), 20_000); });
  const outcome = await Promise.race([closed.then(() => 'closed' as const), late]);
  clearTimeout(timer);
  assert.equal(outcome, 'closed', `the dev cluster (pid ${pid}) still held its connection 20 s after its host was killed`);
  assert.deepEqual(await groupExited(pid, 15_000), [], `nothing of the dev cluster's process group (${pid}) is left`);
  const refused = connect(port, '127.0.0.1');
  const [error] = await once(refused, 'error') as [NodeJS.ErrnoException];
  assert.equal(error.code, 'ECONNREFUSED', `port ${port} is free again`);
});

const clusterLog = recordingLog();
const cluster = new DevClusterManager(clusterLog);
let brokers: string[] = [];
before(async () => {
  brokers = await cluster.ensureStarted({ node: currentNode(), cli, port: 0, dataDir: '', cwd: root });
});
after(async () => {
  await cluster.stop();
});

test('a run started as the extension does closes cleanly when the extension host is SIGKILLed: commits and leaves its group', async () => {
  const applicationId = `parent-death-${randomUUID().slice(0, 8)}`;
  const parent = await startParent(['run', brokers.join(','), applicationId]);
  const { pid } = parent.info;
  const admin = createKafkaClient({ brokers, clientId: 'parent-death-test', logger: silentLogger }).admin();
  await admin.connect();
  try {
    assert.deepEqual(await admin.groupState(applicationId), { state: 'Stable', members: 1 });
    await killHost(parent);
    // Closing commits and leaves the group (a crash would leave the member until its session times out, 10 s).
    assert.deepEqual(await groupExited(pid, 45_000), [], `nothing of the run's process group (${pid}) is left 45 s after its host was killed`);
    assert.deepEqual(await admin.groupState(applicationId), { state: 'Empty', members: 0 }, 'it left the group as it closed');
    const committed = (await admin.groupOffsets(applicationId, ['ext-run-in'])).reduce((a, o) => a + Math.max(0, o.offset), 0);
    assert.ok(committed >= 3, `its input's offsets were committed (${committed})`);
  } finally {
    await admin.disconnect();
  }
});

test('what the user\'s code started in a run ends too when the extension host is SIGKILLed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parent-death-'));
  try {
    const pidFile = join(dir, 'child.pid');
    process.env.EXT_TEST_CHILD_PID_FILE = pidFile;
    const parent = await startParent(['run', brokers.join(','), `parent-death-${randomUUID().slice(0, 8)}`, 'spawns-child.ts']);
    delete process.env.EXT_TEST_CHILD_PID_FILE;
    const userChild = Number(readFileSync(pidFile, 'utf8'));
    assert.ok(groupMembers(parent.info.pid).includes(userChild), 'the user\'s child runs in the run\'s process group');
    await killHost(parent);
    assert.deepEqual(await groupExited(parent.info.pid, 45_000), [], 'the run and the process its code started are gone');
  } finally {
    delete process.env.EXT_TEST_CHILD_PID_FILE;
    rmSync(dir, { recursive: true, force: true });
  }
});
