// The broker's state shared by every connection: topics, groups, committed offsets, and the
// storage policies (fsync, retention, open files).
import { dirname } from 'node:path';
import type { Logger } from '../../logger';
import { ErrorCode } from '../protocol/error-codes';
import { nodeFileOps, StorageError, type FileOps } from '../storage/file-ops';
import { HandleCache } from '../storage/handle-cache';
import { Group } from './group';
import { migrateLegacyLayout } from './legacy-layout';
import { OffsetStore } from './offset-store';
import type { AppendResult, PartitionLog } from './partition-log';
import { KAFKA_DEFAULTS, type BrokerDefaults } from './topic-config';
import { OFFSETS_TOPIC, TopicStore, topicNameProblem, type Topic } from './topic-store';
import { TransactionCoordinator } from '../txn/coordinator';
import { ProducerIdAllocator } from '../txn/producer-ids';
import { TXN_STATE_TOPIC } from '../txn/txn-state-log';

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
  /** transactional.id.expiration.ms (default 604800000) and how often it is checked (Kafka's
   *  transaction.remove.expired.transaction.cleanup.interval.ms, default 3600000). */
  transactionalIdExpirationMs?: number;
  transactionalIdExpirationCheckIntervalMs?: number;
  /** producer.id.expiration.ms (default 86400000) and producer.id.expiration.check.interval.ms (default 600000). */
  producerIdExpirationMs?: number;
  producerIdExpirationCheckIntervalMs?: number;
  /** offsets.topic.num.partitions. */
  offsetsTopicPartitions?: number;
  /** offsets.topic.segment.bytes: compaction cleans rolled segments, so this bounds the dirty part. */
  offsetsTopicSegmentBytes?: number;
  /** transaction.state.log.segment.bytes: as offsetsTopicSegmentBytes, for __transaction_state. */
  transactionStateSegmentBytes?: number;
  /** How often compacted topics are cleaned (Kafka's log.cleaner.backoff.ms). */
  cleanerIntervalMs?: number;
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
/** offsets.topic.segment.bytes (Kafka: 100 MiB; smaller here, so compaction keeps the topic small). */
export const OFFSETS_SEGMENT_BYTES = 1024 * 1024;
/** transaction.state.log.segment.bytes (Kafka: 100 MiB; smaller here for the same reason). */
export const TXN_STATE_SEGMENT_BYTES = 1024 * 1024;
export const CLUSTER_ID = 'streamwise-dev-cluster';

export class Broker {
  readonly groups = new Map<string, Group>();
  readonly defaults: BrokerDefaults;
  readonly flush: FlushPolicy;
  readonly handles: HandleCache;
  private readonly timers: NodeJS.Timeout[] = [];
  private flushing: Promise<void> | undefined;
  private retaining: Promise<void> | undefined;
  private cleaning: Promise<number> | undefined;
  private topicStore: TopicStore | undefined;
  private offsetStore: OffsetStore | undefined;
  private coordinator: TransactionCoordinator | undefined;
  private idAllocator: ProducerIdAllocator | undefined;

  private constructor(readonly config: BrokerConfig) {
    this.defaults = { ...KAFKA_DEFAULTS, ...config.defaults };
    this.flush = config.flush ?? 'interval';
    this.handles = new HandleCache(config.fileOps ?? nodeFileOps, config.maxOpenFiles ?? 256, (path, error) => {
      config.logger.error(`dev cluster: ${error.message}; the partition in ${dirname(path)} is offline until restart: nothing unflushed is read or acknowledged`);
    });
  }

