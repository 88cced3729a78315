// Child processes in their own process group (`detached: true`): stopping one signals the whole
// group (-pid), so the esbuild service and anything the user's code spawned go with it.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

export interface GroupProcess {
  child: ChildProcess;
  /** Resolves when the group leader exited (code or signal). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnGroup(command: string, args: readonly string[], options: SpawnOptions): GroupProcess {
  const child = spawn(command, args, { ...options, detached: true });
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
