// Reading a KTable by key (Kafka's KTableValueGetter): a source or aggregation table reads its
// store; a derived table (filter, mapValues) reads its parent's and applies its own operator.
import type { ValueAndTimestamp } from './key-value-store';
import type { TaskContext } from './runtime-node';

export type ValueGetter = (key: unknown) => ValueAndTimestamp<unknown> | null;

export interface TableValueGetterDef {
  /** Stores read by the getter: connected to every processor that looks the table up. */
  stores: string[];
  create(ctx: TaskContext): ValueGetter;
}

export function storeGetter(store: string): TableValueGetterDef {
  return { stores: [store], create: (ctx) => { const s = ctx.store(store); return (key) => s.getWithTimestamp(key); } };
}

/** A windowed table (a windowed aggregation): looks a Windowed key up in its window store. */
export function windowStoreGetter(store: string): TableValueGetterDef {
  return {
    stores: [store],
    create: (ctx) => {
      const s = ctx.windowStore(store);
      return (key) => {
        const w = key as { key: unknown; window: { start: number } };
        return s.fetchWithTimestamp(w.key, w.window.start, w.window.start)[0]?.[1] ?? null;
      };
    },
  };
}

/** A session table: looks a Windowed key up in its session store (no timestamp: the session's end). */
export function sessionStoreGetter(store: string): TableValueGetterDef {
  return {
    stores: [store],
    create: (ctx) => {
      const s = ctx.sessionStore(store);
      return (key) => {
        const w = key as { key: unknown; window: { start: number; end: number } };
        const value = s.fetchSession(w.key, w.window.start, w.window.end);
        return value === null ? null : { value, timestamp: w.window.end };
      };
    },
  };
}

export function filterGetter(parent: TableValueGetterDef, pred: (k: unknown, v: unknown) => boolean, negate: boolean): TableValueGetterDef {
  return {
    stores: parent.stores,
    create: (ctx) => {
      const get = parent.create(ctx);
      return (key) => {
        const vt = get(key);
        return vt !== null && pred(key, vt.value) !== negate ? vt : null;
      };
    },
  };
}

export function mapValuesGetter(parent: TableValueGetterDef, fn: (v: unknown, k: unknown) => unknown): TableValueGetterDef {
  return {
    stores: parent.stores,
    create: (ctx) => {
      const get = parent.create(ctx);
      return (key) => {
        const vt = get(key);
        return vt === null ? null : { value: fn(vt.value, key), timestamp: vt.timestamp };
      };
    },
  };
}
