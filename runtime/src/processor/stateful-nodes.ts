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
    const old = this.store.get(key);
    const agg = this.aggregate(key, key, value);
    this.forwardChange(key, agg, old, this.resultTimestamp);
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
    const store = this.store;
    if (store === undefined) {
      this.forward(key, value ?? null);
      return;
    }
    const old = store.get(key);
    store.put(key, value);
    this.forwardChange(key, value ?? null, old);
  }
}

/** KTable filter: a key that no longer passes becomes a tombstone downstream, as Kafka's KTableFilter.
 *  Materialized (`storeName`): the result is also put into the store with the record's timestamp,
 *  and the old value is the store's (KTableFilter with a queryable name). */
export class TableFilterNode extends RuntimeNode {
  private readonly store: TimestampedKeyValueStore<unknown, unknown> | undefined;
  constructor(name: string, ctx: TaskContext, private readonly pred: (k: unknown, v: unknown) => boolean, private readonly negate: boolean, storeName?: string) {
    super(name, ctx);
    this.store = storeName === undefined ? undefined : ctx.store(storeName);
  }
  protected process(key: unknown, value: unknown): void {
    const pass = (v: unknown): boolean => v !== null && v !== undefined && this.pred(key, v) !== this.negate;
    const next = pass(value) ? value : null;
    const store = this.store;
    if (store !== undefined) {
      const old = store.get(key);
      store.putWithTimestamp(key, next, this.ctx.timestamp);
      this.forwardChange(key, next, old);
      return;
    }
    const old = this.ctx.oldValue;
    this.forwardChange(key, next, old === undefined ? undefined : pass(old) ? old : null);
  }
}

/** KTable mapValues (Kafka's KTableMapValues); materialized as the filter. */
export class TableMapValuesNode extends RuntimeNode {
  private readonly store: TimestampedKeyValueStore<unknown, unknown> | undefined;
  constructor(name: string, ctx: TaskContext, private readonly fn: (v: unknown, k: unknown) => unknown, storeName?: string) {
    super(name, ctx);
    this.store = storeName === undefined ? undefined : ctx.store(storeName);
  }
  protected process(key: unknown, value: unknown): void {
    const map = (v: unknown): unknown => (v === null || v === undefined ? null : this.fn(v, key));
    const next = map(value);
    const store = this.store;
    if (store !== undefined) {
      const old = store.get(key);
      store.putWithTimestamp(key, next, this.ctx.timestamp);
      this.forwardChange(key, next, old);
      return;
    }
    const old = this.ctx.oldValue;
    this.forwardChange(key, next, old === undefined ? undefined : map(old));
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

/** A KTable update as it crosses a KTable.groupBy repartition (Kafka's Change). */
export interface Change {
  newValue: unknown;
  oldValue: unknown;
}

/** KTABLE-SELECT- (Kafka's KTableRepartitionMap): maps the update's old and new values to their new
 *  keys; the old pair is forwarded first (to be subtracted), and one record carries both when the key stays. */
export class TableRepartitionMapNode extends RuntimeNode {
  constructor(name: string, ctx: TaskContext, private readonly mapper: (k: unknown, v: unknown) => readonly [unknown, unknown] | null) {
    super(name, ctx);
  }
  protected process(key: unknown, value: unknown): void {
    const old = this.ctx.oldValue;
    const valid = (p: readonly [unknown, unknown] | null): p is readonly [unknown, unknown] => p !== null && p[0] !== null && p[0] !== undefined && p[1] !== null && p[1] !== undefined;
    const newPair = value === null || value === undefined ? null : this.mapper(key, value);
    const oldPair = old === null || old === undefined ? null : this.mapper(key, old);
    if (valid(oldPair) && valid(newPair) && sameKey(oldPair[0], newPair[0])) {
      this.forward(oldPair[0], { newValue: newPair[1], oldValue: oldPair[1] } satisfies Change);
      return;
    }
    if (valid(oldPair)) this.forward(oldPair[0], { newValue: null, oldValue: oldPair[1] } satisfies Change);
    if (valid(newPair)) this.forward(newPair[0], { newValue: newPair[1], oldValue: null } satisfies Change);
  }
}

function sameKey(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'object' && a !== null && JSON.stringify(a) === JSON.stringify(b));
}

/** KTABLE-AGGREGATE-/KTABLE-REDUCE- (Kafka's KTableAggregate/KTableReduce): subtracts the old
 *  value, adds the new one; `initial` null is a reduce (the first value is the aggregate). */
export class TableAggregateNode extends RuntimeNode {
  private readonly store: TimestampedKeyValueStore<unknown, unknown>;
  constructor(
    name: string,
    ctx: TaskContext,
    storeName: string,
    private readonly initial: (() => unknown) | null,
    private readonly adder: Aggregator,
    private readonly subtractor: Aggregator,
  ) {
    super(name, ctx);
    this.store = ctx.store(storeName);
  }
  protected process(key: unknown, value: unknown): void {
    if (key === null || key === undefined) return; // Kafka: "Skipping record due to null key."
    const change = value as Change;
    const old = this.store.getWithTimestamp(key);
    const ts = this.ctx.timestamp;
    let stamp = ts;
    let agg: unknown = old === null ? null : old.value;
    if (change.oldValue !== null && change.oldValue !== undefined && old !== null) {
      agg = this.subtractor(key, change.oldValue, old.value);
      stamp = Math.max(ts, old.timestamp);
    }
    if (change.newValue !== null && change.newValue !== undefined) {
      if (agg === null || agg === undefined) agg = this.initial === null ? change.newValue : this.adder(key, change.newValue, this.initial());
      else agg = this.adder(key, change.newValue, agg);
      if (old !== null) stamp = Math.max(ts, old.timestamp);
    }
    this.store.putWithTimestamp(key, agg ?? null, stamp);
    this.forwardChange(key, agg ?? null, old === null ? null : old.value, stamp);
  }
}
