// A dev cluster in a child process of its own process group (kill -9, resource limits), and a
// reader of whole partitions through kcat (no consumer group, so no rebalance waits).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { kcat } from './helpers';

const fixture = fileURLToPath(new URL('../../fixtures/devcluster/broker-process.mjs', import.meta.url));

export interface BrokerProcess { port: number; brokers: string[]; child: ChildProcess; stderr(): string; exited: Promise<number | null>; kill(signal?: NodeJS.Signals): Promise<void> }

/** Starts the broker; `fileSizeLimitKb` runs it under `ulimit -f` (RLIMIT_FSIZE, 1 KiB blocks);
 *  `port`: a restart on the port the clients know; `segmentBytes`: log.segment.bytes. */
export function startBrokerProcess(dataDir: string, options: { flush?: string; fileSizeLimitKb?: number; port?: number; segmentBytes?: number } = {}): Promise<BrokerProcess> {
  const env = {
    ...process.env, DATA_DIR: dataDir, FLUSH: options.flush ?? 'interval',
    ...(options.port === undefined ? {} : { PORT: String(options.port) }),
    ...(options.segmentBytes === undefined ? {} : { SEGMENT_BYTES: String(options.segmentBytes) }),
  };
  const child = options.fileSizeLimitKb === undefined
    ? spawn(process.execPath, [fixture], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn('bash', ['-c', `ulimit -f ${options.fileSizeLimitKb} && exec "$0" "$1"`, process.execPath, fixture], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => { err += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try { process.kill(-(child.pid ?? 0), signal); } catch { /* already gone */ }
    await exited;
  };
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => { void kill(); reject(new Error(`broker process did not start within 20 s: ${err}`)); }, 20_000);
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`broker process exited (${String(code)}) before listening: ${err}`)); });
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /LISTENING (\d+)/.exec(out);
      if (m?.[1] === undefined) return;
      clearTimeout(timer);
      const port = Number(m[1]);
      resolve({ port, brokers: [`127.0.0.1:${port}`], child, stderr: () => err, exited, kill });
    });
  });
}

export interface LogRecord { partition: number; offset: number; key: string; value: string }

/** Every record of a topic, from the beginning to the end, through kcat. */
export async function readTopic(brokers: string[], topic: string): Promise<LogRecord[]> {
  const r = await kcat(['-b', brokers.join(','), '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%p\t%o\t%k\t%s\n']);
  if (r.code !== 0) throw new Error(`kcat failed (${String(r.code)}): ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l !== '').map((l) => {
    const [p = '', o = '', key = '', value = ''] = l.split('\t');
    return { partition: Number(p), offset: Number(o), key, value };
  });
}
