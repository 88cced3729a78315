// The broker's state shared by every connection: topics, groups, committed offsets, and the
// storage policies (fsync, retention, open files).
import type { Logger } from '../../logger';
import { ErrorCode } from '../protocol/error-codes';
import { nodeFileOps, StorageError, type FileOps } from '../storage/file-ops';
import { HandleCache } from '../storage/handle-cache';
import { Group } from './group';
import { migrateLegacyLayout } from './legacy-layout';
import { OffsetStore } from './offset-store';
import { TransactionCoordinator } from '../txn/coordinator';
import { ProducerIdAllocator } from '../txn/producer-ids';
import { KAFKA_DEFAULTS, type BrokerDefaults } from './topic-config';
import { OFFSETS_TOPIC, TopicStore, topicNameProblem, type Topic } from './topic-store';

/** When data reaches the disk: before each acknowledgement, every `flushIntervalMs`, or when the OS decides. */
export type FlushPolicy = 'every' | 'interval' | 'none';

export interface BrokerConfig {
  host: string; port: number; dataDir: string | undefined; defaultPartitions: number;
  autoCreateTopics: boolean; logger: Logger; initialRebalanceDelayMs: number;
  defaults?: Partial<BrokerDefaults>;
  flush?: FlushPolicy;
  flushIntervalMs?: number;
  /** Segment files kept open at once (least recently used closed first). */
  maxOpenFiles?: number;
  /** How often retention runs (Kafka's log.retention.check.interval.ms). */
  retentionCheckIntervalMs?: number;
  /** How often open transactions are checked against their timeout (Kafka's
   *  transaction.abort.timed.out.transaction.cleanup.interval.ms; default 1000 here). */
  transactionCheckIntervalMs?: number;
  /** offsets.topic.num.partitions. */
  offsetsTopicPartitions?: number;
  fileOps?: FileOps;
  limits: ConnectionLimits;
}

export interface ConnectionLimits {
  /** socket.request.max.bytes */
  socketRequestMaxBytes: number;
  /** Partial and queued request bytes over all connections. */
  maxBufferedBytes: number;
  /** connections.max.idle.ms */
  connectionsMaxIdleMs: number;
}

export const NODE_ID = 1;
export const CLUSTER_ID = 'streamwise-dev-cluster';

export class Broker {
  readonly topics: TopicStore;
  readonly offsets: OffsetStore;
  readonly groups = new Map<string, Group>();
  readonly defaults: BrokerDefaults;
  readonly flush: FlushPolicy;
  readonly handles: HandleCache;
  readonly producerIds: ProducerIdAllocator;
  readonly txns: TransactionCoordinator;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(readonly config: BrokerConfig) {
    const ops = config.fileOps ?? nodeFileOps;
    this.defaults = { ...KAFKA_DEFAULTS, ...config.defaults };
    this.flush = config.flush ?? 'interval';
    this.handles = new HandleCache(ops, config.maxOpenFiles ?? 256);
    this.topics = new TopicStore({ dataDir: config.dataDir, ops, handles: this.handles, defaults: this.defaults, logger: config.logger, syncMetadata: this.flush === 'every' });
    const offsetsTopic = this.topics.get(OFFSETS_TOPIC)
      ?? this.topics.create(OFFSETS_TOPIC, config.offsetsTopicPartitions ?? 50, { 'cleanup.policy': 'compact', 'segment.bytes': String(100 * 1024 * 1024) }, true);
    this.offsets = new OffsetStore(offsetsTopic, config.logger, () => this.afterAppend());
    if (config.dataDir !== undefined) migrateLegacyLayout(ops, config.dataDir, this.topics, this.offsets, config.logger);
    let highest = -1;
    for (const t of this.topics.topics.values()) for (const p of t.partitions) highest = Math.max(highest, p.producerStates.highestProducerId());
    this.producerIds = new ProducerIdAllocator(ops, config.dataDir, highest);
    this.txns = new TransactionCoordinator({ topics: this.topics, offsets: this.offsets, logger: config.logger, ids: this.producerIds, afterAppend: () => this.afterAppend() });
    this.txns.recover();
    const txnTimer = setInterval(() => this.txns.tick(), config.transactionCheckIntervalMs ?? 1000);
    txnTimer.unref();
    this.timers.push(txnTimer);
    if (this.flush === 'interval' && config.dataDir !== undefined) {
      const t = setInterval(() => this.flushNow(), config.flushIntervalMs ?? 1000);
      t.unref();
      this.timers.push(t);
    }
    const retention = setInterval(() => {
      const dropped = this.topics.enforceRetention();
      if (dropped > 0) config.logger.debug('dev cluster: retention dropped old segments', { bytes: dropped });
    }, config.retentionCheckIntervalMs ?? 300_000);
    retention.unref();
    this.timers.push(retention);
  }

  get logger(): Logger { return this.config.logger; }
  get limits(): ConnectionLimits { return this.config.limits; }

  /** After an acknowledged write: under flush 'every', fsync before the answer goes out. */
  afterAppend(): void {
    if (this.flush === 'every') this.handles.flushAll();
  }

  flushNow(): void {
    try {
      this.handles.flushAll();
    } catch (error) {
      this.logger.error(`dev cluster: fsync failed: ${String(error)}`);
    }
  }

  /** The topic, auto-created when allowed; or the error code to answer with. */
  topicFor(name: string, allowAutoCreate: boolean): Topic | number {
    const topic = this.topics.get(name);
    if (topic !== undefined) return topic;
    if (topicNameProblem(name) !== undefined) return ErrorCode.INVALID_TOPIC_EXCEPTION;
    if (!allowAutoCreate || !this.config.autoCreateTopics) return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    try {
      const created = this.topics.create(name, this.config.defaultPartitions);
      this.logger.info('dev cluster: auto-created topic', { topic: name, partitions: this.config.defaultPartitions });
      return created;
    } catch (error) {
      if (!(error instanceof StorageError)) throw error;
      this.logger.error(`dev cluster: could not auto-create topic '${name}': ${error.message}`);
      return ErrorCode.KAFKA_STORAGE_ERROR;
    }
  }

  group(groupId: string, create: boolean): Group | undefined {
    let g = this.groups.get(groupId);
    if (g === undefined && create) {
      g = new Group(groupId, { initialRebalanceDelayMs: this.config.initialRebalanceDelayMs }, (changed) => {
        this.logger.debug('dev cluster: group state', { group: changed.groupId, state: changed.state, generation: changed.generationId });
        if (changed.state === 'Stable' || changed.state === 'Empty') this.recordGroup(changed);
      });
      this.groups.set(groupId, g);
    }
    return g;
  }

  private recordGroup(g: Group): void {
    const members = g.state === 'Stable' ? [...g.members.values()] : [];
    this.offsets.writeGroupMetadata(g.groupId, {
      protocolType: g.protocolType, generation: g.generationId, protocol: g.protocolName || null, leader: g.leader || null,
      members: members.map((m) => ({
        memberId: m.memberId, clientId: m.clientId, clientHost: `/${m.clientHost}`, rebalanceTimeoutMs: m.rebalanceTimeoutMs, sessionTimeoutMs: m.sessionTimeoutMs,
        subscription: m.protocols.find((p) => p.name === g.protocolName)?.metadata ?? Buffer.alloc(0), assignment: m.assignment,
      })),
    });
  }

  close(): void {
    for (const t of this.timers.splice(0)) clearInterval(t);
    for (const g of this.groups.values()) g.shutdown();
    this.flushNow();
    this.topics.close();
    this.handles.closeAll();
  }
}
