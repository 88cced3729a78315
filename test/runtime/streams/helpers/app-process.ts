// Child processes running a KafkaStreams app (kill -9 and zombie tests): each in its own process
// group, stopped by that group; the `STATE <state>` lines it prints are the events tests wait on.
import { spawn, type ChildProcess } from 'node:child_process';

export interface AppProcess {
  child: ChildProcess;
  /** Resolves when the app printed `STATE <state>` (the `nth` time, default 1); rejects when it exits first or after timeoutMs. */
  reached(state: string, timeoutMs?: number, nth?: number): Promise<void>;
  /** Resolves once `holds(output)` is true; rejects when the app exits first or after timeoutMs. */
  until(what: string, holds: (output: string) => boolean, timeoutMs?: number): Promise<void>;
  /** The task lists of the app's `TASKS <tasks>` lines (its assignments), oldest first. */
  assignments(output?: string): string[][];
  /** SIGSTOP / SIGCONT to the process group: a process that stalls (a zombie) and comes back. */
  pause(): void;
  resume(): void;
  /** Resolves on exit; rejects after timeoutMs (with the output) when the app keeps running. */
  exited(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL to the whole process group. */
  kill(): Promise<void>;
  /** SIGTERM (graceful close) to the process group, then wait for the exit. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

export function startApp(file: string, env: Record<string, string>): AppProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', file], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (c: Buffer) => {
    out += c.toString();
    for (const l of [...listeners]) l();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      for (const l of [...listeners]) l();
      resolve({ code, signal });
    });
  });
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const signalGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined || gone()) return;
    try { process.kill(-child.pid, signal); } catch { /* the group is gone already */ }
  };
  const until = (what: string, holds: (output: string) => boolean, timeoutMs = 60000) => new Promise<void>((resolve, reject) => {
    const check = () => {
      if (holds(out)) { done(); resolve(); return; }
      if (gone()) { done(); reject(new Error(`app exited (${child.exitCode ?? child.signalCode}) before ${what}:\n${out}`)); }
    };
    const timer = setTimeout(() => { done(); reject(new Error(`app did not reach ${what} in ${timeoutMs} ms:\n${out}`)); }, timeoutMs);
    const done = () => { clearTimeout(timer); listeners.delete(check); };
    listeners.add(check);
    check();
  });
  return {
    child,
    output: () => out,
    exited: (timeoutMs = 60000) => new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`app still running after ${timeoutMs} ms:\n${out}`)), timeoutMs);
      void exit.then((e) => { clearTimeout(timer); resolve(e); });
    }),
    reached: (state, timeoutMs = 60000, nth = 1) => until(`STATE ${state}${nth > 1 ? ` (${nth} times)` : ''}`, (o) => o.split(`STATE ${state}\n`).length > nth, timeoutMs),
    until: (what, holds, timeoutMs) => until(what, holds, timeoutMs),
    assignments: (output = out) => [...output.matchAll(/^TASKS (.*)$/gm)].map((m) => (m[1] ?? '').split(',').filter((t) => t !== '')),
    kill: async () => { signalGroup('SIGCONT'); signalGroup('SIGKILL'); await exit; },
    pause: () => signalGroup('SIGSTOP'),
    resume: () => signalGroup('SIGCONT'),
    stop: async () => { signalGroup('SIGTERM'); return exit; },
  };
}
