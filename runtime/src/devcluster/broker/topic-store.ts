// Topics and their partition logs; with a data directory, topics.json plus one segment file per
// partition make them survive a restart.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanSegment } from '../records/record-batch';
import { PartitionLog } from './partition-log';

const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

export function topicNameProblem(name: string): string | undefined {
  if (!TOPIC_NAME.test(name) || name === '.' || name === '..') {
    return `invalid topic name '${name}': use 1-249 characters from [a-zA-Z0-9._-]`;
  }
  return undefined;
}

export interface Topic { name: string; partitions: PartitionLog[]; configs: Record<string, string> }

export class TopicStore {
  readonly topics = new Map<string, Topic>();

  constructor(private readonly dataDir: string | undefined) {
    if (dataDir === undefined) return;
    mkdirSync(join(dataDir, 'logs'), { recursive: true });
    const meta = join(dataDir, 'topics.json');
    if (!existsSync(meta)) return;
    const saved: unknown = JSON.parse(readFileSync(meta, 'utf8'));
    if (typeof saved !== 'object' || saved === null) throw new Error(`${meta}: expected an object of topic -> partitions`);
    for (const [name, entry] of Object.entries(saved)) {
      const parsed = parseEntry(entry);
      if (parsed === undefined || topicNameProblem(name) !== undefined) throw new Error(`${meta}: bad entry for '${name}'`);
      this.open(name, parsed.partitions).configs = parsed.configs;
    }
  }

  private segmentFile(topic: string, partition: number): string | undefined {
    return this.dataDir === undefined ? undefined : join(this.dataDir, 'logs', `${topic}-${partition}.log`);
  }

  private open(name: string, count: number): Topic {
    const partitions: PartitionLog[] = [];
    for (let p = 0; p < count; p++) {
      const file = this.segmentFile(name, p);
      let restored;
      if (file !== undefined && existsSync(file)) {
        const data = readFileSync(file);
        const scan = scanSegment(data);
        // A torn write at the tail was never acknowledged: cut it off.
        if (scan.validBytes < data.length) truncateSync(file, scan.validBytes);
        restored = scan.batches;
      }
      partitions.push(new PartitionLog(name, p, file, restored));
    }
    const topic = { name, partitions, configs: {} };
    this.topics.set(name, topic);
    return topic;
  }

  private saveMeta(): void {
    if (this.dataDir === undefined) return;
    const meta: Record<string, { partitions: number; configs: Record<string, string> }> = {};
    for (const t of this.topics.values()) meta[t.name] = { partitions: t.partitions.length, configs: t.configs };
    const file = join(this.dataDir, 'topics.json');
    writeFileSync(`${file}.tmp`, JSON.stringify(meta));
    renameSync(`${file}.tmp`, file);
  }

  get(name: string): Topic | undefined {
    return this.topics.get(name);
  }

  create(name: string, partitions: number, configs: Record<string, string> = {}): Topic {
    const problem = topicNameProblem(name);
    if (problem !== undefined) throw new Error(problem);
    const existing = this.topics.get(name);
    if (existing !== undefined) return existing;
    for (let p = 0; p < partitions; p++) {
      const file = this.segmentFile(name, p);
      if (file !== undefined) rmSync(file, { force: true });
    }
    const topic = this.open(name, partitions);
    topic.configs = { ...configs };
    this.saveMeta();
    return topic;
  }

  delete(name: string): boolean {
    const topic = this.topics.get(name);
    if (topic === undefined) return false;
    this.topics.delete(name);
    for (const p of topic.partitions) {
      p.close();
      const file = this.segmentFile(name, p.partition);
      if (file !== undefined) rmSync(file, { force: true });
    }
    this.saveMeta();
    return true;
  }

  close(): void {
    for (const t of this.topics.values()) for (const p of t.partitions) p.close();
  }
}

/** A topics.json entry: `{ partitions, configs }` (or a bare partition count). */
function parseEntry(entry: unknown): { partitions: number; configs: Record<string, string> } | undefined {
  if (typeof entry === 'number') return Number.isInteger(entry) && entry > 0 ? { partitions: entry, configs: {} } : undefined;
  if (typeof entry !== 'object' || entry === null) return undefined;
  const { partitions, configs } = entry as { partitions?: unknown; configs?: unknown };
  if (typeof partitions !== 'number' || !Number.isInteger(partitions) || partitions < 1) return undefined;
  const out: Record<string, string> = {};
  if (typeof configs === 'object' && configs !== null) {
    for (const [k, v] of Object.entries(configs)) if (typeof v === 'string') out[k] = v;
  }
  return { partitions, configs: out };
}
