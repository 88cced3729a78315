// The Processor API: `stream.process(() => ({ init(ctx) {}, process(record) {}, close() {} }))`.
import type { KeyValueStore } from './key-value-store';
import type { WindowStore } from './window-store';
import { ownHeaders, RuntimeNode, type PunctuationType, type TaskContext } from './runtime-node';

export interface StreamRecord<K, V> {
  key: K;
  value: V;
  timestamp: number;
  headers: Record<string, Buffer>;
}

export interface Cancellable {
  cancel(): void;
}

export interface ProcessorContext<KOut = unknown, VOut = unknown> {
  readonly applicationId: string;
  /** Topic, partition and offset of the record being processed. */
  topic(): string;
  partition(): number;
  offset(): number;
  /** The task's stream time: highest record timestamp seen. */
  currentStreamTimeMs(): number;
  /** Sends a record to every downstream node, or only to the named child. */
  forward(record: StreamRecord<KOut, VOut>, childName?: string): void;
  getStateStore<K = unknown, V = unknown>(name: string): KeyValueStore<K, V>;
  /** A connected window store (`addStateStore({ name, window: { sizeMs, retentionMs } })`). */
  getWindowStore<K = unknown, V = unknown>(name: string): WindowStore<K, V>;
  /**
   * Calls `callback` every `intervalMs`: of wall-clock time (first after one interval; driven by the
   * runner's punctuate()) or of stream time (aligned to 0, first as soon as a record arrives).
   */
  schedule(intervalMs: number, type: PunctuationType, callback: (timestamp: number) => void): Cancellable;
}

export interface Processor<KIn = unknown, VIn = unknown, KOut = unknown, VOut = unknown> {
  init?(ctx: ProcessorContext<KOut, VOut>): void;
  process(record: StreamRecord<KIn, VIn>): void;
  close?(): void;
}

export type ProcessorSupplier<KIn, VIn, KOut, VOut> = () => Processor<KIn, VIn, KOut, VOut>;

export class ProcessorApiNode extends RuntimeNode {
  private readonly processor: Processor;
  private readonly context: ProcessorContext;
  /** `fixedKey`: processValues (Kafka's FixedKeyProcessor): a forwarded record keeps the input key. */
  constructor(name: string, ctx: TaskContext, supplier: ProcessorSupplier<unknown, unknown, unknown, unknown>, stores: string[], fixedKey = false) {
    super(name, ctx);
    this.processor = supplier();
    this.context = {
      applicationId: ctx.applicationId,
      topic: () => ctx.topic,
      partition: () => ctx.partition,
      offset: () => ctx.offset,
      currentStreamTimeMs: () => ctx.streamTime,
      forward: (record, childName) => {
        const saved = ctx.timestamp;
        const savedHeaders = ctx.headers;
        ctx.timestamp = record.timestamp;
        ctx.headers = record.headers;
        try {
          const key = fixedKey ? this.currentKey : record.key;
          if (childName === undefined) this.forward(key, record.value);
          else this.forwardTo(this.child(childName), key, record.value);
        } finally {
          ctx.timestamp = saved;
          ctx.headers = savedHeaders;
        }
      },
      getStateStore: <K, V>(store: string): KeyValueStore<K, V> => {
        if (!stores.includes(store)) throw new Error(`processor ${name} is not connected to store ${store} (connected: ${stores.join(', ') || 'none'})`);
        return ctx.store(store) as KeyValueStore<K, V>;
      },
      getWindowStore: <K, V>(store: string): WindowStore<K, V> => {
        if (!stores.includes(store)) throw new Error(`processor ${name} is not connected to store ${store} (connected: ${stores.join(', ') || 'none'})`);
        return ctx.windowStore(store) as unknown as WindowStore<K, V>;
      },
      schedule: (intervalMs, type, callback) => ctx.schedule(name, type, intervalMs, callback),
    };
  }
  override init(): void {
    this.processor.init?.(this.context);
  }
  override close(): void {
    this.processor.close?.();
  }
  /** The key of the record being processed (processValues forwards with it). */
  private currentKey: unknown = null;
  protected process(key: unknown, value: unknown): void {
    this.currentKey = key;
    this.processor.process({ key, value, timestamp: this.ctx.timestamp, headers: ownHeaders(this.ctx) });
  }
}
