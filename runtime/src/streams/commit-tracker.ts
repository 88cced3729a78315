// At-least-once bookkeeping for one stream thread: it collects what tasks produce, sends it in
// batches (acks=all) while processing goes on, and commits a consumed offset only after every
// record produced before it was acknowledged.
// One send at a time: records reach each partition in the order tasks produced them (changelogs
// and table outputs depend on it). kafkajs does not keep the order of concurrent sendBatch calls
// (each awaits metadata and locks before its per-broker sequence lock), so while a send is in
// flight the next records are buffered and go out together in the next send.
import type { Logger } from '../logger';
import { ProducerFencedError, type GroupMetadata, type ProducedRecord, type StreamsProducer, type TopicPartitionOffset, type TransactionalProducer } from '../kafka/client';
import type { ExceptionHandler } from './config';
import { deadLetterRecord } from './dead-letter';
import type { RecordCollector } from './engine';
import type { StreamsMetrics } from './metrics';

export class ProductionError extends Error {
  override name = 'ProductionError';
  constructor(message: string, readonly topics: string[], options?: { cause?: unknown }) {
    super(message, options);
  }
}

export interface CommitTrackerOptions {
  producer: StreamsProducer;
  productionExceptionHandler: ExceptionHandler;
  logger: Logger;
  metrics: StreamsMetrics;
  /** Records buffered before a send starts on its own. */
  maxBatchRecords?: number;
  /** Most records (and about the most bytes) in one send when buffered records are coalesced. */
  maxSendRecords?: number;
  maxSendBytes?: number;
}

const tpKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;

export class CommitTracker implements RecordCollector {
  private pending: ProducedRecord[] = [];
  /** The one send in flight (it keeps sending until nothing is buffered). */
  private sending: Promise<void> | undefined;
  /** Resolved after each send, for backpressure. */
  private progress: { promise: Promise<void>; resolve: () => void } = deferred();
  /** Next offset to commit per partition (last processed + 1). */
  private readonly processed = new Map<string, TopicPartitionOffset>();
  private readonly committed = new Map<string, number>();
  private failure: Error | undefined;
  private readonly maxBatch: number;
  private readonly maxSendRecords: number;
  private readonly maxSendBytes: number;

  /** The metadata to commit with an input partition's offset (its task's processor metadata). */
  offsetMetadata: (topic: string, partition: number) => string | undefined = () => undefined;

  constructor(private readonly options: CommitTrackerOptions) {
    this.maxBatch = options.maxBatchRecords ?? 500;
    this.maxSendRecords = options.maxSendRecords ?? 4000;
    // Under Kafka's default message.max.bytes (1 MiB), which a partition's batch must fit.
    this.maxSendBytes = options.maxSendBytes ?? 512 * 1024;
  }

  send(record: ProducedRecord): void {
    this.pending.push(record);
    this.options.metrics.recordOut(record.topic);
    if (this.pending.length >= this.maxBatch) this.flush();
  }

  markProcessed(topic: string, partition: number, offset: number): void {
    const key = tpKey(topic, partition);
    const entry = this.processed.get(key);
    // Mutating is safe: commit() copies the values it snapshots.
    if (entry === undefined) this.processed.set(key, { topic, partition, offset: offset + 1 });
    else entry.offset = offset + 1;
  }

  /** The first production failure under the 'fail' handler, if any. */
  get error(): Error | undefined {
    return this.failure;
  }

  /** Sends in flight: 0 or 1. */
  get inflightCount(): number {
    return this.sending === undefined ? 0 : 1;
  }

  /** Records buffered, not yet handed to the producer. */
  get bufferedCount(): number {
    return this.pending.length;
  }

  /** Starts sending what is buffered unless a send is in flight (it takes the buffer next); does not wait. */
  flush(): void {
    if (this.pending.length === 0 || this.sending !== undefined) return;
    this.sending = this.sendLoop().finally(() => { this.sending = undefined; });
  }

