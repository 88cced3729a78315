// The VS Code server (code-server's bundled upstream server) in its own process group, on a
// random loopback port, with throwaway data folders.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { processGroupMembers, type ProcessInfo } from './processes';
import type { Tools } from './tools';

export interface ServerDirs {
  root: string;
  extensions: string;
  userData: string;
  serverData: string;
}

export function serverDirs(root: string): ServerDirs {
  const dirs = { root, extensions: join(root, 'extensions'), userData: join(root, 'user-data'), serverData: join(root, 'server-data') };
  for (const dir of [dirs.extensions, dirs.userData, dirs.serverData, join(root, 'xdg-config'), join(root, 'xdg-data'), join(root, 'xdg-cache')]) mkdirSync(dir, { recursive: true });
  return dirs;
}

function serverEnv(dirs: ServerDirs, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    XDG_CONFIG_HOME: join(dirs.root, 'xdg-config'),
    XDG_DATA_HOME: join(dirs.root, 'xdg-data'),
    XDG_CACHE_HOME: join(dirs.root, 'xdg-cache'),
    VSCODE_CLI_DATA_DIR: join(dirs.root, 'xdg-data'),
    ...extra,
  };
}

const dataArgs = (dirs: ServerDirs): string[] => ['--server-data-dir', dirs.serverData, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];

export function installExtension(tools: Tools, dirs: ServerDirs, vsix: string): void {
  const result = spawnSync(tools.node, [tools.serverMain, ...dataArgs(dirs), '--install-extension', vsix, '--force'], { env: serverEnv(dirs, {}), encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) throw new Error(`installing ${vsix} failed (exit ${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
}

export interface RunningServer {
  port: number;
  pid: number;
  url: string;
  /** Kills the whole process group and reports what had to be killed hard. */
  stop(): Promise<string[]>;
}

export async function startServer(tools: Tools, dirs: ServerDirs, env: Record<string, string>, extraArgs: string[] = []): Promise<RunningServer> {
  const log = createWriteStream(join(dirs.root, 'server.log'));
  const child: ChildProcess = spawn(tools.node, [
    tools.serverMain, '--host', '127.0.0.1', '--port', '0', '--without-connection-token', '--accept-server-license-terms',
    '--enable-smoke-test-driver', '--telemetry-level', 'off', ...dataArgs(dirs), ...extraArgs,
  ], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: serverEnv(dirs, env) });
  const pid = child.pid;
  if (pid === undefined) throw new Error('the VS Code server did not start');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stderr?.on('data', (chunk: Buffer) => log.write(chunk));
  child.stdout?.on('data', (chunk: Buffer) => log.write(chunk));
  const port = await new Promise<number>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`the VS Code server did not report its port within 60 s:\n${seen}`)), 60_000);
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString();
      const match = /Extension host agent listening on (\d+)/.exec(seen);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the VS Code server exited (${code ?? signal}) before listening:\n${seen}`));
    });
  });
  const stop = async (): Promise<string[]> => {
    const hard: string[] = [];
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      // The group is gone already.
    }
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
    // The leader exits first; the rest of its group (extension hosts, language servers, watchers)
    // may still be running their exit: give them until the deadline before calling them stragglers.
    const lingering = processGroupMembers(pid).map(describeStraggler);
    const drainStart = Date.now();
    await groupDrained(pid, 10_000);
    if (lingering.length > 0) log.write(`\n[e2e harness] after the server exited, ${lingering.length} of its group were still ending (${Date.now() - drainStart} ms until the group was empty or the deadline):\n  ${lingering.join('\n  ')}\n`);
    for (const p of processGroupMembers(pid)) {
      hard.push(describeStraggler(p));
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // Ended meanwhile.
      }
    }
    log.end();
    return hard;
  };
  return { port, pid, url: `http://127.0.0.1:${port}`, stop };
}

/** Resolves once no process is left in the group, or at the deadline (there is no exit event for processes we did not start). */
async function groupDrained(pgid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (processGroupMembers(pgid).length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** "pid name (state S, SIGTERM ignored|caught|default) cmdline": why it did not end. */
function describeStraggler(p: ProcessInfo): string {
  try {
    const status = readFileSync(`/proc/${p.pid}/status`, 'utf8');
    const field = (name: string): string => new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(status)?.[1]?.trim() ?? '?';
    const term = (mask: string): boolean => mask !== '?' && (BigInt(`0x${mask}`) & (1n << 14n)) !== 0n;
    const sigterm = term(field('SigIgn')) ? 'ignored' : term(field('SigCgt')) ? 'caught' : 'default';
    return `${p.pid} ${field('Name')} (state ${field('State')}, SIGTERM ${sigterm}, parent ${field('PPid')}) ${p.cmdline}`;
  } catch {
    return `${p.pid} ${p.cmdline}`;
  }
}
