// The lock of an application's state directory (Kafka's `.lock`, which Kafka holds as an OS file
// lock). Node has no file locks, so the lock is a directory `.lock` holding one entry named
// `<pid>-<nonce>`, and every step that can race is one conditional file-system call:
// - acquire: a private directory with the entry is renamed to `.lock`, which succeeds only while
//   `.lock` is absent or empty (rename(2) onto a non-empty directory fails);
// - take over a dead holder's lock: unlink that exact entry (its name is unique to one acquisition,
//   so only one racer's unlink succeeds, and a live holder's entry is never the one named), then
//   race for the empty `.lock` by rename again: exactly one contender wins.
// A holder is dead when no process has its pid; a reused pid keeps a dead lock (the safe side).
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_NAME = '.lock';
const TMP_PREFIX = '.lock-new-';
const ENTRY = /^(\d+)-[0-9a-f]+$/;
const MAX_ATTEMPTS = 20;

export interface StateDirLock {
  /** Unlocks; idempotent. */
  release(): void;
}

/** Who holds the lock when it is refused. */
export class LockHeldError extends Error {
  constructor(readonly holderPid: number) {
    super(`locked by process ${holderPid}`);
    this.name = 'LockHeldError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, owned by someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const code = (error: unknown) => (error as NodeJS.ErrnoException).code;

/** Locks `dir` (which must exist); throws LockHeldError when a live process holds it. `dead(pid)`
 *  decides whether a holder is gone (this process's own pid counts as gone: the caller keeps
 *  in-process locks itself, so an entry naming it is a leftover). */
export function lockStateDir(dir: string, dead: (pid: number) => boolean = (pid) => pid === process.pid || !alive(pid)): StateDirLock {
  const lock = join(dir, LOCK_NAME);
  const entry = `${process.pid}-${randomBytes(8).toString('hex')}`;
  const staged = join(dir, `${TMP_PREFIX}${entry}`);
  removeDeadStaging(dir, dead);
  mkdirSync(staged);
  writeFileSync(join(staged, entry), '');
  try {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      try {
        renameSync(staged, lock);
        return releaser(lock, entry);
      } catch (error) {
        const c = code(error);
        if (c === 'ENOTDIR') {
          // A lock file of an older version (a pid file): unlink cannot remove a directory, so this
          // never removes a lock directory another contender renamed in meanwhile.
          removeLegacyLock(lock, dead);
          continue;
        }
        // Windows refuses to rename onto an existing directory even when it is empty.
        if (c === 'EPERM' || c === 'EACCES') {
          if (entries(lock).length === 0) tryRmdir(lock);
          else takeOverOrThrow(lock, dead);
          continue;
        }
        if (c !== 'ENOTEMPTY' && c !== 'EEXIST') throw error;
        takeOverOrThrow(lock, dead);
      }
    }
    throw new Error(`could not lock ${dir}: the lock kept changing hands`);
  } finally {
    rmSync(staged, { recursive: true, force: true });
  }
}

function entries(lock: string): string[] {
  try {
    return readdirSync(lock);
  } catch (error) {
    if (code(error) === 'ENOENT') return [];
    throw error;
  }
}

/** The holder is live: throw. It is dead: unlink its entry (one racer succeeds; the others see
 *  ENOENT), leaving `.lock` empty for the next rename. */
function takeOverOrThrow(lock: string, dead: (pid: number) => boolean): void {
  for (const name of entries(lock)) {
    const pid = Number(ENTRY.exec(name)?.[1] ?? Number.NaN);
    if (Number.isInteger(pid) && pid > 0 && !dead(pid)) throw new LockHeldError(pid);
    try { unlinkSync(join(lock, name)); } catch (error) { if (code(error) !== 'ENOENT') throw error; }
  }
}

function removeLegacyLock(lock: string, dead: (pid: number) => boolean): void {
  let pid: number;
  try {
    pid = Number(readFileSync(lock, 'utf8').trim());
  } catch {
    return;
  }
  if (Number.isInteger(pid) && pid > 0 && !dead(pid)) throw new LockHeldError(pid);
  try { unlinkSync(lock); } catch { /* gone, or a directory now */ }
}

/** Staging directories of contenders that died before their rename. */
function removeDeadStaging(dir: string, dead: (pid: number) => boolean): void {
  let names: string[];
  try { names = readdirSync(dir); } catch { return; }
  for (const name of names) {
    if (!name.startsWith(TMP_PREFIX)) continue;
    const pid = Number(ENTRY.exec(name.slice(TMP_PREFIX.length))?.[1] ?? Number.NaN);
    if (Number.isInteger(pid) && pid !== process.pid && dead(pid)) rmSync(join(dir, name), { recursive: true, force: true });
  }
}

function tryRmdir(path: string): void {
  try { rmdirSync(path); } catch { /* not empty any more, or gone */ }
}

function releaser(lock: string, entry: string): StateDirLock {
  let released = false;
  return {
    release: () => {
      if (released) return;
      released = true;
      try { unlinkSync(join(lock, entry)); } catch { /* taken over after all: nothing of ours left */ }
      // Fails when another contender already renamed its entry in: then it is theirs.
      tryRmdir(lock);
    },
  };
}
