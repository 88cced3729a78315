// Shared test helpers: a dev cluster with a captured log, kcat as a child process, raw frames.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import type { Logger } from '../../../runtime/src/logger';
import { startDevCluster, type DevCluster, type DevClusterOptions } from '../../../runtime/src/devcluster';

export const rand = (prefix: string): string => `${prefix}-${randomBytes(4).toString('hex')}`;

export interface LogLine { level: string; message: string; fields?: Record<string, unknown> }

export function captureLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => { lines.push({ level, message, fields }); };
  return { logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, lines };
}

export async function startTestCluster(options: DevClusterOptions = {}): Promise<DevCluster & { lines: LogLine[] }> {
  const { logger, lines } = captureLogger();
  const cluster = await startDevCluster({ port: 0, logger, initialRebalanceDelayMs: 50, ...options });
  return { ...cluster, lines };
}

/** Fails (never skips) when kcat is missing: CI installs it (.ci/run). */
export function requireKcat(): void {
  const r = spawnSync('kcat', ['-V'], { encoding: 'utf8' });
  if (r.error !== undefined || r.status !== 0) throw new Error('kcat is required for these tests: apt-get install -y kcat');
}

export interface KcatResult { code: number | null; stdout: string; stderr: string }

/** Runs kcat to completion (bounded by a timeout that fails the test). */
export function kcat(args: string[], input = '', timeoutMs = 30_000): Promise<KcatResult> {
  return new Promise((resolve, reject) => {
    // Its own process group, stopped as a group if it overruns.
    const child = spawn('kcat', args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => {
      try { process.kill(-(child.pid ?? 0), 'SIGKILL'); } catch { /* already gone */ }
      reject(new Error(`kcat ${args.join(' ')} timed out after ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
    // kcat may exit before it reads its input (-L, -C): the pipe closing then is no error.
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

/** The promise, or a rejection naming `what` after `ms`. */
export function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A request frame: size, api key, version, correlation id, client id, body. */
export function frame(apiKey: number, version: number, correlationId: number, body: Buffer, flexHeader = false): Buffer {
  const clientId = Buffer.from('raw-test');
  const head = Buffer.alloc(10 + clientId.length);
  head.writeInt16BE(apiKey, 0);
  head.writeInt16BE(version, 2);
  head.writeInt32BE(correlationId, 4);
  head.writeInt16BE(clientId.length, 8);
  clientId.copy(head, 10);
  const payload = Buffer.concat([head, flexHeader ? Buffer.from([0]) : Buffer.alloc(0), body]);
  const size = Buffer.alloc(4);
  size.writeInt32BE(payload.length);
  return Buffer.concat([size, payload]);
}

/** A raw connection that collects response frames and knows when it was closed. */
export class RawClient {
  readonly socket: Socket;
  private buffered = Buffer.alloc(0);
  private waiters: ((f: Buffer) => void)[] = [];
  private frames: Buffer[] = [];
  readonly closed: Promise<void>;

  constructor(port: number) {
    this.socket = connect(port, '127.0.0.1');
    this.socket.on('error', () => {});
    this.closed = new Promise((resolve) => this.socket.once('close', () => resolve()));
    this.socket.on('data', (d: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, d]);
      while (this.buffered.length >= 4 && this.buffered.length >= 4 + this.buffered.readInt32BE(0)) {
        const f = this.buffered.subarray(4, 4 + this.buffered.readInt32BE(0));
        this.buffered = this.buffered.subarray(4 + f.length);
        const w = this.waiters.shift();
        if (w !== undefined) w(f);
        else this.frames.push(f);
      }
    });
  }

  send(data: Buffer): void {
    this.socket.write(data);
  }

  next(): Promise<Buffer> {
    const f = this.frames.shift();
    if (f !== undefined) return Promise.resolve(f);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  close(): void {
    this.socket.destroy();
  }
}

/** A partition's folder in a data directory (logs/<topic id>-<partition>), from topics.journal. */
export function partitionDir(dataDir: string, topic: string, partition: number): string {
  let id: string | undefined;
  for (const line of readFileSync(join(dataDir, 'topics.journal'), 'utf8').split('\n')) {
    let entry: { op: string; name: string; id?: string } | undefined;
    try { entry = JSON.parse(line.slice(9)) as typeof entry; } catch { entry = undefined; }
    if (entry?.op === 'create' && entry.name === topic) id = entry.id;
  }
  if (id === undefined) throw new Error(`no topic '${topic}' in ${dataDir}/topics.journal`);
  return join(dataDir, 'logs', `${id}-${partition}`);
}

/** The newest segment file of a partition. */
export function activeSegment(dataDir: string, topic: string, partition: number): string {
  const dir = partitionDir(dataDir, topic, partition);
  const last = readdirSync(dir).filter((n) => n.endsWith('.log')).sort().pop();
  if (last === undefined) throw new Error(`no segment in ${dir}`);
  return join(dir, last);
}
