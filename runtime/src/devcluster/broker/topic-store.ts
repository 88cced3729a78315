// Topics and their partition logs. With a data directory: a CRC-framed journal of topic changes
// (topics.journal) and one folder per partition named by the topic's id (logs/<id>-<partition>),
// so any legal topic name (249 characters, any case) makes a valid file name on every file system.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Logger } from '../../logger';
import { DiskStore } from '../storage/disk-store';
import { errnoOf, messageOf, StorageError, type FileOps } from '../storage/file-ops';
import type { HandleCache } from '../storage/handle-cache';
import { Journal } from '../storage/journal';
import { MemoryStore, type RetentionConfig } from '../storage/log-store';
import { OfflineStore } from '../storage/offline-store';
import { PartitionLog } from './partition-log';
import { resolveTopicConfig, type BrokerDefaults, type TopicConfig } from './topic-config';

const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;
export const OFFSETS_TOPIC = '__consumer_offsets';

export function topicNameProblem(name: string): string | undefined {
  if (!TOPIC_NAME.test(name) || name === '.' || name === '..') {
    return `invalid topic name '${name}': use 1-249 characters from [a-zA-Z0-9._-], not '.' or '..'`;
  }
  return undefined;
}

export interface Topic {
  name: string;
  /** 32 hex digits: the folder name of its partitions. */
  id: string;
  partitions: PartitionLog[];
  configs: Record<string, string>;
  internal: boolean;
  /** The effective configuration (topic overrides over broker defaults). */
  config(): TopicConfig;
}

type JournalEntry =
  | { op: 'create'; name: string; id: string; partitions: number; configs: Record<string, string>; internal?: boolean }
  | { op: 'delete'; name: string }
  | { op: 'partitions'; name: string; partitions: number }
  | { op: 'configs'; name: string; configs: Record<string, string> };

export interface TopicStoreOptions {
  dataDir: string | undefined;
  ops: FileOps;
  handles: HandleCache;
  defaults: BrokerDefaults;
  logger: Logger;
  /** Partition appends become visible once fsynced (flush policy 'every'). */
  syncMetadata: boolean;
  /** fsync topics.journal before a topic change is answered (every policy but 'none', as
   *  Kafka's metadata log: a topic is never acknowledged and then lost). */
  syncJournal: boolean;
  /** Configs the broker sets on its internal topics (segment.bytes of __transaction_state):
   *  applied when they are created, and at start to topics made before. */
  internalConfigs?: Record<string, Record<string, string>>;
  now?: () => number;
}

export class TopicStore {
  readonly topics = new Map<string, Topic>();
  private readonly creating = new Map<string, Promise<Topic>>();
  private readonly journal: Journal | undefined;
  private readonly now: () => number;

  private constructor(private readonly o: TopicStoreOptions) {
    this.now = o.now ?? Date.now;
    if (o.dataDir !== undefined) this.journal = new Journal(o.ops, join(o.dataDir, 'topics.journal'), o.dataDir);
  }

  /** Opens the store: with a data directory, replays topics.journal and loads every partition. */
  static async open(o: TopicStoreOptions): Promise<TopicStore> {
    const store = new TopicStore(o);
    const journal = store.journal;
    if (o.dataDir === undefined || journal === undefined) return store;
    await o.ops.mkdir(join(o.dataDir, 'logs'));
    const { entries, cutBytes } = await journal.load();
    if (cutBytes > 0) o.logger.warn(`dev cluster: cut ${cutBytes} torn byte(s) off ${journal.path}`);
    const state = new Map<string, Extract<JournalEntry, { op: 'create' }>>();
    for (const e of entries) {
      const entry = e as JournalEntry;
      if (entry.op === 'create') state.set(entry.name, { ...entry });
      else if (entry.op === 'delete') state.delete(entry.name);
      else if (entry.op === 'partitions') { const t = state.get(entry.name); if (t !== undefined) t.partitions = entry.partitions; }
      else if (entry.op === 'configs') { const t = state.get(entry.name); if (t !== undefined) t.configs = entry.configs; }
    }
    for (const t of state.values()) await store.openTopic(t.name, t.id, t.partitions, t.configs, t.internal === true);
    for (const [name, configs] of Object.entries(o.internalConfigs ?? {})) {
      const t = store.topics.get(name);
      if (t !== undefined && Object.entries(configs).some(([k, v]) => t.configs[k] !== v)) await store.setConfigs(t, { ...t.configs, ...configs });
    }
    // Rewrite compactly when deletes and changes have made the journal long.
    if (journal.lines > 2 * state.size + 100) await journal.rewrite([...state.values()]);
    return store;
  }

  private async record(entry: JournalEntry): Promise<void> {
    await this.journal?.append([entry], this.o.syncJournal);
  }

  private partitionDir(id: string, partition: number): string | undefined {
    return this.o.dataDir === undefined ? undefined : join(this.o.dataDir, 'logs', `${id}-${partition}`);
  }

