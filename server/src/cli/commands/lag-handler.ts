// The work of `streamwise lag` (its name, usage and flags: ./lag.ts), loaded only when it runs:
// it needs the runtime, which `streamwise check` must not pay for.
import { createKafkaClient, silentLogger } from 'streamwise';
import { formatSeconds, LagMonitor, statusAtLeast, type GroupLagReport, type LagStatus } from 'streamwise/model';
import { UsageError, type CliIo } from '../command';
import { BrokersUnreachableError, checkBrokers, parseBrokers } from '../run/brokers';
import { intOption } from '../int-option';
import { parseFlags } from '../parse-flags';
import { lagFlags } from './lag';

const FAIL_ON: Record<string, LagStatus> = { warn: 'WARN', stall: 'STALL', stop: 'STOP' };

export function lagTable(report: GroupLagReport): string {
  const head = ['TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID', 'HOST', 'CLIENT-ID', 'RATE/S', 'CATCH-UP', 'STATUS'];
  const dash = (x: string | number | null) => (x === null ? '-' : String(x));
  const cells = report.partitions.map((p) => [
    p.topic, String(p.partition), dash(p.committed), String(p.end), dash(p.lag), dash(p.consumerId), dash(p.host), dash(p.clientId),
    p.consumeRate === null ? '-' : p.consumeRate.toFixed(1), p.catchUpMs === null ? '-' : formatSeconds(p.catchUpMs), `${p.status} (${p.reason})`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  return [head, ...cells].map((c) => c.map((x, i) => (i === c.length - 1 ? x : x.padEnd(widths[i] ?? 0))).join('  ')).join('\n');
}

function summary(r: GroupLagReport): string {
  return `group ${r.groupId}: ${r.status}: ${r.message}; total lag ${r.totalLag}, ${r.partitions.length} partition(s), ${r.members.length} member(s)${r.groupState === null ? '' : `, ${r.groupState}`}`;
}

/** Done when nothing waits for a fuller window (or for a first commit). */
const settled = (r: GroupLagReport) => r.phase === 'not-found' || r.partitions.every((p) => p.status !== 'PENDING');

/** `streamwise lag`: loaded by ./lag.ts only when the command runs. */
export async function runLag(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(args, lagFlags);
  if (positionals.length > 0) throw new UsageError(`unexpected argument(s): ${positionals.join(' ')}`);
  const group = values.group;
  if (group === undefined || group === '') throw new UsageError('--group ID is required (the application id)');
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, got '${format}'`);
  const failOnText = values['fail-on'];
  const failOn = failOnText === undefined ? undefined : FAIL_ON[failOnText];
  if (failOnText !== undefined && failOn === undefined) throw new UsageError(`--fail-on must be warn, stall or stop, got '${failOnText}'`);
  const samples = values.samples === undefined ? undefined : intOption('samples', values.samples, 1, 1, 100_000);
  const interval = intOption('interval', values.interval, 1000, 10, 600_000);
  const commitInterval = intOption('commit-interval', values['commit-interval'], 30_000, 1, 3_600_000);
  const timeout = intOption('timeout', values.timeout, 4 * commitInterval + 5 * interval, 0, 86_400_000);
  const brokers = parseBrokers(values.brokers ?? '127.0.0.1:9092');
  try {
    await checkBrokers(brokers);
  } catch (error) {
    if (!(error instanceof BrokersUnreachableError)) throw error;
    io.err(`streamwise lag: ${error.message}`);
    return 1;
  }
  const admin = createKafkaClient({ brokers, clientId: 'streamwise-lag', logger: silentLogger }).admin();
  await admin.connect();
  let interrupted = false;
  const onSignal = () => { interrupted = true; };
  process.once('SIGINT', onSignal);
  try {
    const monitor = new LagMonitor(admin, group, { assumedCommitIntervalMs: commitInterval });
    const started = Date.now();
    let report = await monitor.sampleOnce();
    for (let n = 1; ; n++) {
      if (report.phase === 'not-found' || interrupted) break;
      if (samples !== undefined ? n >= samples : settled(report) || Date.now() - started >= timeout) break;
      if (n === 1 && samples === undefined && format === 'text' && process.stderr.isTTY) {
        io.err(`sampling every ${formatSeconds(interval)} until the window holds 3 commits (up to ${formatSeconds(timeout)}; Ctrl-C prints what is known)`);
      }
      await new Promise<void>((resolve) => { setTimeout(resolve, interval); });
      report = await monitor.sampleOnce();
    }
    if (report.phase === 'not-found') {
      io.err(`streamwise lag: group '${group}' not found on ${brokers.join(',')} (no active member, no committed offsets)`);
      return 1;
    }
    if (format === 'json') io.out(JSON.stringify(report));
    else io.out(`${summary(report)}\n${lagTable(report)}`);
    return failOn !== undefined && statusAtLeast(report.status, failOn) ? 1 : 0;
  } finally {
    process.removeListener('SIGINT', onSignal);
    await admin.disconnect().catch(() => undefined);
  }
}
