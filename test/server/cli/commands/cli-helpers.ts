// Runs the built CLI (dist/cli.js) as a child process and watches its output.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../../..', import.meta.url));
export const fixture = (name: string): string => fileURLToPath(new URL(`../../../fixtures/cli/${name}`, import.meta.url));

export interface CliRun {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `re` on stdout; rejects on exit or after `timeoutMs`. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  exit: Promise<number | null>;
}

export function startCli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): CliRun {
  const child = spawn(process.execPath, [`${root}dist/cli.js`, ...args], { cwd: options.cwd ?? root, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const watchers: (() => void)[] = [];
  child.stdout?.on('data', (d: Buffer) => { out += d.toString(); for (const w of [...watchers]) w(); });
  child.stderr?.on('data', (d: Buffer) => { err += d.toString(); });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => { for (const w of [...watchers]) w(); resolve(code); }));
  return {
    child, exit,
    stdout: () => out,
    stderr: () => err,
    waitFor: (re, timeoutMs = 60000) => new Promise((resolve, reject) => {
      const timer = setTimeout(() => { done(); reject(new Error(`timed out waiting for ${re} in:\n${out}\n${err}`)); }, timeoutMs);
      const check = () => {
        const m = re.exec(out);
        if (m !== null) { done(); resolve(m); return; }
        if (child.exitCode !== null) { done(); reject(new Error(`CLI exited (${child.exitCode}) before ${re}:\n${out}\n${err}`)); }
      };
      const done = () => { clearTimeout(timer); const i = watchers.indexOf(check); if (i >= 0) watchers.splice(i, 1); };
      watchers.push(check);
      check();
    }),
  };
}

export async function runCliToEnd(args: string[], options: { cwd?: string } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = startCli(args, options);
  const code = await run.exit;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}