  /** Loads the data directory (topics, partitions, committed offsets) and starts the timers. */
  static async open(config: BrokerConfig): Promise<Broker> {
    const broker = new Broker(config);
    const ops = config.fileOps ?? nodeFileOps;
    const internalConfigs = { [TXN_STATE_TOPIC]: { 'segment.bytes': String(config.transactionStateSegmentBytes ?? TXN_STATE_SEGMENT_BYTES) } };
    const topics = await TopicStore.open({ dataDir: config.dataDir, ops, handles: broker.handles, defaults: broker.defaults, logger: config.logger, syncMetadata: broker.flush === 'every', syncJournal: broker.flush !== 'none', internalConfigs });
    broker.topicStore = topics;
    const offsetsConfigs = { 'cleanup.policy': 'compact', 'segment.bytes': String(config.offsetsTopicSegmentBytes ?? OFFSETS_SEGMENT_BYTES) };
    let offsetsTopic = topics.get(OFFSETS_TOPIC);
    if (offsetsTopic === undefined) {
      offsetsTopic = await topics.create(OFFSETS_TOPIC, config.offsetsTopicPartitions ?? 50, offsetsConfigs, true);
    } else if (offsetsTopic.configs['segment.bytes'] !== offsetsConfigs['segment.bytes']) {
      await topics.setConfigs(offsetsTopic, { ...offsetsTopic.configs, ...offsetsConfigs });
    }
    const offsets = await OffsetStore.load(offsetsTopic, config.logger, (log, result) => broker.durable(log, result));
    broker.offsetStore = offsets;
    if (config.dataDir !== undefined) await migrateLegacyLayout(ops, config.dataDir, topics, offsets, config.logger);
    // Offsets of topics deleted while their tombstones could not be written.
    for (const name of offsets.topicNames()) {
      if (topics.get(name) === undefined) await offsets.deleteTopic(name).catch((e: unknown) => { config.logger.warn(`dev cluster: could not drop offsets of deleted topic '${name}': ${String(e)}`); });
    }
    let highest = -1;
    for (const t of topics.topics.values()) for (const p of t.partitions) highest = Math.max(highest, p.producerStates.highestProducerId());
    broker.idAllocator = await ProducerIdAllocator.open(ops, config.dataDir, highest);
    broker.coordinator = await TransactionCoordinator.open({ topics, offsets, logger: config.logger, ids: broker.idAllocator, durable: (log, result) => broker.durable(log, result) });
    await broker.coordinator.recover();
    const txnTimer = setInterval(() => { void broker.txns.tick(); }, config.transactionCheckIntervalMs ?? 1000);
    txnTimer.unref();
    broker.timers.push(txnTimer);
    const txnIdExpiry = config.transactionalIdExpirationMs ?? 604_800_000;
    const idTimer = setInterval(() => { void broker.txns.expireTransactionalIds(txnIdExpiry); }, config.transactionalIdExpirationCheckIntervalMs ?? 3_600_000);
    idTimer.unref();
    broker.timers.push(idTimer);
    const producerExpiry = config.producerIdExpirationMs ?? 86_400_000;
    // At start too: producer state rebuilt from old batches must not outlive its expiry.
    broker.expireProducers(producerExpiry);
    const producerTimer = setInterval(() => broker.expireProducers(producerExpiry), config.producerIdExpirationCheckIntervalMs ?? 600_000);
    producerTimer.unref();
    broker.timers.push(producerTimer);
    if (broker.flush === 'interval' && config.dataDir !== undefined) {
      const t = setInterval(() => { void broker.flushNow(); }, config.flushIntervalMs ?? 1000);
      t.unref();
      broker.timers.push(t);
    }
    const retention = setInterval(() => { void broker.runRetention(); }, config.retentionCheckIntervalMs ?? 300_000);
    retention.unref();
    broker.timers.push(retention);
    const cleaner = setInterval(() => { void broker.runCleaner(); }, config.cleanerIntervalMs ?? 15_000);
    cleaner.unref();
    broker.timers.push(cleaner);
    return broker;
  }

  private expireProducers(expirationMs: number): void {
    const now = Date.now();
    let n = 0;
    for (const t of this.topics.topics.values()) for (const p of t.partitions) n += p.producerStates.expire(now, expirationMs);
    if (n > 0) this.config.logger.info(`dev cluster: expired ${n} producer id(s) idle for ${expirationMs} ms (producer.id.expiration.ms)`);
  }

  get topics(): TopicStore {
    if (this.topicStore === undefined) throw new Error('broker not open');
    return this.topicStore;
  }

  get offsets(): OffsetStore {
    if (this.offsetStore === undefined) throw new Error('broker not open');
    return this.offsetStore;
  }

  get txns(): TransactionCoordinator {
    if (this.coordinator === undefined) throw new Error('broker not open');
    return this.coordinator;
  }

  get producerIds(): ProducerIdAllocator {
    if (this.idAllocator === undefined) throw new Error('broker not open');
    return this.idAllocator;
  }

  get logger(): Logger { return this.config.logger; }
  get limits(): ConnectionLimits { return this.config.limits; }

  /** An acknowledged write is durable as the policy says: under 'every' it is fsynced first
   *  (appends waiting at the same time share one fsync); otherwise the timer or the OS do it. */
  async durable(log: PartitionLog, result: AppendResult): Promise<void> {
    if (this.flush === 'every') await log.sync(result);
  }

