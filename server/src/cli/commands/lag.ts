// `streamwise lag --group ID`: per-partition committed offset, end offset, lag, rates and a
// Burrow-style status judged over a sliding window of samples.
import { parseArgs } from 'node:util';
import { createKafkaClient, silentLogger, type StreamsAdmin } from 'streamwise';
import { UsageError, type CliCommand } from '../command';
import { evaluatePartition, groupStatus, type LagSample, type PartitionLag } from 'streamwise/model';
import { BrokersUnreachableError, checkBrokers, parseBrokers } from '../run/brokers';

function intOption(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got '${value}'`);
  return Number(value);
}

const delay = (ms: number) => new Promise<void>((r) => { setTimeout(r, ms); });

function table(rows: PartitionLag[]): string {
  const head = ['TOPIC', 'PARTITION', 'COMMITTED', 'END', 'LAG', 'CONSUMED/S', 'PRODUCED/S', 'STATUS'];
  const cells = rows.map((r) => [r.topic, String(r.partition), r.committed < 0 ? '-' : String(r.committed), String(r.end), String(r.lag), r.consumeRate.toFixed(1), r.produceRate.toFixed(1), `${r.status} (${r.reason})`]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  return [head, ...cells].map((c) => c.map((x, i) => (i === c.length - 1 ? x : x.padEnd(widths[i] ?? 0))).join('  ')).join('\n');
}

/** Brokers that cannot list a group's topics (OffsetFetch without topics) are asked per topic. */
async function committedOffsets(admin: StreamsAdmin, group: string) {
  const all = await admin.groupOffsets(group);
  if (all.some((o) => o.offset >= 0)) return all.filter((o) => o.offset >= 0);
  const topics = (await admin.listTopics()).filter((t) => !t.startsWith('__'));
  if (topics.length === 0) return [];
  const perTopic = await admin.groupOffsets(group, topics);
  const used = new Set(perTopic.filter((o) => o.offset >= 0).map((o) => o.topic));
  return perTopic.filter((o) => used.has(o.topic));
}

export const lagCommand: CliCommand = {
  name: 'lag',
  usage: 'lag --group ID [--brokers a,b] [--format text|json] [--samples N] [--interval MS]',
  summary: 'per-partition lag, rates and status for a group',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args], strict: true, allowPositionals: true,
      options: { group: { type: 'string' }, brokers: { type: 'string' }, format: { type: 'string' }, samples: { type: 'string' }, interval: { type: 'string' } },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument(s): ${positionals.join(' ')}`);
    const group = values.group;
    if (group === undefined || group === '') throw new UsageError('--group ID is required (the application id)');
    const format = values.format ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, got '${format}'`);
    const samples = intOption('samples', values.samples, 5, 1, 1000);
    const interval = intOption('interval', values.interval, 1000, 10, 600_000);
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
    try {
      const windows = new Map<string, { topic: string; partition: number; samples: LagSample[] }>();
      for (let i = 0; i < samples; i++) {
        if (i > 0) await delay(interval);
        const committed = await committedOffsets(admin, group);
        const time = Date.now();
        for (const topic of [...new Set(committed.map((c) => c.topic))]) {
          const ends = await admin.topicOffsets(topic);
          for (const e of ends) {
            const c = committed.find((x) => x.topic === topic && x.partition === e.partition);
            const key = `${topic}\u0000${e.partition}`;
            const w = windows.get(key) ?? { topic, partition: e.partition, samples: [] };
            w.samples.push({ time, committed: c?.offset ?? -1, end: e.high });
            windows.set(key, w);
          }
        }
      }
      if (windows.size === 0) {
        io.err(`streamwise lag: group '${group}' has no committed offsets on ${brokers.join(',')}`);
        return 1;
      }
      const state = await admin.groupState(group);
      const running = state === undefined ? undefined : state.members > 0 && state.state !== 'Dead' && state.state !== 'Empty';
      const rows = [...windows.values()].map((w) => evaluatePartition(w.topic, w.partition, w.samples, running))
        .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
      const status = groupStatus(rows);
      const totalLag = rows.reduce((n, r) => n + r.lag, 0);
      if (format === 'json') {
        io.out(JSON.stringify({ version: 1, group, status, totalLag, members: state?.members ?? null, groupState: state?.state ?? null, windowMs: (samples - 1) * interval, partitions: rows }));
      } else {
        io.out(`group ${group}: ${status} (total lag ${totalLag}, ${rows.length} partition(s)${state === undefined ? '' : `, ${state.members} member(s), ${state.state}`}; window ${samples} samples x ${interval} ms)`);
        io.out(table(rows));
      }
      return 0;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  },
};
