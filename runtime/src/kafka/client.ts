// The small Kafka client surface the streams runtime needs. kafkajs implements it in
// ./kafkajs-adapter.ts; another client can replace kafkajs by implementing these interfaces.
import type { Logger } from '../logger';
import type { OutgoingRecord, RawRecord } from '../processor/raw-record';

/** Records as the engine sees them (runtime/src/processor/raw-record.ts): one shape on both sides. */
export type ConsumedRecord = RawRecord;
export type ProducedRecord = OutgoingRecord;

export interface TopicPartitionOffset {
  topic: string;
  partition: number;
  offset: number;
  /** Committed with the offset (Kafka's OffsetAndMetadata): a task's processor metadata. */
  metadata?: string;
}

export interface ClientOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
  connectionTimeoutMs?: number;
}

/** acks=all, idempotent where the broker supports it. */
export interface StreamsProducer {
  connect(): Promise<void>;
  /** Resolves once every record is acknowledged by all in-sync replicas. One call's records reach
   *  each partition in their order; concurrent calls have no order between them (kafkajs does
   *  not keep it), so a caller that needs order (the commit tracker) sends one call at a time. */
  send(records: readonly ProducedRecord[]): Promise<void>;
  disconnect(): Promise<void>;
}

/** The consumer group generation a transaction's offsets belong to (Kafka's ConsumerGroupMetadata). */
export interface GroupMetadata {
  groupId: string; memberId: string; generationId: number;
  /** Static membership (group.instance.id); kafkajs' consumer has none. */
  groupInstanceId?: string | null;
}

/** A producer with a transactional id: one per stream thread under exactly_once_v2. */
export interface TransactionalProducer {
  readonly transactionalId: string;
  /** InitProducerId: fences any older producer with the same transactional id and aborts its open transaction. */
  connect(): Promise<void>;
  /** True between the first send (or sendOffsets) of a transaction and its commit or abort. */
  readonly inTransaction: boolean;
  /** Sends inside the open transaction, beginning one when none is open; resolves on acks=all. */
  send(records: readonly ProducedRecord[]): Promise<void>;
  /** Adds consumed offsets (next offset to read) to the open transaction (AddOffsetsToTxn + TxnOffsetCommit). */
  sendOffsets(offsets: readonly TopicPartitionOffset[], group: GroupMetadata): Promise<void>;
  /** EndTxn(commit); a no-op when no transaction is open. */
  commit(): Promise<void>;
  /** EndTxn(abort); when that fails the producer re-initializes, which makes the coordinator abort. */
  abort(): Promise<void>;
  disconnect(): Promise<void>;
}

/** A newer producer with the same transactional id took over (Kafka's ProducerFencedException). */
export class ProducerFencedError extends Error {
  override name = 'ProducerFencedError';
}

/** The group coordinator refused the transaction's offsets: the member's generation is over
 *  (ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID), as Kafka's CommitFailedException. */
export class CommitFailedError extends Error {
  override name = 'CommitFailedError';
}

/** The cluster has no transaction coordinator (no InitProducerId with a transactional id). */
export class TransactionsUnsupportedError extends Error {
  override name = 'TransactionsUnsupportedError';
}

export interface GroupMemberInfo { memberId: string; userData: Buffer; topics: string[] }
export interface MemberAssignment { assignment: Record<string, number[]>; userData: Buffer }

/** Runs on the group leader: decides which member gets which partitions. */
export interface GroupAssignor {
  name: string;
  /** This member's subscription user data (instance, thread, owned tasks). */
  userData(): Buffer;
  assign(members: readonly GroupMemberInfo[], partitionCounts: ReadonlyMap<string, number>): Map<string, MemberAssignment>;
}

export interface FetchedBatch {
  topic: string; partition: number;
  /** The position this batch was fetched from. */
  fetchOffset: number;
  /** The partition's end offset as reported with this fetch. */
  highWatermark: number;
  /** The last offset this fetch covered, control records and aborted records included (-1: none);
   *  once every record is processed the partition's position is lastOffset + 1. */
  lastOffset: number;
  records: ConsumedRecord[];
}

export interface BatchContext {
  /** The group generation this batch was fetched in (its transaction's group metadata). */
  group(): GroupMetadata;
  /** Marks the batch consumed up to `offset` (the fetch position moves past it). */
  resolveOffset(offset: number): void;
  heartbeat(): Promise<void>;
  isRunning(): boolean;
  isStale(): boolean;
}

export interface GroupConsumerOptions {
  groupId: string;
  topics: string[];
  assignor: GroupAssignor;
  fromBeginning: boolean;
  sessionTimeoutMs?: number;
  rebalanceTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  maxWaitTimeMs?: number;
  /** Batches of different partitions handed to the callback at the same time (default 1). */
  partitionsConsumedConcurrently?: number;
}

export interface GroupConsumerEvents {
  /** After join/sync: this member's partitions. */
  onAssigned?(assignment: Record<string, number[]>, generation: { memberId: string; isLeader: boolean }): void;
  /** A rebalance starts: the member's partitions are about to be revoked. */
  onRebalancing?(): void;
  /** Awaited inside the batch whose heartbeat found the group rebalancing, before the member
   *  rejoins: the last moment its partitions are still its own (Kafka's onPartitionsRevoked);
   *  `lost` when the coordinator no longer knows the member (onPartitionsLost: others may own them). */
  onRevoke?(lost: boolean): Promise<void>;
  /** The client crashed; `willRestart` when it reconnects on its own (retriable errors). */
  onCrash?(error: Error, willRestart: boolean): void;
}

