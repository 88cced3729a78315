// Stateful operators: aggregations into stores, table sources, KTable operators and stream-table joins.
// Every store update is forwarded at once (no caching), as the test driver promises.
import type { KeyValueStore, TimestampedKeyValueStore } from './key-value-store';
import type { ValueGetter, TableValueGetterDef } from './table-getter';
import { RuntimeNode, type TaskContext } from './runtime-node';

export type Aggregator = (key: unknown, value: unknown, aggregate: unknown) => unknown;

/** Shared by the aggregations: one step into the store, as Kafka's KStreamAggregate/KStreamReduce. */
abstract class AggregatingNode extends RuntimeNode {
  protected readonly store: TimestampedKeyValueStore<unknown, unknown>;
  /** Timestamp of the aggregate aggregate() returned last. */
  protected resultTimestamp = 0;
  constructor(
    name: string,
    ctx: TaskContext,
    storeName: string,
    private readonly initial: (() => unknown) | null,
    private readonly aggregator: Aggregator,
  ) {
    super(name, ctx);
    this.store = ctx.store(storeName);
  }

  /** Stores and returns the new aggregate under `storeKey`, stamped with the larger of the record's
   *  and the old aggregate's timestamps (left in resultTimestamp). `initial` null: reduce. */
  protected aggregate(storeKey: unknown, key: unknown, value: unknown): unknown {
    const old = this.store.getWithTimestamp(storeKey);
    let ts = this.ctx.timestamp;
    let next: unknown;
    if (old === null) next = this.initial === null ? value : this.aggregator(key, value, this.initial());
    else {
      next = this.aggregator(key, value, old.value);
      if (old.timestamp > ts) ts = old.timestamp;
    }
    this.store.putWithTimestamp(storeKey, next, ts);
    this.resultTimestamp = ts;
    return next;
  }
}

/** count/reduce/aggregate: records with a null key or value are skipped (Kafka logs and drops them). */
export class AggregateNode extends AggregatingNode {
  protected process(key: unknown, value: unknown): void {
    if (key === null || key === undefined || value === null || value === undefined) return;
    const agg = this.aggregate(key, key, value);
    this.forwardAt(key, agg, this.resultTimestamp);
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

/** Stream-table join (Kafka's KStreamKTableJoinProcessor): looks the key up through the table's
 *  value getter; table updates emit nothing. Null values are dropped; a null key is dropped by the
 *  inner join and joined with a null table value by the left join (Kafka 3.7+). */
export class StreamTableJoinNode extends RuntimeNode {
  private readonly get: ValueGetter;
  constructor(
    name: string,
    ctx: TaskContext,
    table: TableValueGetterDef,
    private readonly joiner: (v: unknown, tv: unknown) => unknown,
    private readonly left: boolean,
  ) {
    super(name, ctx);
    this.get = table.create(ctx);
  }
  protected process(key: unknown, value: unknown): void {
    if (value === null || value === undefined) return;
    if (key === null || key === undefined) {
      if (this.left) this.forward(key ?? null, this.joiner(value, null));
      return;
    }
    const tv = this.get(key);
    if (tv === null && !this.left) return;
    this.forward(key, this.joiner(value, tv === null ? null : tv.value));
  }
}

/** Stream-globalTable join (Kafka's KStreamGlobalKTableJoin): the key selector picks the global
 *  table's key. Null values are dropped, and records whose selected key is null, except that the
 *  left join keeps a record with a null key (its table value is looked up, or null). */
export class GlobalTableJoinNode extends RuntimeNode {
  private readonly store: TimestampedKeyValueStore<unknown, unknown>;
  constructor(
    name: string,
    ctx: TaskContext,
    storeName: string,
    private readonly keySelector: (k: unknown, v: unknown) => unknown,
    private readonly joiner: (v: unknown, gv: unknown) => unknown,
    private readonly left: boolean,
  ) {
    super(name, ctx);
    this.store = ctx.globalStore(storeName);
  }
  protected process(key: unknown, value: unknown): void {
    if (value === null || value === undefined) return;
    const globalKey = this.keySelector(key, value);
    const nullKey = key === null || key === undefined;
    if ((globalKey === null || globalKey === undefined) && !(this.left && nullKey)) return;
    const gv = globalKey === null || globalKey === undefined ? null : this.store.get(globalKey);
    if (gv === null && !this.left) return;
    this.forward(key ?? null, this.joiner(value, gv));
  }
}
