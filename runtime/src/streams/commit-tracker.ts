// At-least-once bookkeeping for one stream thread: it collects what tasks produce, sends it in
// batches (acks=all) while processing goes on, and commits a consumed offset only after every
// record produced before it was acknowledged.
import type { Logger } from '../logger';
import type { ProducedRecord, StreamsProducer, TopicPartitionOffset } from '../kafka/client';
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
}

const tpKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;

export class CommitTracker implements RecordCollector {
  private pending: ProducedRecord[] = [];
  private readonly inflight = new Set<Promise<void>>();
  /** Next offset to commit per partition (last processed + 1). */
  private readonly processed = new Map<string, TopicPartitionOffset>();
  private readonly committed = new Map<string, number>();
  private failure: Error | undefined;
  private readonly maxBatch: number;

  constructor(private readonly options: CommitTrackerOptions) {
    this.maxBatch = options.maxBatchRecords ?? 500;
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

  get inflightCount(): number {
    return this.inflight.size;
  }

  /** Starts sending what is buffered; does not wait. */
  flush(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    const p = this.sendWithHandler(batch).finally(() => this.inflight.delete(p));
    this.inflight.add(p);
  }

  /** Waits until at most `max` sends are in flight (backpressure on processing). */
  async awaitCapacity(max: number): Promise<void> {
    while (this.inflight.size > max) await Promise.race(this.inflight);
  }

  /** Sends everything buffered and waits for every acknowledgement. */
  async drain(): Promise<void> {
    this.flush();
    while (this.inflight.size > 0) await Promise.all([...this.inflight]);
    if (this.failure !== undefined) throw this.failure;
  }

  /** Commits what was processed so far, once everything produced from it is acknowledged. */
  async commit(commitFn: (offsets: TopicPartitionOffset[]) => Promise<void>): Promise<TopicPartitionOffset[]> {
    const snapshot = [...this.processed.values()].filter((o) => this.committed.get(tpKey(o.topic, o.partition)) !== o.offset).map((o) => ({ ...o }));
    await this.drain();
    if (snapshot.length === 0) return [];
    await commitFn(snapshot);
    for (const o of snapshot) {
      this.committed.set(tpKey(o.topic, o.partition), o.offset);
      this.options.metrics.committedOffset(o.topic, o.partition, o.offset);
    }
    return snapshot;
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
      // Isolate the failing records (by topic, then one by one) so good records still go out.
      const byTopic = new Map<string, ProducedRecord[]>();
      for (const r of batch) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r]);
      if (byTopic.size > 1) {
        await Promise.all([...byTopic.values()].map((group) => this.sendWithHandler(group)));
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

export { tpKey };
