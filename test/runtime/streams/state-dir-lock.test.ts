// The state directory lock (runtime/src/streams/state-dir-lock.ts): a live holder is refused, a
// dead holder's lock is taken over, and when two real processes take over the same stale lock at
// the same moment exactly one of them wins, every time.
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LOCK_NAME, LockHeldError, lockStateDir } from '../../../runtime/src/streams/state-dir-lock';

const contenderFile = fileURLToPath(new URL('../../fixtures/streams/lock-contender.ts', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'sw-lock-'));
after(() => rmSync(root, { recursive: true, force: true }));
let seq = 0;
const freshDir = () => { const d = join(root, `app-${seq++}`); mkdirSync(d); return d; };

/** The pid of a process that ran and is gone (as a holder killed with SIGKILL). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((r) => child.once('exit', r));
  assert.ok(child.pid !== undefined);
  return child.pid;
}

/** A live process that is not this one. */
function liveProcess(): { pid: number; stop(): Promise<void> } {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore', detached: true });
  const gone = new Promise((r) => child.once('exit', r));
  assert.ok(child.pid !== undefined);
  return { pid: child.pid, stop: async () => { process.kill(-(child.pid ?? 0), 'SIGKILL'); await gone; } };
}

/** A lock left behind by `pid`: this version's layout, or an older version's pid file. */
function plantLock(dir: string, pid: number, layout: 'entry' | 'pid file'): void {
  if (layout === 'pid file') return writeFileSync(join(dir, LOCK_NAME), `${pid}\n`);
  mkdirSync(join(dir, LOCK_NAME));
  writeFileSync(join(dir, LOCK_NAME, `${pid}-0123456789abcdef`), '');
}

describe('state directory lock', () => {
  test('a free directory is locked and unlocked; a live holder is refused, in either layout', async () => {
    const dir = freshDir();
    const lock = lockStateDir(dir);
    assert.deepEqual(readdirSync(join(dir, LOCK_NAME)).map((n) => n.split('-')[0]), [String(process.pid)]);
    lock.release();
    assert.equal(existsSync(join(dir, LOCK_NAME)), false, 'release removes the lock');
    const other = liveProcess();
    try {
      for (const layout of ['entry', 'pid file'] as const) {
        const d = freshDir();
        plantLock(d, other.pid, layout);
        assert.throws(() => lockStateDir(d), (e: unknown) => e instanceof LockHeldError && e.holderPid === other.pid, layout);
      }
    } finally {
      await other.stop();
    }
  });

  test("a dead holder's lock is taken over, in either layout", async () => {
    const pid = await deadPid();
    for (const layout of ['entry', 'pid file'] as const) {
      const dir = freshDir();
      plantLock(dir, pid, layout);
      const lock = lockStateDir(dir);
      assert.deepEqual(readdirSync(join(dir, LOCK_NAME)).map((n) => n.split('-')[0]), [String(process.pid)], layout);
      lock.release();
      assert.deepEqual(readdirSync(dir), [], `${layout}: nothing left after release`);
    }
  });

  test('two processes taking over the same stale lock at the same moment: exactly one wins, 200 rounds', async () => {
    const contenders = [startContender(), startContender()];
    try {
      await Promise.all(contenders.map((c) => c.next()));
      const pid = await deadPid();
      const ROUNDS = 200;
      for (let round = 0; round < ROUNDS; round++) {
        const dir = freshDir();
        plantLock(dir, pid, round % 2 === 0 ? 'entry' : 'pid file');
        const at = Date.now() + 40;
        for (const c of contenders) c.send(`go ${dir} ${at}`);
        const answers = await Promise.all(contenders.map((c) => c.next()));
        const winners = contenders.filter((_, i) => answers[i] === 'WON');
        assert.equal(winners.length, 1, `round ${round}: exactly one winner, got ${JSON.stringify(answers)}`);
        const loser = answers.find((a) => a !== 'WON') ?? '';
        assert.match(loser, new RegExp(`^LOST state directory .* is in use by process ${winners[0]?.pid ?? 0}: `), `round ${round}`);
        winners[0]?.send('release');
        assert.equal(await winners[0]?.next(), 'RELEASED');
        assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith('.lock')), [], `round ${round}: the winner's release leaves no lock`);
      }
    } finally {
      await Promise.all(contenders.map((c) => c.stop()));
    }
  });
});

interface Contender { pid: number; send(line: string): void; next(): Promise<string>; stop(): Promise<void> }

function startContender(): Contender {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', contenderFile], { stdio: ['pipe', 'pipe', 'inherit'], detached: true });
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  const gone = new Promise<void>((r) => child.once('exit', () => r()));
  if (child.stdout === null || child.stdin === null || child.pid === undefined) throw new Error('contender did not start');
  createInterface({ input: child.stdout }).on('line', (line) => {
    const w = waiting.shift();
    if (w === undefined) lines.push(line);
    else w(line);
  });
  const stdin = child.stdin;
  return {
    pid: child.pid,
    send: (line) => { stdin.write(`${line}\n`); },
    next: () => new Promise<string>((resolve, reject) => {
      const l = lines.shift();
      if (l !== undefined) return resolve(l);
      const timer = setTimeout(() => reject(new Error('contender did not answer in 30 s')), 30000);
      waiting.push((line) => { clearTimeout(timer); resolve(line); });
    }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) process.kill(-(child.pid ?? 0), 'SIGKILL');
      await gone;
    },
  };
}
