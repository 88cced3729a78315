// What the Streamwise view shows of a cluster, read through the runtime's client adapter (never
// kafkajs directly): topics with partitions and offsets, the last records of a topic, consumer
// groups with their lag (the runtime's LagMonitor). vscode-free, tested against the dev cluster.
import { hostname } from 'node:os';
import { createKafkaClient, type KafkaClient, type Logger, type StreamsAdmin, type TopicReader, type TopicReplication } from 'streamwise';
import { LagMonitor, type GroupLagReport } from 'streamwise/model';
import type { SetLiveTopicsParams } from '../../../server/src/protocol';

export interface PartitionInfo { partition: number; low: number; high: number }

export interface TopicInfo {
  name: string;
  partitions: PartitionInfo[];
  /** Records currently retained: sum of high - low. */
  records: number;
  internal: boolean;
  /** Replicas of the least-replicated partition; absent when the cluster did not say. */
  replicationFactor?: number;
  /** min.insync.replicas; absent when the cluster did not say (no DescribeConfigs). */
  minInsyncReplicas?: number;
}

export interface RecordRow {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

export interface GroupInfo {
  groupId: string;
  protocolType: string;
  /** Kafka's group state; undefined when the broker cannot say. */
  state?: string;
  members?: number;
}

/**
 * What the language server gets of the cluster's topics (live facts win over streamwise.config.json).
 * `replication: false` for the extension's embedded dev cluster: it is one broker by design, so its
 * replication factor 1 says nothing about production and would flag every topic.
 */
export function liveTopicsParams(topics: readonly TopicInfo[], options: { replication: boolean } = { replication: true }): SetLiveTopicsParams {
  const params: Required<Omit<SetLiveTopicsParams, 'folderUri'>> = { partitions: {}, replicationFactors: {}, minInsyncReplicas: {} };
  for (const t of topics) {
    params.partitions[t.name] = t.partitions.length;
    if (!options.replication) continue;
    if (t.replicationFactor !== undefined) params.replicationFactors[t.name] = t.replicationFactor;
    if (t.minInsyncReplicas !== undefined) params.minInsyncReplicas[t.name] = t.minInsyncReplicas;
  }
  return params;
}

/** Prefix of the one group the view's record reader reuses (per window): hidden from the group list. */
export const READER_GROUP_PREFIX = 'streamwise-view';
const READ_TIMEOUT_MS = 15_000;

/** The record reader's group id: one per window (process), reused by every read, never committed. */
export function readerGroupId(): string {
  return `${READER_GROUP_PREFIX}-${hostname()}-${process.pid}`;
}

export class ClusterBrowser {
  private readonly client: KafkaClient;
  private admin: StreamsAdmin | undefined;
  private connecting: Promise<StreamsAdmin> | undefined;
  private readonly monitors = new Map<string, LagMonitor>();
  private reader: TopicReader | undefined;

  constructor(
    readonly brokers: readonly string[],
    private readonly logger: Logger,
    factory: typeof createKafkaClient = createKafkaClient,
  ) {
    this.client = factory({ brokers: [...brokers], clientId: 'streamwise-vscode', logger, connectionTimeoutMs: 3000 });
  }

  async topics(): Promise<TopicInfo[]> {
    const admin = await this.connected();
    const names = (await admin.listTopics()).sort();
    const replication = await admin.topicReplication(names).catch((error: unknown) => {
      this.logger.debug('topic replication facts unavailable', { error: String(error) });
      return new Map<string, TopicReplication>();
    });
    const out: TopicInfo[] = [];
    for (const name of names) {
      const partitions = await admin.topicOffsets(name);
      out.push({ name, partitions, records: partitions.reduce((n, p) => n + Math.max(0, p.high - p.low), 0), internal: name.startsWith('__'), ...replication.get(name) });
    }
    return out;
  }

  /** The last `count` records of the topic over all its partitions, newest first. */
  async lastRecords(topic: string, count: number): Promise<RecordRow[]> {
    const admin = await this.connected();
    const partitions = (await admin.topicOffsets(topic)).filter((p) => p.high > p.low);
    this.reader ??= this.client.topicReader(readerGroupId());
    const rows: RecordRow[] = [];
    const ranges = partitions.map((p) => ({ partition: p.partition, from: Math.max(p.low, p.high - count), until: p.high }));
    await this.reader.read(topic, ranges, (records) => {
      for (const r of records) rows.push({ topic, partition: r.partition, offset: r.offset, timestamp: r.timestamp, key: text(r.key), value: text(r.value), headers: headerTexts(r.headers) });
    }, READ_TIMEOUT_MS);
    return rows.sort((a, b) => b.timestamp - a.timestamp || b.offset - a.offset || a.partition - b.partition).slice(0, count);
  }

  async groups(): Promise<GroupInfo[]> {
    const admin = await this.connected();
    const groups = (await admin.listGroups()).filter((g) => !g.groupId.startsWith(`${READER_GROUP_PREFIX}-`));
    const out: GroupInfo[] = [];
    for (const g of groups) {
      const state = await admin.groupState(g.groupId);
      out.push(state === undefined ? { ...g } : { ...g, state: state.state, members: state.members });
    }
    return out;
  }

  /**
   * The group's lag report, from a LagMonitor kept per group (its sliding window needs repeated
   * samples): this takes one sample now and returns the judged report.
   */
  async lag(groupId: string): Promise<GroupLagReport> {
    const admin = await this.connected();
    let monitor = this.monitors.get(groupId);
    if (monitor === undefined) {
      monitor = new LagMonitor(admin, groupId, {});
      this.monitors.set(groupId, monitor);
    }
    return monitor.sampleOnce();
  }

  async dispose(): Promise<void> {
    this.monitors.clear();
    await this.reader?.close().catch(() => undefined);
    this.reader = undefined;
    const admin = this.admin ?? (await this.connecting?.catch(() => undefined));
    this.admin = undefined;
    this.connecting = undefined;
    await admin?.disconnect().catch(() => undefined);
  }

  private connected(): Promise<StreamsAdmin> {
    if (this.admin !== undefined) return Promise.resolve(this.admin);
    this.connecting ??= (async () => {
      const admin = this.client.admin();
      try {
        await admin.connect();
      } catch (error) {
        this.connecting = undefined;
        throw new Error(`cannot reach ${this.brokers.join(',')}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      this.admin = admin;
      return admin;
    })();
    return this.connecting;
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 text, or `0x…` hex for bytes that are not UTF-8. */
export function text(bytes: Buffer | null): string | null {
  if (bytes === null) return null;
  try {
    return decoder.decode(bytes);
  } catch {
    return `0x${bytes.toString('hex')}`;
  }
}

function headerTexts(headers: Record<string, Buffer>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = text(v) ?? '';
  return out;
}
