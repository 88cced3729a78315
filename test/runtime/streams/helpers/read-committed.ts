// A read_committed reader nobody here wrote: kcat (librdkafka) with isolation.level=read_committed,
// assigned every partition (no consumer group, so no join to wait for), from the beginning.
import { spawn } from 'node:child_process';

export interface KcatRecord { partition: number; offset: number; key: string; value: string }

function parse(line: string): KcatRecord {
  const [p = '', o = '', key = '', value = ''] = line.split('\t');
  return { partition: Number(p), offset: Number(o), key, value };
}

/**
 * Reads `topic` from the beginning. With `until`, resolves as soon as `until(records)` holds (kcat
 * keeps following the topic until then); without it, reads to the end (the last stable offset).
 */
export function readCommitted(brokers: string[], topic: string, options: { until?: (records: readonly KcatRecord[]) => boolean; timeoutMs?: number; isolation?: 'read_committed' | 'read_uncommitted' } = {}): Promise<KcatRecord[]> {
  const { until, timeoutMs = 60000, isolation = 'read_committed' } = options;
  return new Promise((resolve, reject) => {
    const args = ['-b', brokers.join(','), '-C', '-t', topic, '-o', 'beginning', '-q', '-u', '-X', `isolation.level=${isolation}`, '-f', '%p\\t%o\\t%k\\t%s\\n'];
    if (until === undefined) args.push('-e');
    const child = spawn('kcat', args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const records: KcatRecord[] = [];
    let partial = '';
    let err = '';
    let settled = false;
    const stopGroup = () => {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    };
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stopGroup();
      if (error !== undefined) reject(error);
      else resolve(records);
    };
    const timer = setTimeout(() => finish(new Error(`kcat ${isolation} of ${topic} not done in ${timeoutMs} ms: ${records.length} record(s); ${err}`)), timeoutMs);
    child.stdout.on('data', (c: Buffer) => {
      const lines = (partial + c.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const l of lines) if (l !== '') records.push(parse(l));
      if (until?.(records) === true) finish();
    });
    child.stderr.on('data', (c: Buffer) => { err += c.toString(); });
    child.once('error', (e) => finish(new Error(`kcat is required (apt-get install -y kcat): ${e.message}`)));
    child.once('exit', (code) => {
      if (partial !== '') records.push(parse(partial));
      if (until === undefined && code === 0) finish();
      else finish(new Error(`kcat exited (${code}) reading ${topic}: ${err}`));
    });
  });
}
