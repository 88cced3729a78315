// Local runs: each run is a `streamwise run FILE` child process in its own process group, with the
// NDJSON metrics channel on fd 3 (STREAMWISE_METRICS_FD=3) folded into its LiveRunState. Several
// runs at once; stopping one signals only its group. A run that dies keeps its last error for the
// UI. vscode-free: output sinks and the logger are passed in.
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import type { Log } from '../log';
import { Emitter } from './emitter';
import { initialLiveState, reduceLiveState, type LiveRunState } from './live-state';
import { LineSplitter, parseEventLine } from './ndjson';
import type { NodeCommand } from './node-command';
import { spawnGroup, stopGroup, type GroupProcess } from './process-group';

export const METRICS_INTERVAL_MS = 1000;

export type RunStatus = 'starting' | 'running' | 'stopping' | 'stopped' | 'failed';

export interface RunSpec {
  /** Absolute path of the topology module. */
  file: string;
  /** Working directory (the workspace folder). */
  cwd: string;
  /** Brokers the run connects to (the dev cluster's when none are configured). */
  brokers: string[];
  /** Instances when streamwise.config.json names none for the app (`--default-instances`: the
   *  `streamwise.instances` setting). The config's apps[applicationId].instances wins; the CLI decides. */
  defaultInstances: number;
  /** topic -> absolute JSONL path, produced before the app starts. Empty: the CLI feeds the
   *  config's `inputs`, if any (as `streamwise run` does). */
  inputs: { topic: string; file: string }[];
  /** The CLI's JS entry (see cli-locator.ts) and where it came from. */
  cli: string;
  cliSource: 'workspace' | 'bundled';
  /** Display name; default: the file's base name. */
  name?: string;
  /** Create the topology's missing topics first (`--create-topics`: streamwise.config.json's
   *  partitions); for the extension's dev cluster, never for configured brokers. */
  createTopics?: boolean;
  /** Extra CLI arguments (tests: --application-id, --metrics-interval). */
  extraArgs?: string[];
}

/** Where a run's own stdout/stderr lines go (an output channel per run in the extension). */
export interface RunOutput {
  appendLine(line: string): void;
  show(): void;
  dispose(): void;
}

export interface RunInfo {
  id: string;
  name: string;
  spec: RunSpec;
  status: RunStatus;
  pid: number | undefined;
  startedAt: number;
  endedAt: number | undefined;
  exitCode: number | null | undefined;
  /** Why it failed or what it last complained about. */
  lastError: string | undefined;
  live: LiveRunState;
  /** Malformed metrics lines skipped so far. */
  malformedLines: number;
}

export interface RunManagerOptions {
  node: NodeCommand;
  log: Log;
  createOutput(name: string): RunOutput;
  /** Grace period between SIGTERM and SIGKILL on stop (default 15 s: the app commits and leaves). */
  stopGraceMs?: number;
  /** How many finished runs are kept for the UI (default 5). */
  keepFinished?: number;
}

interface RunEntry {
  info: RunInfo;
  proc: GroupProcess;
  output: RunOutput;
}

export class RunManager {
  private readonly runs = new Map<string, RunEntry>();
  private counter = 0;
  private readonly changed = new Emitter<RunInfo>();
  private readonly ended = new Emitter<RunInfo>();
  /** A run was started, changed state, got new metrics, or ended. */
  readonly onDidChangeRun = this.changed.event;
  /** A run ended: status 'stopped' (asked to, or exit 0) or 'failed' (with lastError). */
  readonly onDidEndRun = this.ended.event;

  constructor(private readonly options: RunManagerOptions) {}

  list(): RunInfo[] {
    return [...this.runs.values()].map((e) => e.info);
  }

  /** Runs that are starting, running or stopping. */
  active(): RunInfo[] {
    return this.list().filter((r) => r.status === 'starting' || r.status === 'running' || r.status === 'stopping');
  }

  get(id: string): RunInfo | undefined {
    return this.runs.get(id)?.info;
  }

  showOutput(id: string): boolean {
    const entry = this.runs.get(id);
    entry?.output.show();
    return entry !== undefined;
  }

