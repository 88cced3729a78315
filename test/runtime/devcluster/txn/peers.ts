// Runs librdkafka's transactional client (test/fixtures/devcluster/txn-client.py on Debian's
// python3-confluent-kafka) in its own process group; required, never skipped (CI installs it).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../../fixtures/devcluster/txn-client.py', import.meta.url));
const PYTHON = '/usr/bin/python3';

export interface TxnClient { lines: string[]; next(pattern: RegExp): Promise<string>; done: Promise<string>; send(line: string): void; kill(): void }

/** Starts the client; `done` resolves with its whole output on exit 0 and rejects otherwise. */
export function txnClient(args: string[], timeoutMs = 45_000): TxnClient {
  const child = spawn(PYTHON, [script, ...args], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (l: string) => void }[] = [];
  let out = '';
  let err = '';
  const kill = () => { try { process.kill(-(child.pid ?? 0), 'SIGKILL'); } catch { /* gone */ } };
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    const parts = out.split('\n');
    out = parts.pop() ?? '';
    for (const l of parts) {
      lines.push(l);
      for (const w of [...waiters]) if (w.pattern.test(l)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(l); }
    }
  });
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const timer = setTimeout(kill, timeoutMs);
  const done = new Promise<string>((resolve, reject) => {
    child.once('error', (e) => { clearTimeout(timer); reject(new Error(`${PYTHON} with python3-confluent-kafka is required (apt-get install python3-confluent-kafka): ${e.message}`)); });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(lines.join('\n'));
      else reject(new Error(`txn-client ${args[0] ?? ''} exited ${String(code ?? signal)}\n${lines.join('\n')}\n${err}`));
    });
  });
  const next = (pattern: RegExp): Promise<string> => {
    const seen = lines.find((l) => pattern.test(l));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      waiters.push({ pattern, resolve });
      done.then(() => reject(new Error(`txn-client ended without a line matching ${String(pattern)}:\n${lines.join('\n')}`)), reject);
    });
  };
  const send = (line: string) => { child.stdin.write(`${line}\n`); };
  return { lines, next, done, send, kill };
}

/** `consume` mode: the records and the end offset librdkafka reports for the isolation level. */
export async function readPartition(brokers: string, topic: string, isolation: 'read_committed' | 'read_uncommitted'): Promise<{ records: { offset: number; key: string; value: string }[]; end: number }> {
  const out = await txnClient(['consume', brokers, topic, isolation]).done;
  const records: { offset: number; key: string; value: string }[] = [];
  let end = -1;
  for (const l of out.split('\n')) {
    const [a = '', b = '', c = ''] = l.split(' ');
    if (a === 'end') end = Number(b);
    else if (/^\d+$/.test(a)) records.push({ offset: Number(a), key: b, value: c });
  }
  return { records, end };
}
