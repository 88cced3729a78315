// Stateful operators: aggregations into stores, table sources, KTable operators and stream-table joins.
// Every store update is forwarded at once (no caching), as the test driver promises.
import type { KeyValueStore } from './key-value-store';
import { RuntimeNode, type TaskContext } from './runtime-node';

export type Aggregator = (key: unknown, value: unknown, aggregate: unknown) => unknown;

/** count/reduce/aggregate: `initial` null means reduce (the first value is the aggregate). */
export class AggregateNode extends RuntimeNode {
  private readonly store: KeyValueStore<unknown, unknown>;
  constructor(
    name: string,
    ctx: TaskContext,
    private readonly storeName: string,
    private readonly initial: (() => unknown) | null,
    private readonly aggregator: Aggregator,
  ) {
    super(name, ctx);
    this.store = ctx.store(storeName);
  }
  protected process(key: unknown, value: unknown): void {
    if (key === null || key === undefined) return;
    if (this.initial === null && (value === null || value === undefined)) return;
    this.forward(key, aggregateInto(this.store, key, key, value, this.initial, this.aggregator));
  }
}

/** One aggregation step (reduce when `initial` is null): the new aggregate, stored under `storeKey`. */
function aggregateInto(store: KeyValueStore<unknown, unknown>, storeKey: unknown, key: unknown, value: unknown, initial: (() => unknown) | null, aggregator: Aggregator): unknown {
  const old = store.get(storeKey);
  const next = old === null ? (initial === null ? value : aggregator(key, value, initial())) : aggregator(key, value, old);
  store.put(storeKey, next);
  return next;
}

/** Windowed count/reduce/aggregate over time windows, closed by stream time (no grace). */
export class WindowedAggregateNode extends RuntimeNode {
  private readonly store: KeyValueStore<unknown, unknown>;
  private observedStreamTime = -Infinity;
  constructor(
    name: string,
    ctx: TaskContext,
    private readonly storeName: string,
    private readonly sizeMs: number,
    private readonly advanceMs: number,
    private readonly graceMs: number,
    private readonly initial: (() => unknown) | null,
    private readonly aggregator: Aggregator,
  ) {
    super(name, ctx);
    this.store = ctx.store(storeName);
  }
  protected process(key: unknown, value: unknown): void {
    if (key === null || key === undefined) return;
    if (this.initial === null && (value === null || value === undefined)) return;
    const ts = this.ctx.timestamp;
    if (ts > this.observedStreamTime) this.observedStreamTime = ts;
    const closeTime = this.observedStreamTime - this.graceMs;
    // Windows [start, start + size) with start a multiple of advance that contain ts (Kafka's windowsFor).
    const adv = this.advanceMs;
    for (let start = Math.floor(Math.max(0, ts - this.sizeMs + adv) / adv) * adv; start <= ts; start += adv) {
      const end = start + this.sizeMs;
      if (end <= closeTime) continue; // the window is closed: a late record
      const wkey = { key, window: { start, end } };
      this.forward(wkey, aggregateInto(this.store, wkey, key, value, this.initial, this.aggregator));
    }
  }
}

/** builder.table(): latest value per key (null deletes). */
export class TableSourceNode extends RuntimeNode {
  private readonly store: KeyValueStore<unknown, unknown> | undefined;
  /** `storeName` undefined: the table is not materialized (nothing reads it by key). */
  constructor(name: string, ctx: TaskContext, storeName: string | undefined) {
    super(name, ctx);
    this.store = storeName === undefined ? undefined : ctx.store(storeName);
  }
  protected process(key: unknown, value: unknown): void {
    if (key === null || key === undefined) return;
    this.store?.put(key, value);
    this.forward(key, value ?? null);
  }
}

/** KTable filter: a key that no longer passes becomes a tombstone downstream, as Kafka's KTableFilter. */
export class TableFilterNode extends RuntimeNode {
  constructor(name: string, ctx: TaskContext, private readonly pred: (k: unknown, v: unknown) => boolean, private readonly negate: boolean) {
    super(name, ctx);
  }
  protected process(key: unknown, value: unknown): void {
    const pass = value !== null && value !== undefined && this.pred(key, value) !== this.negate;
    this.forward(key, pass ? value : null);
  }
}

export class TableMapValuesNode extends RuntimeNode {
  constructor(name: string, ctx: TaskContext, private readonly fn: (v: unknown, k: unknown) => unknown) {
    super(name, ctx);
  }
  protected process(key: unknown, value: unknown): void {
    this.forward(key, value === null || value === undefined ? null : this.fn(value, key));
  }
}

/** Stream-table join: looks the stream record's key up in the table's store; table updates emit nothing. */
export class StreamTableJoinNode extends RuntimeNode {
  private readonly store: KeyValueStore<unknown, unknown>;
  constructor(
    name: string,
    ctx: TaskContext,
    private readonly storeName: string,
    private readonly joiner: (v: unknown, tv: unknown) => unknown,
    private readonly left: boolean,
  ) {
    super(name, ctx);
    this.store = ctx.store(storeName);
  }
  protected process(key: unknown, value: unknown): void {
    if (key === null || key === undefined || value === null || value === undefined) return;
    const tv = this.store.get(key);
    if (tv === null && !this.left) return;
    this.forward(key, this.joiner(value, tv));
  }
}