  start(spec: RunSpec): RunInfo {
    const id = String(++this.counter);
    const name = `${spec.name ?? basename(spec.file)} #${id}`;
    const args = [spec.cli, 'run', spec.file, '--default-instances', String(spec.defaultInstances)];
    if (spec.brokers.length > 0) args.push('--brokers', spec.brokers.join(','));
    for (const input of spec.inputs) args.push('--input', `${input.topic}=${input.file}`);
    if (spec.createTopics === true) args.push('--create-topics');
    // Snapshots each second: the status bar's records/s and the graph's rates stay current.
    args.push('--metrics-interval', String(METRICS_INTERVAL_MS));
    args.push(...(spec.extraArgs ?? []));
    const output = this.options.createOutput(name);
    output.appendLine(`$ streamwise ${args.slice(1).join(' ')}   (${spec.cliSource} CLI ${spec.cli})`);
    const proc = spawnGroup(this.options.node.node, args, {
      cwd: spec.cwd,
      env: { ...process.env, ...this.options.node.env, STREAMWISE_METRICS_FD: '3', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    const info: RunInfo = {
      id, name, spec, status: 'starting', pid: proc.child.pid, startedAt: Date.now(), endedAt: undefined,
      exitCode: undefined, lastError: undefined, live: initialLiveState(), malformedLines: 0,
    };
    const entry: RunEntry = { info, proc, output };
    this.runs.set(id, entry);
    this.options.log.info(`run ${name} started (pid ${String(proc.child.pid)}): ${args.slice(1).join(' ')}`);
    this.wire(entry);
    this.prune();
    this.changed.fire(info);
    return info;
  }

  /** Stops one run's process group; resolves once it exited. */
  async stop(id: string): Promise<RunInfo | undefined> {
    const entry = this.runs.get(id);
    if (entry === undefined) return undefined;
    if (entry.info.status === 'stopped' || entry.info.status === 'failed') return entry.info;
    if (entry.info.status !== 'stopping') {
      entry.info.status = 'stopping';
      this.options.log.info(`stopping run ${entry.info.name}`);
      this.changed.fire(entry.info);
    }
    await stopGroup(entry.proc, this.options.stopGraceMs ?? 15_000);
    await this.whenEnded(entry);
    return entry.info;
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.active().map((r) => this.stop(r.id)));
  }

  /** Window shutdown: SIGTERM every group now (they close cleanly on their own). */
  dispose(): void {
    for (const entry of this.runs.values()) {
      if (entry.info.status === 'stopped' || entry.info.status === 'failed') continue;
      const pid = entry.proc.child.pid;
      if (pid !== undefined) {
        try {
          process.kill(-pid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
    }
    for (const entry of this.runs.values()) entry.output.dispose();
    this.changed.dispose();
    this.ended.dispose();
  }

  private ends = new WeakMap<RunEntry, Promise<void>>();

  private whenEnded(entry: RunEntry): Promise<void> {
    return this.ends.get(entry) ?? Promise.resolve();
  }

  private wire(entry: RunEntry): void {
    const { info, proc, output } = entry;
    const log = this.options.log;
    const lines = (stream: Readable | null | undefined, onLine: (line: string) => void): Promise<void> => {
      if (stream === null || stream === undefined) return Promise.resolve();
      const splitter = new LineSplitter();
      stream.on('data', (chunk: Buffer) => splitter.push(chunk).forEach(onLine));
      return new Promise((resolve) => stream.once('close', () => {
        splitter.flush().forEach(onLine);
        resolve();
      }));
    };
    const stdout = lines(proc.child.stdout, (line) => output.appendLine(line));
    const stderr = lines(proc.child.stderr, (line) => {
      output.appendLine(line);
      // The CLI prefixes its failures; runtime warnings are not the cause of a death.
      if (/^streamwise run: |error/i.test(line)) info.lastError = line.replace(/^streamwise run: /, '');
    });
    const metrics = lines(proc.child.stdio[3] as Readable | null | undefined, (line) => {
      const parsed = parseEventLine(line);
      if (!parsed.ok) {
        info.malformedLines++;
        log.warn(`run ${info.name}: skipped a malformed metrics line (${parsed.error}): ${line.slice(0, 200)}`);
        return;
      }
      info.live = reduceLiveState(info.live, parsed.event);
      if (parsed.event.type === 'error') info.lastError = parsed.event.message;
      if (info.status === 'starting' && info.live.state === 'RUNNING') info.status = 'running';
      this.changed.fire(info);
    });
    proc.child.once('error', (error) => {
      info.lastError = `could not start: ${error.message}`;
      output.appendLine(info.lastError);
    });
    const ended = proc.exited.then(async ({ code, signal }) => {
      // Drain what the pipes still hold before judging the exit.
      await Promise.all([stdout, stderr, metrics]);
      const asked = info.status === 'stopping';
      info.exitCode = code;
      info.endedAt = Date.now();
      info.status = asked || code === 0 ? 'stopped' : 'failed';
      if (info.status === 'failed') info.lastError ??= `exited with ${signal ?? `code ${String(code)}`}`;
      const how = signal !== null ? `signal ${signal}` : `code ${String(code)}`;
      output.appendLine(`[process exited with ${how}]`);
      if (info.status === 'failed') log.error(`run ${info.name} failed (${how}): ${info.lastError ?? ''}`);
      else log.info(`run ${info.name} stopped (${how})`);
      this.changed.fire(info);
      this.ended.fire(info);
    });
    this.ends.set(entry, ended);
  }

  /** Keeps the newest finished runs; older ones (and their outputs) go. */
  private prune(): void {
    const finished = this.list().filter((r) => r.status === 'stopped' || r.status === 'failed');
    const excess = finished.length - (this.options.keepFinished ?? 5);
    for (const info of finished.slice(0, Math.max(0, excess))) {
      this.runs.get(info.id)?.output.dispose();
      this.runs.delete(info.id);
    }
  }
}
