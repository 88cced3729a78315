// The ONE module that imports kafkajs: it implements ./client.ts so another client can replace it.
import { AssignerProtocol, CompressionCodecs, CompressionTypes, ConfigResourceTypes, Kafka, logLevel, Partitioners, type Admin, type Consumer, type IHeaders, type LogEntry, type PartitionAssigner, type Producer, type Transaction } from 'kafkajs';
import type { Logger } from '../logger';
import { recordCodecs } from './record-codecs';
import type {
  BatchContext, ClientOptions, ConsumedRecord, FetchedBatch, GroupAssignor, GroupConsumer, GroupConsumerEvents,
  GroupConsumerOptions, GroupDescription, GroupMemberDescription, GroupMetadata, KafkaClient, OffsetRange, PartitionOffsets, PartitionReader, ProducedRecord, StreamsAdmin, StreamsProducer,
  TopicPartitionOffset, TopicReader, TopicReplication, TransactionalProducer,
} from './client';
import { CommitFailedError, ProducerFencedError, TransactionsUnsupportedError } from './client';
import { forgetMember, installKafkajsProtocol, joinedGenerationOf, readUncommitted, requireStable, withGroupMetadata } from './kafkajs-protocol';

// Topics written by librdkafka or Java clients with snappy, lz4 or zstd must be readable.
CompressionCodecs[CompressionTypes.Snappy] = () => ({ compress: (e: { buffer: Buffer }) => recordCodecs.snappy.compress(e.buffer), decompress: (b: Buffer) => recordCodecs.snappy.decompress(b) });
CompressionCodecs[CompressionTypes.LZ4] = () => ({ compress: (e: { buffer: Buffer }) => recordCodecs.lz4.compress(e.buffer), decompress: (b: Buffer) => recordCodecs.lz4.decompress(b) });
CompressionCodecs[CompressionTypes.ZSTD] = () => ({ compress: (e: { buffer: Buffer }) => recordCodecs.zstd.compress(e.buffer), decompress: (b: Buffer) => recordCodecs.zstd.decompress(b) });

function kafkajsLogCreator(logger: Logger) {
  return () => (entry: LogEntry) => {
    const { message, ...fields } = entry.log;
    const text = `kafkajs ${entry.namespace}: ${message}`;
    // We bound retries on purpose: a send that never ends would stall the app silently.
    if (message.startsWith('Limiting retries for the idempotent producer')) return logger.debug(text, fields);
    if (entry.level === logLevel.ERROR) logger.error(text, fields);
    else if (entry.level === logLevel.WARN) logger.warn(text, fields);
    else if (entry.level === logLevel.INFO) logger.debug(text, fields);
    else logger.debug(text, fields);
  };
}

export function toHeaders(headers: IHeaders | undefined): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  if (headers === undefined) return out;
  for (const [name, value] of Object.entries(headers)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first === undefined) continue;
    out[name] = Buffer.isBuffer(first) ? first : Buffer.from(first);
  }
  return out;
}

/** Messages whose partition is chosen from other bytes than their key (ProducedRecord.partitionKey). */
const partitionKeys = new WeakMap<object, Buffer>();

/** kafkajs' default (Java-compatible murmur2) partitioner, hashing a message's partitionKey when it has one. */
function streamsPartitioner(): ReturnType<typeof Partitioners.DefaultPartitioner> {
  const hash = Partitioners.DefaultPartitioner();
  return (args) => {
    const key = partitionKeys.get(args.message);
    return hash(key === undefined ? args : { ...args, message: { ...args.message, key } });
  };
}

