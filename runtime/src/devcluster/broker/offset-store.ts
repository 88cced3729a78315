// Committed consumer-group offsets; with a data directory, an append-only JSON-lines file that
// is replayed at start (the last commit per group/topic/partition wins).
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface CommittedOffset { offset: number; metadata: string | null; leaderEpoch: number }

export class OffsetStore {
  private readonly groups = new Map<string, Map<string, CommittedOffset>>();
  private fd: number | undefined;

  constructor(dataDir: string | undefined) {
    if (dataDir === undefined) return;
    const file = join(dataDir, 'offsets.jsonl');
    if (existsSync(file)) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (line.trim() === '') continue;
        let entry: unknown;
        try {
          entry = JSON.parse(line);
        } catch {
          continue; // a torn last line was never acknowledged
        }
        if (isEntry(entry)) this.put(entry.g, entry.t, entry.p, { offset: entry.o, metadata: entry.m, leaderEpoch: entry.e });
      }
    }
    this.fd = openSync(file, 'a');
  }

  private put(group: string, topic: string, partition: number, value: CommittedOffset): void {
    let g = this.groups.get(group);
    if (g === undefined) this.groups.set(group, (g = new Map()));
    g.set(`${topic}\u0000${partition}`, value);
  }

  commit(group: string, topic: string, partition: number, value: CommittedOffset): void {
    this.put(group, topic, partition, value);
    if (this.fd !== undefined) {
      const line = JSON.stringify({ g: group, t: topic, p: partition, o: value.offset, m: value.metadata, e: value.leaderEpoch });
      writeSync(this.fd, `${line}\n`);
    }
  }

  get(group: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.groups.get(group)?.get(`${topic}\u0000${partition}`);
  }

  /** Every committed partition of a group, by topic. */
  all(group: string): Map<string, { partition: number; value: CommittedOffset }[]> {
    const out = new Map<string, { partition: number; value: CommittedOffset }[]>();
    for (const [key, value] of this.groups.get(group) ?? []) {
      const [topic = '', p = '0'] = key.split('\u0000');
      let list = out.get(topic);
      if (list === undefined) out.set(topic, (list = []));
      list.push({ partition: Number(p), value });
    }
    return out;
  }

  hasGroup(group: string): boolean {
    return (this.groups.get(group)?.size ?? 0) > 0;
  }

  groupIds(): string[] {
    return [...this.groups.keys()];
  }

  close(): void {
    if (this.fd === undefined) return;
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = undefined;
  }
}

function isEntry(v: unknown): v is { g: string; t: string; p: number; o: number; m: string | null; e: number } {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.g === 'string' && typeof o.t === 'string' && typeof o.p === 'number' && typeof o.o === 'number' &&
    (typeof o.m === 'string' || o.m === null) && typeof o.e === 'number';
}
