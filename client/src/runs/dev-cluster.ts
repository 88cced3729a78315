// The window's dev cluster: one `streamwise dev-cluster` child process (own process group), started
// on demand, stopped with the window. Ready when it prints its listening line (no polling).
import type { Log } from '../log';
import { Emitter } from './emitter';
import { LineSplitter } from './ndjson';
import type { NodeCommand } from './node-command';
import { spawnGroup, stopGroup, type GroupProcess } from './process-group';

export type DevClusterState = 'stopped' | 'starting' | 'running' | 'stopping' | 'failed';

export interface DevClusterOptions {
  node: NodeCommand;
  /** The CLI's JS entry. */
  cli: string;
  /** 0: any free port. */
  port: number;
  /** Empty: in memory. */
  dataDir: string;
  cwd: string;
}

const LISTENING = /dev cluster listening on (\S+)/;
const START_TIMEOUT_MS = 30_000;

export class DevClusterManager {
  private proc: GroupProcess | undefined;
  private starting: Promise<string[]> | undefined;
  private stateValue: DevClusterState = 'stopped';
  private servers: string[] = [];
  private readonly emitter = new Emitter<DevClusterState>();
  /** The last error line, for "why did it stop". */
  lastError: string | undefined;
  readonly onDidChangeState = this.emitter.event;

  constructor(private readonly log: Log) {}

  get state(): DevClusterState {
    return this.stateValue;
  }

  /** host:port list while running; empty otherwise. */
  get bootstrapServers(): string[] {
    return this.stateValue === 'running' ? [...this.servers] : [];
  }

  get port(): number | undefined {
    const first = this.bootstrapServers[0];
    if (first === undefined) return undefined;
    const port = Number(first.slice(first.lastIndexOf(':') + 1));
    return Number.isInteger(port) ? port : undefined;
  }

  get pid(): number | undefined {
    return this.proc?.child.pid;
  }

  /** Starts it unless it runs (or is starting); resolves to its bootstrap servers. */
  ensureStarted(options: DevClusterOptions): Promise<string[]> {
    if (this.stateValue === 'running') return Promise.resolve(this.bootstrapServers);
    this.starting ??= this.start(options).finally(() => (this.starting = undefined));
    return this.starting;
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    if (proc === undefined) return;
    this.setState('stopping');
    await stopGroup(proc, 10_000);
    // The exit handler moves the state to stopped.
  }

  /** Synchronous best effort for window shutdown: SIGTERM the group (it closes cleanly). */
  dispose(): void {
    const pid = this.proc?.child.pid;
    if (pid !== undefined) {
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    this.emitter.dispose();
  }

  private start(options: DevClusterOptions): Promise<string[]> {
    this.setState('starting');
    this.lastError = undefined;
    const args = [options.cli, 'dev-cluster', '--port', String(options.port)];
    if (options.dataDir !== '') args.push('--data-dir', options.dataDir);
    this.log.info(`starting the dev cluster: ${args.slice(1).join(' ')}`);
    const proc = spawnGroup(options.node.node, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.node.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc = proc;
    return new Promise<string[]>((resolve, reject) => {
      let settled = false;
      const settle = (error: Error | undefined, servers?: string[]): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error !== undefined) reject(error);
        else resolve(servers ?? []);
      };
      const timer = setTimeout(() => {
        this.lastError = `the dev cluster did not report a listening port within ${START_TIMEOUT_MS / 1000} s`;
        void stopGroup(proc, 2000);
        settle(new Error(this.lastError));
      }, START_TIMEOUT_MS);
      const out = new LineSplitter();
      const err = new LineSplitter();
      proc.child.stdout?.on('data', (chunk: Buffer) => {
        for (const line of out.push(chunk)) {
          this.log.info(line);
          const match = LISTENING.exec(line);
          if (match?.[1] !== undefined && this.stateValue === 'starting') {
            this.servers = match[1].split(',');
            this.setState('running');
            settle(undefined, this.bootstrapServers);
          }
        }
      });
      proc.child.stderr?.on('data', (chunk: Buffer) => {
        for (const line of err.push(chunk)) {
          this.log.warn(line);
          if (/error|cannot|failed/i.test(line)) this.lastError = line;
        }
      });
      proc.child.once('error', (error) => {
        this.lastError = `could not start the dev cluster: ${error.message}`;
        this.log.error(this.lastError);
      });
      void proc.exited.then(({ code, signal }) => {
        if (this.proc === proc) this.proc = undefined;
        const expected = this.stateValue === 'stopping';
        const why = this.lastError ?? `exited with ${signal ?? `code ${String(code)}`}`;
        if (expected) this.log.info(`dev cluster stopped`);
        else this.log.error(`the dev cluster stopped: ${why}`);
        this.servers = [];
        this.setState(expected || code === 0 ? 'stopped' : 'failed');
        settle(new Error(`the dev cluster stopped before it was ready: ${why}`));
      });
    });
  }

  private setState(state: DevClusterState): void {
    if (state === this.stateValue) return;
    this.stateValue = state;
    this.emitter.fire(state);
  }
}