function groupByTopic(records: readonly ProducedRecord[]) {
  const byTopic = new Map<string, { key: Buffer | null; value: Buffer | null; headers: Record<string, Buffer>; partition?: number; timestamp: string }[]>();
  for (const r of records) {
    let list = byTopic.get(r.topic);
    if (list === undefined) byTopic.set(r.topic, (list = []));
    const message: { key: Buffer | null; value: Buffer | null; headers: Record<string, Buffer>; partition?: number; timestamp: string } =
      { key: r.key, value: r.value, headers: r.headers, timestamp: String(r.timestamp) };
    if (r.partition !== undefined) message.partition = r.partition;
    else if (r.partitionKey !== undefined && r.partitionKey !== null) partitionKeys.set(message, r.partitionKey);
    list.push(message);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

class KafkajsProducer implements StreamsProducer {
  private producer: Producer;
  constructor(private readonly kafka: Kafka, private readonly logger: Logger, private idempotent: boolean) {
    this.producer = this.create();
  }
  private create(): Producer {
    // kafkajs' default (Java-compatible murmur2) partitioner, named (which silences its v2 migration notice).
    return this.kafka.producer({ idempotent: this.idempotent, maxInFlightRequests: this.idempotent ? 1 : 5, allowAutoTopicCreation: true, createPartitioner: streamsPartitioner });
  }
  async connect(): Promise<void> {
    try {
      await this.producer.connect();
    } catch (error) {
      if (!this.idempotent) throw error;
      // Brokers without InitProducerId (some dev brokers) still give acks=all delivery.
      this.logger.warn('idempotent producer unavailable on this cluster; using acks=all without idempotence', { error: String(error) });
      await this.producer.disconnect().catch(() => undefined);
      this.idempotent = false;
      this.producer = this.create();
      await this.producer.connect();
    }
  }
  async send(records: readonly ProducedRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.producer.sendBatch({ topicMessages: groupByTopic(records), acks: -1 });
  }
  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }
}

// Kafka's answers to a producer whose epoch is no longer the coordinator's (a newer producer with
// the same transactional id initialized): INVALID_PRODUCER_EPOCH (47) to old request versions,
// PRODUCER_FENCED (90) to newer ones. kafkajs nests them in retry and aggregate errors.
const FENCED_TYPES = new Set(['INVALID_PRODUCER_EPOCH', 'PRODUCER_FENCED']);
const FENCED_CODES = new Set([47, 90]);

function isFenced(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const e = error as { type?: unknown; code?: unknown; originalError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.type === 'string' && FENCED_TYPES.has(e.type)) return true;
  if (typeof e.code === 'number' && FENCED_CODES.has(e.code)) return true;
  if (Array.isArray(e.errors) && e.errors.some((x) => isFenced(x, depth + 1))) return true;
  return isFenced(e.originalError, depth + 1) || isFenced(e.cause, depth + 1);
}

/** kafkajs' own test (errors.js isRebalancing) plus a member the coordinator dropped. */
function isRebalancing(error: unknown): boolean {
  const type = typeof error === 'object' && error !== null && 'type' in error ? error.type : undefined;
  return type === 'REBALANCE_IN_PROGRESS' || type === 'NOT_COORDINATOR_FOR_GROUP' || type === 'ILLEGAL_GENERATION' || type === 'UNKNOWN_MEMBER_ID';
}

const UNSTABLE_RETRY_MS = 100;

function isUnstableOffsets(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'type' in error && error.type === 'UNSTABLE_OFFSET_COMMIT';
}

function isMemberLost(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'type' in error && error.type === 'UNKNOWN_MEMBER_ID';
}

// The group coordinator's answers to offsets of a member whose generation is over (KIP-447).
const GENERATION_TYPES = new Set(['ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID', 'FENCED_INSTANCE_ID']);

function generationError(error: unknown, depth = 0): string | undefined {
  if (typeof error !== 'object' || error === null || depth > 5) return undefined;
  const e = error as { type?: unknown; originalError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.type === 'string' && GENERATION_TYPES.has(e.type)) return e.type;
  if (Array.isArray(e.errors)) for (const x of e.errors) { const t = generationError(x, depth + 1); if (t !== undefined) return t; }
  return generationError(e.originalError, depth + 1) ?? generationError(e.cause, depth + 1);
}

function translate(error: unknown, transactionalId: string, what: string): Error {
  const stale = generationError(error);
  if (stale !== undefined) {
    return new CommitFailedError(`transactional producer ${transactionalId}: the group coordinator refused the offsets (${stale}): this member's group generation is over`, { cause: error });
  }
  if (isFenced(error)) {
    return new ProducerFencedError(`transactional producer ${transactionalId} was fenced during ${what}: a newer producer with the same transactional id took over`, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** kafkajs' transaction() with one transaction open at a time; any failed EndTxn re-creates the
 *  kafkajs producer, whose InitProducerId makes the coordinator abort what was left open. */
class KafkajsTransactionalProducer implements TransactionalProducer {
  private producer: Producer;
  private txn: Transaction | undefined;
  private fenced: Error | undefined;
  constructor(private readonly kafka: Kafka, readonly transactionalId: string, private readonly timeoutMs: number) {
    this.producer = this.create();
  }
  private create(): Producer {
    // Not `idempotent`: that flag only adds a second InitProducerId (without the transactional id,
    // to the controller) at connect; kafkajs' transactional sends are idempotent anyway.
    return this.kafka.producer({
      transactionalId: this.transactionalId, transactionTimeout: this.timeoutMs, maxInFlightRequests: 1,
      allowAutoTopicCreation: true, createPartitioner: streamsPartitioner,
    });
  }
  get inTransaction(): boolean {
    return this.txn !== undefined;
  }
  async connect(): Promise<void> {
    try {
      await this.producer.connect();
      // kafkajs sends InitProducerId with the transactional id on the first transaction(): do it now,
      // so a zombie is fenced and its open transaction aborted before this thread reads offsets.
      const t = await this.producer.transaction();
      await t.abort();
    } catch (error) {
      await this.producer.disconnect().catch(() => undefined);
      if (isFenced(error)) throw translate(error, this.transactionalId, 'initialization');
      throw new TransactionsUnsupportedError(`the cluster refused transactional producer ${this.transactionalId} (InitProducerId with a transactional id): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
  private check(): void {
    if (this.fenced !== undefined) throw this.fenced;
  }
  private async begin(): Promise<Transaction> {
    this.check();
    this.txn ??= await this.producer.transaction();
    return this.txn;
  }
  private fail(error: unknown, what: string): Error {
    const e = translate(error, this.transactionalId, what);
    if (e instanceof ProducerFencedError) this.fenced = e;
    return e;
  }
  async send(records: readonly ProducedRecord[]): Promise<void> {
    if (records.length === 0) return;
    try {
      const t = await this.begin();
      await t.sendBatch({ topicMessages: groupByTopic(records), acks: -1 });
    } catch (error) {
      throw this.fail(error, 'send');
    }
  }
  async sendOffsets(offsets: readonly TopicPartitionOffset[], group: GroupMetadata): Promise<void> {
    if (offsets.length === 0) return;
    // TxnOffsetCommit v3 (./kafkajs-protocol.ts) carries the member and generation: a zombie that
    // lost its partitions without noticing is refused by the group coordinator (KIP-447).
    const byTopic = new Map<string, { partition: number; offset: string }[]>();
    for (const o of offsets) byTopic.set(o.topic, [...(byTopic.get(o.topic) ?? []), { partition: o.partition, offset: String(o.offset), ...(o.metadata === undefined ? {} : { metadata: o.metadata }) }]);
    try {
      const t = await this.begin();
      const metadata = { memberId: group.memberId, generationId: group.generationId, groupInstanceId: group.groupInstanceId ?? null };
      await withGroupMetadata(metadata, () => t.sendOffsets({ consumerGroupId: group.groupId, topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })) }));
    } catch (error) {
      throw this.fail(error, 'sendOffsets');
    }
  }
  async commit(): Promise<void> {
    const t = this.txn;
    if (t === undefined) return;
    this.check();
    try {
      await t.commit();
      this.txn = undefined;
    } catch (error) {
      throw this.fail(error, 'commit');
    }
  }
  async abort(): Promise<void> {
    const t = this.txn;
    this.txn = undefined;
    if (t === undefined || this.fenced !== undefined) return;
    try {
      await t.abort();
    } catch (error) {
      const e = this.fail(error, 'abort');
      if (e instanceof ProducerFencedError) throw e;
      // kafkajs cannot leave a failed EndTxn: a new producer's InitProducerId aborts it on the coordinator.
      await this.producer.disconnect().catch(() => undefined);
      this.producer = this.create();
      await this.connect();
    }
  }
  async disconnect(): Promise<void> {
    this.txn = undefined;
    await this.producer.disconnect();
  }
}

function kafkajsAssigner(assignor: GroupAssignor): PartitionAssigner {
  return ({ cluster }) => ({
    name: assignor.name,
    version: 1,
    async assign({ members, topics }) {
      const counts = new Map<string, number>();
      for (const topic of topics) counts.set(topic, cluster.findTopicPartitionMetadata(topic).length);
      const infos = members.map((m) => {
        const meta = AssignerProtocol.MemberMetadata.decode(m.memberMetadata);
        return { memberId: m.memberId, userData: meta?.userData ?? Buffer.alloc(0), topics: meta?.topics ?? [] };
      });
      const result = assignor.assign(infos, counts);
      return infos.map(({ memberId }) => {
        const a = result.get(memberId) ?? { assignment: {}, userData: Buffer.alloc(0) };
        return { memberId, memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 1, assignment: a.assignment, userData: a.userData }) };
      });
    },
    protocol({ topics }) {
      return { name: assignor.name, metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: assignor.userData() }) };
    },
  });
}

function toRecord(topic: string, partition: number, m: { offset: string; timestamp: string; key: Buffer | null; value: Buffer | null; headers?: IHeaders }): ConsumedRecord {
  return { topic, partition, offset: Number(m.offset), timestamp: Number(m.timestamp), key: m.key, value: m.value, headers: toHeaders(m.headers) };
}

/** kafkajs' Batch keeps the offset it was fetched from, untyped. */
function fetchedOffsetOf(batch: object): number {
  const offset = 'fetchedOffset' in batch ? batch.fetchedOffset : undefined;
  return typeof offset === 'string' || typeof offset === 'number' ? Number(offset) : -1;
}

class KafkajsGroupConsumer implements GroupConsumer {
  private readonly consumer: Consumer;
  private readonly removers: (() => void)[] = [];
  private group: GroupMetadata;
  constructor(kafka: Kafka, private readonly options: GroupConsumerOptions) {
    this.group = { groupId: options.groupId, memberId: '', generationId: -1 };
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      partitionAssigners: [kafkajsAssigner(options.assignor)],
      sessionTimeout: options.sessionTimeoutMs ?? 10000,
      rebalanceTimeout: options.rebalanceTimeoutMs ?? 30000,
      heartbeatInterval: options.heartbeatIntervalMs ?? 1000,
      maxWaitTimeInMs: options.maxWaitTimeMs ?? 100,
      allowAutoTopicCreation: false,
      retry: { retries: 5 },
    });
  }
  async connect(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning });
  }
  async run(eachBatch: (batch: FetchedBatch, context: BatchContext) => Promise<void>, events: GroupConsumerEvents): Promise<void> {
    const c = this.consumer;
    this.removers.push(
      c.on(c.events.GROUP_JOIN, (e) => {
        // GROUP_JOIN does not carry the generation; the JoinGroup answer did.
        this.group = { groupId: this.group.groupId, memberId: e.payload.memberId, generationId: joinedGenerationOf(e.payload.memberId) ?? -1 };
        events.onAssigned?.(e.payload.memberAssignment, { memberId: e.payload.memberId, isLeader: e.payload.isLeader });
      }),
      c.on(c.events.HEARTBEAT, (e) => { this.group = { groupId: this.group.groupId, memberId: e.payload.memberId, generationId: e.payload.groupGenerationId }; }),
      c.on(c.events.REBALANCING, () => events.onRebalancing?.()),
      c.on(c.events.CRASH, (e) => events.onCrash?.(e.payload.error, e.payload.restart)),
    );
    await c.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatch: async ({ batch, resolveOffset, heartbeat: kafkajsHeartbeat, isRunning, isStale }) => {
        const records = batch.messages.map((m) => toRecord(batch.topic, batch.partition, m));
        // kafkajs rejoins as soon as a rebalance error leaves eachBatch; onRevoke runs before it
        // does, and the original error is rethrown so kafkajs still recognizes the rebalance.
        const heartbeat = async () => {
          try {
            await kafkajsHeartbeat();
          } catch (error) {
            if (events.onRevoke !== undefined && isRebalancing(error)) await events.onRevoke(isMemberLost(error)).catch(() => undefined);
            throw error;
          }
        };
        await eachBatch(
          { topic: batch.topic, partition: batch.partition, fetchOffset: fetchedOffsetOf(batch), highWatermark: Number(batch.highWatermark), lastOffset: Number(batch.lastOffset()), records },
          { resolveOffset: (o) => resolveOffset(String(o)), heartbeat, isRunning, isStale, group: () => this.group },
        );
        // kafkajs heartbeats right after this callback; doing it here first lets onRevoke run in time.
        if (events.onRevoke !== undefined) await heartbeat();
      },
    });
  }
  async commit(offsets: readonly TopicPartitionOffset[]): Promise<void> {
    if (offsets.length === 0) return;
    await this.consumer.commitOffsets(offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: String(o.offset), ...(o.metadata === undefined ? {} : { metadata: o.metadata }) })));
  }
  seek(position: TopicPartitionOffset): void {
    this.consumer.seek({ topic: position.topic, partition: position.partition, offset: String(position.offset) });
  }
  async stop(): Promise<void> {
    await this.consumer.stop();
  }
  async disconnect(): Promise<void> {
    for (const remove of this.removers.splice(0)) remove();
    forgetMember(this.group.memberId);
    await this.consumer.disconnect();
  }
}

class KafkajsAdmin implements StreamsAdmin {
  private readonly admin: Admin;
  constructor(kafka: Kafka, private readonly logger: Logger) {
    this.admin = kafka.admin();
  }
  connect(): Promise<void> { return this.admin.connect(); }
  async createTopics(topics: readonly { topic: string; partitions: number; replicationFactor?: number; configs?: Readonly<Record<string, string>> }[]): Promise<void> {
    if (topics.length === 0) return;
    await this.admin.createTopics({
      waitForLeaders: true,
      topics: topics.map((t) => ({
        topic: t.topic, numPartitions: t.partitions, replicationFactor: t.replicationFactor ?? -1,
        ...(t.configs === undefined ? {} : { configEntries: Object.entries(t.configs).map(([name, value]) => ({ name, value })) }),
      })),
    });
  }
  async listTopics(): Promise<string[]> { return this.admin.listTopics(); }
  async partitionCounts(topics: readonly string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    const existing = new Set(await this.admin.listTopics());
    const present = topics.filter((t) => existing.has(t));
    if (present.length === 0) return counts;
    const meta = await this.admin.fetchTopicMetadata({ topics: present });
    for (const t of meta.topics) counts.set(t.name, t.partitions.length);
    return counts;
  }
  async topicReplication(topics: readonly string[]): Promise<Map<string, TopicReplication>> {
    const out = new Map<string, TopicReplication>();
    const existing = new Set(await this.admin.listTopics());
    const present = topics.filter((t) => existing.has(t));
    if (present.length === 0) return out;
    const meta = await this.admin.fetchTopicMetadata({ topics: present });
    for (const t of meta.topics) {
      if (t.partitions.length === 0) continue;
      out.set(t.name, { replicationFactor: Math.min(...t.partitions.map((p) => p.replicas.length)) });
    }
    let described: Awaited<ReturnType<Admin['describeConfigs']>>;
    try {
      described = await this.admin.describeConfigs({
        includeSynonyms: false,
        resources: [...out.keys()].map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['min.insync.replicas'] })),
      });
    } catch (error) {
      // Brokers without DescribeConfigs (librdkafka's mock): the fact stays unknown.
      this.logger.debug('describeConfigs failed', { error: String(error) });
      return out;
    }
    for (const r of described.resources) {
      const facts = out.get(r.resourceName);
      const value = r.errorCode === 0 ? r.configEntries.find((e) => e.configName === 'min.insync.replicas')?.configValue : undefined;
      if (facts !== undefined && value !== undefined && /^\d+$/.test(value)) facts.minInsyncReplicas = Number(value);
    }
    return out;
  }
  async topicOffsets(topic: string, isolation: 'read_committed' | 'read_uncommitted' = 'read_committed'): Promise<PartitionOffsets[]> {
    const fetch = () => this.admin.fetchTopicOffsets(topic);
    const offsets = await (isolation === 'read_uncommitted' ? readUncommitted(fetch) : fetch());
    return offsets.map((o) => ({ partition: o.partition, low: Number(o.low), high: Number(o.high) })).sort((a, b) => a.partition - b.partition);
  }
  async groupOffsets(groupId: string, topics?: readonly string[], options: { requireStable?: boolean; timeoutMs?: number } = {}): Promise<{ topic: string; partition: number; offset: number; metadata?: string | null }[]> {
    const fetch = () => this.admin.fetchOffsets(topics === undefined ? { groupId } : { groupId, topics: [...topics] });
    let result: Awaited<ReturnType<typeof fetch>>;
    if (options.requireStable === true) {
      const deadline = Date.now() + (options.timeoutMs ?? 60000);
      for (;;) {
        try {
          result = await requireStable(fetch);
          break;
        } catch (error) {
          // As Kafka's consumer: retry after the retry backoff until the transaction has ended.
          if (!isUnstableOffsets(error) || Date.now() >= deadline) throw error;
          await new Promise((r) => setTimeout(r, UNSTABLE_RETRY_MS));
        }
      }
    } else {
      result = await fetch();
    }
    return result.flatMap((t) => t.partitions.map((p) => ({ topic: t.topic, partition: p.partition, offset: Number(p.offset), ...(p.metadata === null || p.metadata === '' ? {} : { metadata: p.metadata }) })));
  }
  async groupState(groupId: string): Promise<{ state: string; members: number } | undefined> {
    try {
      const { groups } = await this.admin.describeGroups([groupId]);
      const g = groups[0];
      return g === undefined ? undefined : { state: g.state, members: g.members.length };
    } catch (error) {
      this.logger.debug('describeGroups failed', { error: String(error) });
      return undefined;
    }
  }
  async describeGroup(groupId: string): Promise<GroupDescription | undefined> {
    try {
      const { groups } = await this.admin.describeGroups([groupId]);
      const g = groups[0];
      if (g === undefined) return undefined;
      return { groupId: g.groupId, state: g.state, protocolType: g.protocolType, members: g.members.map((m) => describeMember(g.protocolType, m)) };
    } catch (error) {
      this.logger.debug('describeGroups failed', { error: String(error) });
      return undefined;
    }
  }
  async endOffsets(topics: readonly string[]): Promise<{ topic: string; partition: number; offset: number }[]> {
    const existing = new Set(await this.admin.listTopics());
    const out: { topic: string; partition: number; offset: number }[] = [];
    for (const topic of topics.filter((t) => existing.has(t))) {
      for (const o of await this.admin.fetchTopicOffsets(topic)) out.push({ topic, partition: o.partition, offset: Number(o.high) });
    }
    return out.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  }
  async listGroups(): Promise<{ groupId: string; protocolType: string }[]> {
    const { groups } = await this.admin.listGroups();
    return groups.map((g) => ({ groupId: g.groupId, protocolType: g.protocolType })).sort((a, b) => a.groupId.localeCompare(b.groupId));
  }
  async offsetsForTime(topic: string, timestamp: number): Promise<{ partition: number; offset: number }[]> {
    const [byTime, ends] = await Promise.all([this.admin.fetchTopicOffsetsByTimestamp(topic, timestamp), this.admin.fetchTopicOffsets(topic)]);
    const high = new Map(ends.map((e) => [e.partition, Number(e.high)]));
    return byTime.map((o) => ({ partition: o.partition, offset: Number(o.offset) < 0 ? (high.get(o.partition) ?? 0) : Number(o.offset) }))
      .sort((a, b) => a.partition - b.partition);
  }
  async setGroupOffsets(groupId: string, topic: string, offsets: readonly { partition: number; offset: number }[]): Promise<void> {
    if (offsets.length === 0) return;
    await this.admin.setOffsets({ groupId, topic, partitions: offsets.map((o) => ({ partition: o.partition, offset: String(o.offset) })) });
  }
  async deleteTopics(topics: readonly string[]): Promise<void> {
    if (topics.length === 0) return;
    await this.admin.deleteTopics({ topics: [...topics] });
  }
  async disconnect(): Promise<void> {
    this.logger.debug('admin disconnect');
    await this.admin.disconnect();
  }
}

function describeMember(protocolType: string, m: { memberId: string; clientId: string; clientHost: string; memberAssignment: Buffer }): GroupMemberDescription {
  const assignment: { topic: string; partition: number }[] = [];
  // Only the consumer protocol's assignment has a known layout; a broken one is shown as no partitions.
  if (protocolType === 'consumer' && m.memberAssignment.length > 0) {
    try {
      const decoded = AssignerProtocol.MemberAssignment.decode(m.memberAssignment);
      for (const [topic, partitions] of Object.entries(decoded?.assignment ?? {})) {
        for (const partition of partitions) assignment.push({ topic, partition });
      }
    } catch {
      assignment.length = 0;
    }
  }
  assignment.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  return { memberId: m.memberId, clientId: m.clientId, clientHost: m.clientHost, assignment };
}

/** kafkajs has no manual assignment: a throwaway single-member group gets every partition, we seek. */
class KafkajsPartitionReader implements PartitionReader {
  private seq = 0;
  constructor(private readonly kafka: Kafka, private readonly groupIdPrefix: string) {}
  async read(topic: string, partition: number, fromOffset: number, untilOffset: number, onRecords: (records: ConsumedRecord[]) => void): Promise<void> {
    if (fromOffset >= untilOffset) return;
    const consumer = this.kafka.consumer({ groupId: `${this.groupIdPrefix}-restore-${process.pid}-${Date.now()}-${this.seq++}`, maxWaitTimeInMs: 50, allowAutoTopicCreation: false });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        let done = false;
        // Reads are read_committed: fetches stop at the last stable offset, so while a transaction
        // open below `untilOffset` lasts, the position waits for it. The range can end in a commit
        // marker or aborted records, which kafkajs filters out; the batch's lastOffset covers them,
        // and a batch of nothing but those only shows up as END_BATCH_PROCESS. A batch with no record
        // at or past the position reports the high watermark as its lastOffset: not a position.
        const reached = (lastOffset: number) => {
          if (!done && lastOffset >= untilOffset - 1) { done = true; resolve(); }
        };
        consumer.on(consumer.events.CRASH, (e) => reject(e.payload.error));
        consumer.on(consumer.events.END_BATCH_PROCESS, (e) => {
          if (e.payload.topic === topic && e.payload.partition === partition && e.payload.firstOffset !== null) reached(Number(e.payload.lastOffset));
        });
        consumer.run({
          autoCommit: false,
          eachBatch: async ({ batch, resolveOffset }) => {
            if (done || batch.partition !== partition) return;
            const records = batch.messages.filter((m) => Number(m.offset) < untilOffset).map((m) => toRecord(topic, partition, m));
            onRecords(records);
            const last = batch.messages[batch.messages.length - 1];
            if (last !== undefined) resolveOffset(last.offset);
            reached(Number(batch.lastOffset()));
          },
        }).then(() => consumer.seek({ topic, partition, offset: String(fromOffset) }), reject);
      });
    } finally {
      await consumer.disconnect();
    }
  }
  async close(): Promise<void> {}
}

/**
 * kafkajs has no manual assignment: each read joins the reader's one group id (a single member
 * gets every partition), seeks the wanted ranges and leaves. No commits; reads are queued.
 */
class KafkajsTopicReader implements TopicReader {
  private queue: Promise<unknown> = Promise.resolve();
  constructor(private readonly kafka: Kafka, private readonly groupId: string) {}
  read(topic: string, ranges: readonly OffsetRange[], onRecords: (records: ConsumedRecord[]) => void, timeoutMs: number): Promise<void> {
    const run = this.queue.then(() => this.readNow(topic, ranges.filter((r) => r.until > r.from), onRecords, timeoutMs));
    this.queue = run.catch(() => undefined);
    return run;
  }
  private async readNow(topic: string, ranges: readonly OffsetRange[], onRecords: (records: ConsumedRecord[]) => void, timeoutMs: number): Promise<void> {
    if (ranges.length === 0) return;
    const wanted = new Map(ranges.map((r) => [r.partition, r]));
    const consumer = this.kafka.consumer({ groupId: this.groupId, maxWaitTimeInMs: 50, allowAutoTopicCreation: false });
    let timer: NodeJS.Timeout | undefined;
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`reading ${topic} took longer than ${timeoutMs / 1000} s`)), timeoutMs);
        consumer.on(consumer.events.CRASH, (e) => reject(e.payload.error));
        consumer.run({
          autoCommit: false,
          eachBatch: async ({ batch, resolveOffset }) => {
            const range = wanted.get(batch.partition);
            if (range === undefined) return;
            const records = batch.messages.filter((m) => Number(m.offset) >= range.from && Number(m.offset) < range.until).map((m) => toRecord(topic, batch.partition, m));
            if (records.length > 0) onRecords(records);
            const last = batch.messages[batch.messages.length - 1];
            if (last !== undefined) resolveOffset(last.offset);
            if (last !== undefined && Number(last.offset) >= range.until - 1) wanted.delete(batch.partition);
            if (wanted.size === 0) resolve();
          },
        }).then(() => {
          for (const r of ranges) consumer.seek({ topic, partition: r.partition, offset: String(r.from) });
        }, reject);
      });
    } finally {
      clearTimeout(timer);
      await consumer.disconnect();
    }
  }
  async close(): Promise<void> {
    await this.queue;
  }
}

export function createKafkajsClient(options: ClientOptions): KafkaClient {
  installKafkajsProtocol();
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    connectionTimeout: options.connectionTimeoutMs ?? 3000,
    logLevel: logLevel.WARN,
    logCreator: kafkajsLogCreator(options.logger),
    retry: { retries: 5, initialRetryTime: 100 },
  });
  return {
    producer: (o) => new KafkajsProducer(kafka, options.logger, o?.idempotent ?? true),
    transactionalProducer: (o) => new KafkajsTransactionalProducer(kafka, o.transactionalId, o.transactionTimeoutMs),
    consumer: (o) => new KafkajsGroupConsumer(kafka, o),
    admin: () => new KafkajsAdmin(kafka, options.logger),
    reader: (prefix) => new KafkajsPartitionReader(kafka, prefix),
    topicReader: (groupId) => new KafkajsTopicReader(kafka, groupId),
  };
}