export interface GroupConsumer {
  connect(): Promise<void>;
  run(eachBatch: (batch: FetchedBatch, context: BatchContext) => Promise<void>, events: GroupConsumerEvents): Promise<void>;
  commit(offsets: readonly TopicPartitionOffset[]): Promise<void>;
  /** Moves the fetch position of an assigned partition (batches fetched before it are stale). */
  seek(position: TopicPartitionOffset): void;
  /** Stops fetching; resolves once the in-flight batch finished. */
  stop(): Promise<void>;
  /** Leaves the group and closes connections. */
  disconnect(): Promise<void>;
}

export interface GroupMemberDescription {
  memberId: string; clientId: string; clientHost: string;
  /** Decoded from the member's consumer-protocol assignment; empty when it is not a consumer group. */
  assignment: { topic: string; partition: number }[];
}

export interface GroupDescription {
  groupId: string;
  /** Kafka's group state: Stable, PreparingRebalance, CompletingRebalance, Empty, Dead. */
  state: string;
  protocolType: string;
  members: GroupMemberDescription[];
}

export interface PartitionOffsets { partition: number; low: number; high: number }

/** A topic's durability facts as the cluster reports them. */
export interface TopicReplication {
  /** Replicas of its least-replicated partition (Metadata). */
  replicationFactor: number;
  /** min.insync.replicas (DescribeConfigs); absent when the broker does not say. */
  minInsyncReplicas?: number;
}

export interface StreamsAdmin {
  connect(): Promise<void>;
  /** Creates missing topics; existing ones are left alone. Returns the names it could not create. */
  createTopics(topics: readonly { topic: string; partitions: number; replicationFactor?: number; configs?: Readonly<Record<string, string>> }[]): Promise<void>;
  /** Partition counts of the topics that exist (missing topics are absent from the map). */
  partitionCounts(topics: readonly string[]): Promise<Map<string, number>>;
  listTopics(): Promise<string[]>;
  /** Log start and end offsets per partition; the end is the last stable offset (read_committed,
   *  the default) or, with 'read_uncommitted', the high watermark past any open transaction. */
  topicOffsets(topic: string, isolation?: 'read_committed' | 'read_uncommitted'): Promise<PartitionOffsets[]>;
  /** Replication facts of the topics that exist (missing topics are absent from the map). */
  topicReplication(topics: readonly string[]): Promise<Map<string, TopicReplication>>;
  /** Committed offsets of a group (-1 when none). `requireStable` (OffsetFetch v7, KIP-447): waits
   *  while a transaction holds offsets of these partitions (its commit or abort decides them), up to
   *  `timeoutMs` (default 60000, Kafka's default.api.timeout.ms). */
  groupOffsets(groupId: string, topics?: readonly string[], options?: { requireStable?: boolean; timeoutMs?: number }): Promise<{ topic: string; partition: number; offset: number; metadata?: string | null }[]>;
  /** The group's state and member count; undefined when the broker cannot say (no DescribeGroups). */
  groupState(groupId: string): Promise<{ state: string; members: number } | undefined>;
  /** DescribeGroups for one group: state and members with their assigned partitions; undefined when the broker cannot say. */
  describeGroup(groupId: string): Promise<GroupDescription | undefined>;
  /** End offsets (high watermarks) of every partition of the given topics; missing topics are absent. */
  endOffsets(topics: readonly string[]): Promise<{ topic: string; partition: number; offset: number }[]>;
  /** Per partition, the first offset whose record timestamp is at or after `timestamp`; the end offset when there is none. */
  offsetsForTime(topic: string, timestamp: number): Promise<{ partition: number; offset: number }[]>;
  /** Commits offsets for a group that has no active member (as kafka-consumer-groups --reset-offsets). */
  setGroupOffsets(groupId: string, topic: string, offsets: readonly { partition: number; offset: number }[]): Promise<void>;
  deleteTopics(topics: readonly string[]): Promise<void>;
  /** ListGroups: every group the cluster knows (the extension's Streamwise view lists them). */
  listGroups(): Promise<{ groupId: string; protocolType: string }[]>;
  disconnect(): Promise<void>;
}

/** Reads a partition range outside any consumer group (changelog restore). */
export interface PartitionReader {
  /** Reads read_committed from `fromOffset` until the position reaches `untilOffset` and hands over
   *  the records below it. With `untilOffset` the high watermark, a transaction open there holds the
   *  read until it ends (the position cannot pass the last stable offset before). */
  read(topic: string, partition: number, fromOffset: number, untilOffset: number, onRecords: (records: ConsumedRecord[]) => void): Promise<void>;
  close(): Promise<void>;
}

/** An offset range of one partition: [from, until). */
export interface OffsetRange { partition: number; from: number; until: number }

/**
 * Reads offset ranges of a topic for a browser (the extension's "last records"): every read uses
 * the same consumer group id and commits nothing, so browsing leaves at most that one (empty)
 * group on the cluster instead of one per read. Reads run one at a time.
 */
export interface TopicReader {
  read(topic: string, ranges: readonly OffsetRange[], onRecords: (records: ConsumedRecord[]) => void, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

export interface KafkaClient {
  producer(options?: { idempotent?: boolean }): StreamsProducer;
  transactionalProducer(options: { transactionalId: string; transactionTimeoutMs: number }): TransactionalProducer;
  consumer(options: GroupConsumerOptions): GroupConsumer;
  admin(): StreamsAdmin;
  reader(groupIdPrefix: string): PartitionReader;
  topicReader(groupId: string): TopicReader;
}

export type KafkaClientFactory = (options: ClientOptions) => KafkaClient;