  private async openPartition(topic: Topic, p: number): Promise<PartitionLog> {
    const dir = this.partitionDir(topic.id, p);
    const retention = (): RetentionConfig => topic.config();
    const limits = () => ({ maxMessageBytes: topic.config().maxMessageBytes });
    if (dir === undefined) return new PartitionLog(topic.name, p, new MemoryStore(), limits);
    const store = new DiskStore(dir, this.o.ops, this.o.handles, retention, this.now);
    const log = new PartitionLog(topic.name, p, store, limits, this.o.syncMetadata);
    let cutBytes: number;
    let snapshot: Buffer | undefined;
    try {
      cutBytes = (await store.load((b) => log.restoreProducer(b))).cutBytes;
      snapshot = await store.producerSnapshot();
    } catch (error) {
      const cause = new StorageError(`loading ${dir} failed: ${messageOf(error)}`, errnoOf(error), { cause: error });
      // The coordinators' own topics cannot do without a partition: the broker does not start.
      if (topic.internal) throw cause;
      await store.close().catch(() => undefined);
      this.o.logger.error(`dev cluster: ${topic.name}/${p} is offline: ${cause.message}; the other partitions serve, and a restart once the disk reads again serves this one`);
      return new PartitionLog(topic.name, p, new OfflineStore(dir, this.o.ops, cause), limits);
    }
    const problem = log.opened(snapshot);
    if (problem !== undefined) this.o.logger.warn(`dev cluster: ${topic.name}/${p}: ${problem}`);
    if (cutBytes > 0) this.o.logger.warn(`dev cluster: cut ${cutBytes} torn byte(s) off the tail of ${topic.name}/${p}`);
    return log;
  }

  private async openTopic(name: string, id: string, count: number, configs: Record<string, string>, internal: boolean): Promise<Topic> {
    const topic: Topic = {
      name, id, partitions: [], configs: { ...configs }, internal,
      config: () => resolveTopicConfig(this.o.defaults, topic.configs),
    };
    for (let p = 0; p < count; p++) topic.partitions.push(await this.openPartition(topic, p));
    this.topics.set(name, topic);
    return topic;
  }

  get(name: string): Topic | undefined {
    return this.topics.get(name);
  }

  /** Creates a topic (or returns the existing one, or the one being created); rejects with
   *  StorageError when the journal write fails. */
  create(name: string, partitions: number, configs: Record<string, string> = {}, internal = false): Promise<Topic> {
    const problem = topicNameProblem(name);
    if (problem !== undefined) return Promise.reject(new Error(problem));
    const existing = this.topics.get(name);
    if (existing !== undefined) return Promise.resolve(existing);
    const pending = this.creating.get(name);
    if (pending !== undefined) return pending;
    const id = randomBytes(16).toString('hex');
    if (internal) configs = { ...configs, ...this.o.internalConfigs?.[name] };
    const created = (async () => {
      await this.record({ op: 'create', name, id, partitions, configs, ...(internal ? { internal } : {}) });
      return this.openTopic(name, id, partitions, configs, internal);
    })().finally(() => this.creating.delete(name));
    this.creating.set(name, created);
    return created;
  }

  async addPartitions(topic: Topic, total: number): Promise<void> {
    await this.record({ op: 'partitions', name: topic.name, partitions: total });
    for (let p = topic.partitions.length; p < total; p++) topic.partitions.push(await this.openPartition(topic, p));
  }

  async setConfigs(topic: Topic, configs: Record<string, string>): Promise<void> {
    await this.record({ op: 'configs', name: topic.name, configs });
    topic.configs = { ...configs };
  }

  async delete(name: string): Promise<boolean> {
    const topic = this.topics.get(name);
    if (topic === undefined) return false;
    await this.record({ op: 'delete', name });
    if (this.topics.get(name) !== topic) return false;
    this.topics.delete(name);
    for (const p of topic.partitions) {
      p.wake();
      await p.store.destroy();
    }
    return true;
  }

  /** Applies retention to every partition; resolves to the bytes dropped. */
  async enforceRetention(): Promise<number> {
    let dropped = 0;
    const now = this.now();
    for (const t of [...this.topics.values()]) {
      const c = t.config();
      if (c.cleanupPolicy === 'compact') continue;
      for (const p of t.partitions) {
        try {
          dropped += await p.store.enforceRetention(now, c);
        } catch (error) {
          this.o.logger.warn(`dev cluster: retention of ${t.name}/${p.partition} failed: ${String(error)}`);
        }
      }
    }
    return dropped;
  }

  /** Compacts every partition of topics with cleanup.policy compact; resolves to the bytes dropped. */
  async compact(): Promise<number> {
    let dropped = 0;
    const now = this.now();
    for (const t of [...this.topics.values()]) {
      const c = t.config();
      if (c.cleanupPolicy === 'delete') continue;
      for (const p of t.partitions) {
        try {
          dropped += await p.compact({ now, deleteRetentionMs: c.deleteRetentionMs, minDirtyRatio: c.minCleanableDirtyRatio, segmentBytes: c.segmentBytes, minCompactionLagMs: c.minCompactionLagMs, maxCompactionLagMs: c.maxCompactionLagMs });
        } catch (error) {
          this.o.logger.warn(`dev cluster: compaction of ${t.name}/${p.partition} failed: ${String(error)}`);
        }
      }
    }
    return dropped;
  }

  /** fsyncs topics.journal (flush policy 'interval'). */
  async flushMetadata(): Promise<void> {
    await this.journal?.flush();
  }

  async close(): Promise<void> {
    await Promise.all([...this.creating.values()].map((c) => c.catch(() => undefined)));
    for (const t of this.topics.values()) for (const p of t.partitions) await p.close();
    await this.journal?.close();
  }
}
