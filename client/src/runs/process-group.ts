// Child processes in their own process group (`detached: true`): stopping one signals the whole
// group (-pid), so the esbuild service and anything the user's code spawned go with it. Being in
// their own group, they would outlive an extension host that is killed (no deactivate runs), so
// each also gets a pipe from this process that it watches: when it closes, the child closes too.
import { spawn, type ChildProcess, type IOType, type SpawnOptions } from 'node:child_process';
import type { Readable } from 'node:stream';
import { PARENT_FD_ENV } from '../../../server/src/cli/parent-watch';

export interface GroupProcess {
  child: ChildProcess;
  /** Resolves when the group leader exited (code or signal). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `stdio`: the child's pipes; one more is added after them, the one it watches (STREAMWISE_PARENT_FD). */
export function spawnGroup(command: string, args: readonly string[], options: SpawnOptions & { stdio: IOType[] }): GroupProcess {
  const parentFd = options.stdio.length;
  const child = spawn(command, args, {
    ...options,
    stdio: [...options.stdio, 'pipe'],
    env: { ...(options.env ?? process.env), [PARENT_FD_ENV]: String(parentFd) },
    detached: true,
  });
  // Never written; read only so it closes when the child exits. Its close in the child is the signal.
  (child.stdio[parentFd] as Readable | null | undefined)?.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    // Spawn failure (ENOENT): no exit event follows.
    child.once('error', () => {
      if (child.pid === undefined) resolve({ code: null, signal: null });
    });
  });
  return { child, exited };
}

/** Signals the process group; false when it is already gone. */
export function signalGroup(pid: number | undefined, signal: NodeJS.Signals): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Whether any process of the group is alive. */
export function groupAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * SIGTERM to the group, then SIGKILL after `graceMs` if the leader has not exited; and SIGKILL to
 * what is left of the group once it has (stragglers that ignored SIGTERM).
 */
export async function stopGroup(proc: GroupProcess, graceMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const pid = proc.child.pid;
  signalGroup(pid, 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const killed = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      signalGroup(pid, 'SIGKILL');
      resolve();
    }, graceMs);
  });
  const result = await Promise.race([proc.exited, killed.then(() => proc.exited)]);
  if (timer !== undefined) clearTimeout(timer);
  signalGroup(pid, 'SIGKILL');
  return result;
}
