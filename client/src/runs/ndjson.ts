// The NDJSON metrics channel: bytes -> lines -> validated StreamsEvents. A malformed line (bad
// JSON, an unknown type, missing fields) is reported and skipped, never fatal.
import type { StreamsEvent, StreamsStateName } from 'streamwise/model';

/** Splits a byte stream into lines; a partial last line waits for the next chunk. */
export class LineSplitter {
  private rest = '';
  private readonly decoder = new TextDecoder();

  push(chunk: Uint8Array | string): string[] {
    const text = this.rest + (typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true }));
    const lines = text.split('\n');
    this.rest = lines.pop() ?? '';
    return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)).filter((l) => l.trim() !== '');
  }

  /** The unterminated last line, if any (at end of stream). */
  flush(): string[] {
    const rest = (this.rest + this.decoder.decode()).trim();
    this.rest = '';
    return rest === '' ? [] : [rest];
  }
}

export type ParsedLine = { ok: true; event: StreamsEvent } | { ok: false; error: string };

const STATES: readonly string[] = ['CREATED', 'REBALANCING', 'RUNNING', 'PENDING_SHUTDOWN', 'NOT_RUNNING', 'PENDING_ERROR', 'ERROR'];

export function parseEventLine(line: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { ok: false, error: `not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (!isRecord(value)) return { ok: false, error: 'not a JSON object' };
  const problem = check(value);
  return problem === undefined ? { ok: true, event: value as unknown as StreamsEvent } : { ok: false, error: problem };
}

function check(v: Record<string, unknown>): string | undefined {
  if (typeof v.time !== 'number') return 'missing "time"';
  switch (v.type) {
    case 'state':
      return need(v, ['applicationId', 'instance'], 'string') ?? (isState(v.state) && isState(v.previous) ? undefined : 'state event with an unknown state');
    case 'assignment':
      return need(v, ['applicationId', 'instance', 'thread'], 'string') ?? (Array.isArray(v.tasks) && isPartitions(v.partitions) ? undefined : 'assignment event without tasks/partitions');
    case 'error':
      return need(v, ['applicationId', 'instance', 'message'], 'string');
    case 'metrics':
      return checkMetrics(v.metrics);
    default:
      return `unknown event type ${JSON.stringify(v.type)}`;
  }
}

function checkMetrics(m: unknown): string | undefined {
  if (!isRecord(m)) return 'metrics event without "metrics"';
  const missing = need(m, ['applicationId', 'instance'], 'string');
  if (missing !== undefined) return `metrics.${missing}`;
  if (!isState(m.state)) return 'metrics with an unknown state';
  if (!isRecord(m.nodes) || !Object.values(m.nodes).every((n) => isRecord(n) && numbers(n, ['recordsIn', 'recordsOut', 'errors', 'processLatencyMs']))) return 'metrics.nodes malformed';
  if (!isRecord(m.topics) || !Object.values(m.topics).every((t) => isRecord(t) && numbers(t, ['recordsIn', 'recordsOut']))) return 'metrics.topics malformed';
  if (!Array.isArray(m.partitions) || !m.partitions.every((p) => isRecord(p) && typeof p.topic === 'string' && numbers(p, ['partition', 'consumedOffset', 'committedOffset', 'highWatermark', 'lag']))) return 'metrics.partitions malformed';
  if (!Array.isArray(m.assignment) || !m.assignment.every((a) => isRecord(a) && typeof a.instance === 'string' && typeof a.thread === 'string' && Array.isArray(a.tasks) && isPartitions(a.partitions))) return 'metrics.assignment malformed';
  if (!numbers(m, ['deadLettered', 'produced', 'committed'])) return 'metrics totals malformed';
  return undefined;
}

function need(v: Record<string, unknown>, keys: readonly string[], type: 'string'): string | undefined {
  const bad = keys.find((k) => typeof v[k] !== type);
  return bad === undefined ? undefined : `missing "${bad}"`;
}

function numbers(v: Record<string, unknown>, keys: readonly string[]): boolean {
  return keys.every((k) => typeof v[k] === 'number');
}

function isPartitions(value: unknown): boolean {
  return Array.isArray(value) && value.every((p) => isRecord(p) && typeof p.topic === 'string' && typeof p.partition === 'number');
}

function isState(value: unknown): value is StreamsStateName {
  return typeof value === 'string' && STATES.includes(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
