// KTable.suppress(), as Kafka's KTableSuppressProcessor: each update is buffered by key (buffer time:
// the window end for untilWindowCloses, the record time for untilTimeLimit) and emitted once stream
// time passes buffer time + the suppression duration, or earlier when a full buffer emits early.
import type { Windowed } from '../serdes';
import { RuntimeNode, type TaskContext } from './runtime-node';
import type { Eviction, SuppressionBuffer } from './suppression-buffer';

export interface SuppressSpec {
  /** untilWindowCloses: the upstream windows' grace; untilTimeLimit: the time to wait. */
  suppressDurationMs: number;
  timeDefinition: 'RECORD_TIME' | 'WINDOW_END_TIME';
  maxRecords: number;
  maxBytes: number;
  bufferFullStrategy: 'EMIT' | 'SHUT_DOWN';
  /** untilWindowCloses: a deletion of a window never emitted is not forwarded. */
  safeToDropTombstones: boolean;
}

export class SuppressNode extends RuntimeNode {
  private readonly buffer: SuppressionBuffer;
  private observedStreamTime = -1;
  constructor(
    name: string,
    ctx: TaskContext,
    storeName: string,
    private readonly spec: SuppressSpec,
  ) {
    super(name, ctx);
    this.buffer = ctx.suppressionBuffer(storeName);
  }

  protected process(key: unknown, value: unknown): void {
    const ctx = this.ctx;
    if (ctx.timestamp > this.observedStreamTime) this.observedStreamTime = ctx.timestamp;
    const time = this.spec.timeDefinition === 'WINDOW_END_TIME' ? (key as Windowed<unknown>).window.end : ctx.timestamp;
    this.buffer.put(time, key, value, ctx.oldValue ?? null, { timestamp: ctx.timestamp, offset: ctx.offset, topic: ctx.topic, partition: ctx.partition, headers: ctx.headers });
    this.enforceConstraints();
  }

  private enforceConstraints(): void {
    const expiryTime = this.observedStreamTime - this.spec.suppressDurationMs;
    const emit = (e: Eviction): void => this.emit(e);
    this.buffer.evictWhile(() => this.buffer.minTimestamp() <= expiryTime, emit);
    if (!this.overCapacity()) return;
    if (this.spec.bufferFullStrategy === 'EMIT') {
      this.buffer.evictWhile(() => this.overCapacity(), emit);
      return;
    }
    // Kafka's message (a StreamsException: the thread stops).
    throw new Error(
      `${this.name} buffer exceeded its max capacity. Currently [${this.buffer.numRecords()}/${limit(this.spec.maxRecords)}] records and [${this.buffer.bufferSize()}/${limit(this.spec.maxBytes)}] bytes.`,
    );
  }

  private overCapacity(): boolean {
    return this.buffer.numRecords() > this.spec.maxRecords || this.buffer.bufferSize() > this.spec.maxBytes;
  }

  /** Forwards with the buffered record's context (timestamp, headers, topic, partition, offset). */
  private emit(e: Eviction): void {
    if (e.value === null && this.spec.safeToDropTombstones) return;
    const ctx = this.ctx;
    // The task's partition stays: buffered records came from it.
    const saved = { topic: ctx.topic, offset: ctx.offset, headers: ctx.headers };
    ctx.topic = e.context.topic;
    ctx.offset = e.context.offset;
    ctx.headers = e.context.headers;
    try {
      this.forwardChange(e.key, e.value, e.oldValue, e.context.timestamp);
    } finally {
      ctx.topic = saved.topic;
      ctx.offset = saved.offset;
      ctx.headers = saved.headers;
    }
  }
}

/** Java's Long.MAX_VALUE for an unbounded limit, as Kafka prints it. */
function limit(n: number): string {
  return n === Number.MAX_SAFE_INTEGER ? '9223372036854775807' : String(n);
}
