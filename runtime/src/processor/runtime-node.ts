// A node instantiated inside one task. Records move as (key, value) arguments; the rest of the
// record (topic, offset, timestamp, headers) lives on the task context, so forwarding allocates nothing.
import { performance } from 'node:perf_hooks';
import { SerdeError, StreamsProcessingError } from '../errors';
import type { Serde } from '../serdes';
import type { RecordContext } from './node-defs';
import { NO_HEADERS, type RecordCollector } from './raw-record';
import type { TimestampedKeyValueStore } from './key-value-store';
import type { InMemoryWindowStore } from './window-store';
import type { InMemorySessionStore } from './session-store';
import type { SuppressionBuffer } from './suppression-buffer';

/** Wall-clock time (advanced by the runner) or stream time (advanced by record timestamps). */
export type PunctuationType = 'WALL_CLOCK_TIME' | 'STREAM_TIME';

export interface TaskContext extends RecordContext {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  headers: Record<string, Buffer>;
  readonly applicationId: string;
  readonly collector: RecordCollector;
  /** Highest record timestamp seen by this task. */
  streamTime: number;
  /** The previous value of the table update being forwarded (Kafka's Change.oldValue, sent when a
   *  KTable.groupBy needs it); undefined when unknown. */
  oldValue: unknown;
  /** True while the current record's per-node latency is sampled (one record in LATENCY_SAMPLE_EVERY). */
  sampling: boolean;
  internalTopicName(name: string): string;
  store(name: string): TimestampedKeyValueStore<unknown, unknown>;
  /** A window store of this task (stream-stream joins, windowed aggregations). */
  windowStore(name: string): InMemoryWindowStore;
  /** A session store of this task (session-windowed aggregations). */
  sessionStore(name: string): InMemorySessionStore;
  /** Kafka's processorMetadataForKey: a value kept in the committed offsets' metadata (restored at restart). */
  processorMetadataForKey(key: string): number | undefined;
  /** Kafka's addProcessorMetadataKeyValue: committed with the task's next offsets. */
  addProcessorMetadata(key: string, value: number): void;
  /** A node reads processor metadata: the runner loads the committed metadata before processing. */
  useProcessorMetadata(): void;
  /** The buffer of a suppress() node of this task. */
  suppressionBuffer(name: string): SuppressionBuffer;
  /** The task's wall clock (the test driver's mocked one), for wall-clock throttling. */
  wallClockMs(): number;
  /** How often left/outer stream-stream joins and emit-on-window-close aggregations look for closed
   *  windows (Kafka's internal emit.interval.ms.kstreams.* configs: 1000 ms; 0 in the test driver). */
  readonly emitIntervalMs: number;
  /** A global store (GlobalKTable), shared by every task of the instance. */
  globalStore(name: string): TimestampedKeyValueStore<unknown, unknown>;
  /** Partitions of a topic the task writes (real name), when the runner knows them: what a
   *  stream partitioner is asked to choose from. */
  partitionCount(topic: string): number | undefined;
  /** The runtime's stdout (print(Printed.toSysOut())): the `stdout` option, else process.stdout. */
  stdout(text: string): void;
  /** Registers a punctuation for `node` (Processor API `schedule`). */
  schedule(node: string, type: PunctuationType, intervalMs: number, callback: (timestamp: number) => void): { cancel(): void };
}

export abstract class RuntimeNode {
  children: RuntimeNode[] = [];
  constructor(
    readonly name: string,
    protected readonly ctx: TaskContext,
  ) {}

  /** Called once the node's children are connected. */
  init(): void {}
  close(): void {}

  protected abstract process(key: unknown, value: unknown): void;

  // Pull-based metrics (plain counters, read by StreamTask.nodeMetrics()): records received,
  // records forwarded (sinks: records sent), errors that started here, and sampled latency
  // (inclusive of downstream nodes, as processing is synchronous).
  recordsIn = 0;
  recordsOut = 0;
  errors = 0;
  latencyTotalMs = 0;
  latencySamples = 0;

  receive(key: unknown, value: unknown): void {
    this.recordsIn++;
    const sampled = this.ctx.sampling;
    const started = sampled ? performance.now() : 0;
    try {
      this.process(key, value);
    } catch (e) {
      throw this.failed(e);
    }
    if (sampled) {
      this.latencyTotalMs += performance.now() - started;
      this.latencySamples++;
    }
  }

  /** Attributes an error to this node, counting it only in the node it started in. */
  failed(e: unknown): Error {
    const err = attribute(e, this.ctx, this.name);
    if (!counted.has(err)) {
      counted.add(err);
      this.errors++;
    }
    return err;
  }

  forward(key: unknown, value: unknown): void {
    this.recordsOut++;
    for (const child of this.children) child.receive(key, value);
  }

  /** Forwards with another record timestamp (aggregations: the largest timestamp seen for the key). */
  forwardAt(key: unknown, value: unknown, timestamp: number): void {
    const ctx = this.ctx;
    const saved = ctx.timestamp;
    ctx.timestamp = timestamp;
    try {
      this.forward(key, value);
    } finally {
      ctx.timestamp = saved;
    }
  }

  /** Forwards a table update with its previous value (Kafka's Change(newValue, oldValue)). */
  forwardChange(key: unknown, value: unknown, oldValue: unknown, timestamp: number = this.ctx.timestamp): void {
    const ctx = this.ctx;
    const saved = ctx.oldValue;
    ctx.oldValue = oldValue;
    try {
      this.forwardAt(key, value, timestamp);
    } finally {
      ctx.oldValue = saved;
    }
  }

  /** Forwards to one child only (branch outlets, Processor API `forward(record, childName)`). */
  forwardTo(child: RuntimeNode, key: unknown, value: unknown): void {
    this.recordsOut++;
    child.receive(key, value);
  }

  child(name: string): RuntimeNode {
    const found = this.children.find((c) => c.name === name);
    if (found === undefined) throw new Error(`node ${this.name} has no child ${name}`);
    return found;
  }
}

/** The current record's headers as an object of its own, before user code can see (and mutate) them. */
export function ownHeaders(ctx: TaskContext): Record<string, Buffer> {
  if (ctx.headers === NO_HEADERS) ctx.headers = {};
  return ctx.headers;
}

/** Errors already counted by the node they started in (outer nodes see the same object). */
const counted = new WeakSet<Error>();

/** The innermost node that saw an error names it; outer nodes pass it on unchanged. */
export function attribute(e: unknown, ctx: RecordContext, node: string): Error {
  if (e instanceof StreamsProcessingError || e instanceof SerdeError) return e;
  return new StreamsProcessingError(ctx.topic, ctx.partition, ctx.offset, node, e);
}

export function serializeOrThrow(
  serde: Serde<unknown>,
  data: unknown,
  ctx: RecordContext,
  topic: string,
  part: 'key' | 'value',
): Buffer | null {
  if (data === null || data === undefined) return null;
  try {
    return serde.serialize(data);
  } catch (e) {
    throw new SerdeError(topic, ctx.partition, ctx.offset, serde.name, part, 'serialize', e);
  }
}