  private async sendLoop(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.takeBatch();
      await this.sendWithHandler(batch);
      const done = this.progress;
      this.progress = deferred();
      done.resolve();
    }
  }

  /** The oldest buffered records, up to the send limits (at least one). */
  private takeBatch(): ProducedRecord[] {
    let n = 0;
    let bytes = 0;
    for (const r of this.pending) {
      bytes += recordBytes(r);
      if (n > 0 && (n >= this.maxSendRecords || bytes > this.maxSendBytes)) break;
      n++;
    }
    return this.pending.splice(0, n);
  }

  /** Waits while more than `max` batches of records are buffered behind the send in flight. */
  async awaitCapacity(max: number): Promise<void> {
    while (this.sending !== undefined && this.pending.length > max * this.maxBatch) await this.progress.promise;
  }

  /** Sends everything buffered and waits for every acknowledgement. */
  async drain(): Promise<void> {
    this.flush();
    while (this.sending !== undefined) await this.sending;
    if (this.failure !== undefined) throw this.failure;
  }

  /** Commits what was processed so far, once everything produced from it is acknowledged. */
  async commit(commitFn: (offsets: TopicPartitionOffset[]) => Promise<void>): Promise<TopicPartitionOffset[]> {
    const snapshot = [...this.processed.values()].filter((o) => this.committed.get(tpKey(o.topic, o.partition)) !== o.offset).map((o) => this.withMetadata(o));
    await this.drain();
    if (snapshot.length === 0) return [];
    await commitFn(snapshot);
    for (const o of snapshot) {
      this.committed.set(tpKey(o.topic, o.partition), o.offset);
      this.options.metrics.committedOffset(o.topic, o.partition, o.offset);
    }
    return snapshot;
  }

  /**
   * exactly_once_v2: the caller holds processing still. Every record produced so far is acknowledged
   * inside the open transaction, then the offsets of exactly those inputs join it and it commits.
   */
  async commitTransaction(producer: TransactionalProducer, group: GroupMetadata): Promise<TopicPartitionOffset[]> {
    await this.drain();
    const snapshot = [...this.processed.values()].filter((o) => this.committed.get(tpKey(o.topic, o.partition)) !== o.offset).map((o) => this.withMetadata(o));
    if (snapshot.length === 0 && !producer.inTransaction) return [];
    await producer.sendOffsets(snapshot, group);
    await producer.commit();
    for (const o of snapshot) {
      this.committed.set(tpKey(o.topic, o.partition), o.offset);
      this.options.metrics.committedOffset(o.topic, o.partition, o.offset);
    }
    return snapshot;
  }

  private withMetadata(o: TopicPartitionOffset): TopicPartitionOffset {
    const metadata = this.offsetMetadata(o.topic, o.partition);
    return metadata === undefined ? { ...o } : { ...o, metadata };
  }

  /** After an abort: drops buffered records and what was processed since the last commit. */
  async discard(): Promise<void> {
    this.pending = [];
    while (this.sending !== undefined) await this.sending.catch(() => undefined);
    this.pending = [];
    this.processed.clear();
    for (const [key, offset] of this.committed) {
      const [topic = '', partition = '0'] = key.split('\u0000');
      this.processed.set(key, { topic, partition: Number(partition), offset });
    }
    this.failure = undefined;
  }

  /** Offsets committed by this thread (next offset to read) per partition. */
  committedOffsets(): TopicPartitionOffset[] {
    return [...this.committed].map(([key, offset]) => {
      const [topic = '', partition = '0'] = key.split('\u0000');
      return { topic, partition: Number(partition), offset };
    });
  }

  /** Forget partitions this thread no longer owns (their offsets must not be committed later). */
  retainOnly(owned: ReadonlySet<string>): void {
    for (const [key] of this.processed) if (!owned.has(key)) this.processed.delete(key);
    for (const [key] of this.committed) if (!owned.has(key)) this.committed.delete(key);
  }

  private async sendWithHandler(batch: ProducedRecord[]): Promise<void> {
    try {
      await this.options.producer.send(batch);
      this.options.metrics.produced += batch.length;
    } catch (error) {
      // A fenced producer can send nothing more: no handler applies, the thread stops.
      if (error instanceof ProducerFencedError) {
        this.failure ??= error;
        return;
      }
      // Isolate the failing records (by topic, then one by one) so good records still go out.
      const byTopic = new Map<string, ProducedRecord[]>();
      for (const r of batch) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r]);
      // One at a time, in order: isolating a failure must not reorder the good records.
      if (byTopic.size > 1) {
        for (const group of byTopic.values()) await this.sendWithHandler(group);
      } else if (batch.length > 1) {
        for (const r of batch) await this.sendWithHandler([r]);
      } else {
        await this.handleFailure(batch, error);
      }
    }
  }

  private async handleFailure(batch: ProducedRecord[], error: unknown): Promise<void> {
    const { producer, productionExceptionHandler: handler, logger, metrics } = this.options;
    const topics = [...new Set(batch.map((r) => r.topic))];
    const message = `producing ${batch.length} record(s) to ${topics.map((t) => JSON.stringify(t)).join(', ')} failed: ${error instanceof Error ? error.message : String(error)}`;
    if (handler === 'fail') {
      this.failure ??= new ProductionError(message, topics, { cause: error });
      return;
    }
    if (handler === 'continue') {
      logger.warn(`${message}; skipped (productionExceptionHandler: continue)`);
      metrics.skipped.production += batch.length;
      return;
    }
    logger.warn(`${message}; sending them to dead-letter topic ${handler.deadLetterTopic}`);
    try {
      await producer.send(batch.map((r) => deadLetterRecord(handler.deadLetterTopic, r, error, { topic: r.topic, node: 'producer', handler: 'production' })));
      metrics.deadLettered += batch.length;
    } catch (dlqError) {
      this.failure ??= new ProductionError(`${message}; the dead-letter topic ${handler.deadLetterTopic} failed too: ${String(dlqError)}`, topics, { cause: dlqError });
    }
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((r) => { resolve = r; });
  return { promise, resolve };
}

function recordBytes(r: ProducedRecord): number {
  let n = 32 + (r.key?.length ?? 0) + (r.value?.length ?? 0);
  for (const [k, v] of Object.entries(r.headers)) n += k.length + v.length + 8;
  return n;
}

export { tpKey };