  /** One run at a time; a tick that finds the last run still going is skipped. */
  flushNow(): Promise<void> {
    this.flushing ??= (async () => {
      try {
        await this.handles.flushAll();
        await this.topics.flushMetadata();
      } catch (error) {
        this.logger.error(`dev cluster: fsync failed: ${String(error)}`);
      } finally {
        this.flushing = undefined;
      }
    })();
    return this.flushing;
  }

  private runRetention(): Promise<void> {
    this.retaining ??= (async () => {
      try {
        const dropped = await this.topics.enforceRetention();
        if (dropped > 0) this.logger.debug('dev cluster: retention dropped old segments', { bytes: dropped });
      } catch (error) {
        this.logger.warn(`dev cluster: retention failed: ${String(error)}`);
      } finally {
        this.retaining = undefined;
      }
    })();
    return this.retaining;
  }

  /** One compaction run at a time over every compacted topic. */
  runCleaner(): Promise<number> {
    this.cleaning ??= (async () => {
      try {
        const dropped = await this.topics.compact();
        if (dropped > 0) this.logger.debug('dev cluster: compaction dropped superseded records', { bytes: dropped });
        return dropped;
      } catch (error) {
        this.logger.warn(`dev cluster: compaction failed: ${String(error)}`);
        return 0;
      } finally {
        this.cleaning = undefined;
      }
    })();
    return this.cleaning;
  }

  /** The topic, auto-created when allowed; or the error code to answer with. */
  async topicFor(name: string, allowAutoCreate: boolean): Promise<Topic | number> {
    const topic = this.topics.get(name);
    if (topic !== undefined) return topic;
    if (topicNameProblem(name) !== undefined) return ErrorCode.INVALID_TOPIC_EXCEPTION;
    if (!allowAutoCreate || !this.config.autoCreateTopics) return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    try {
      const created = await this.topics.create(name, this.config.defaultPartitions);
      this.logger.info('dev cluster: auto-created topic', { topic: name, partitions: this.config.defaultPartitions });
      return created;
    } catch (error) {
      if (!(error instanceof StorageError)) throw error;
      this.logger.error(`dev cluster: could not auto-create topic '${name}': ${error.message}`);
      return ErrorCode.KAFKA_STORAGE_ERROR;
    }
  }

  /** Deletes a topic and every group's committed offsets of it. */
  async deleteTopic(name: string): Promise<boolean> {
    const deleted = await this.topics.delete(name);
    if (deleted) {
      // After the topic's own delete record: a crash in between leaves offsets that the next start drops.
      await this.offsets.deleteTopic(name).catch((e: unknown) => { this.logger.warn(`dev cluster: could not drop offsets of deleted topic '${name}': ${String(e)}`); });
    }
    return deleted;
  }

  group(groupId: string, create: boolean): Group | undefined {
    let g = this.groups.get(groupId);
    if (g === undefined && create) {
      g = new Group(groupId, { initialRebalanceDelayMs: this.config.initialRebalanceDelayMs }, (changed) => {
        this.logger.debug('dev cluster: group state', { group: changed.groupId, state: changed.state, generation: changed.generationId });
        if (changed.state === 'Stable' || changed.state === 'Empty') void this.recordGroup(changed);
      });
      this.groups.set(groupId, g);
    }
    return g;
  }

  private recordGroup(g: Group): Promise<void> {
    const members = g.state === 'Stable' ? [...g.members.values()] : [];
    return this.offsets.writeGroupMetadata(g.groupId, {
      protocolType: g.protocolType, generation: g.generationId, protocol: g.protocolName || null, leader: g.leader || null,
      members: members.map((m) => ({
        memberId: m.memberId, clientId: m.clientId, clientHost: `/${m.clientHost}`, rebalanceTimeoutMs: m.rebalanceTimeoutMs, sessionTimeoutMs: m.sessionTimeoutMs,
        subscription: m.protocols.find((p) => p.name === g.protocolName)?.metadata ?? Buffer.alloc(0), assignment: m.assignment,
      })),
    });
  }

  async close(): Promise<void> {
    for (const t of this.timers.splice(0)) clearInterval(t);
    for (const g of this.groups.values()) g.shutdown();
    await this.coordinator?.idle();
    await this.retaining;
    await this.cleaning;
    await this.flushNow();
    await this.topicStore?.close();
    // Whatever was still being written while closing.
    await this.flushNow();
    await this.handles.closeAll();
  }
}
