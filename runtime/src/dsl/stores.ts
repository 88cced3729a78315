// Store suppliers (Kafka's Stores factory) for the DSL's Materialized options (`{ storeSupplier }`).
// Streamwise keeps every store in memory and restores it from its changelog, so a `persistent*`
// supplier gives the same store as its `inMemory*` twin; both exist so ported Java code reads the same.
// The checks and messages are Kafka's (Stores.java).

/** A key-value store (Kafka's KeyValueBytesStoreSupplier): count/reduce/aggregate, KTable filter/mapValues. */
export interface KeyValueBytesStoreSupplier {
  readonly kind: 'key-value';
  readonly name: string;
  /** `persistent*` in Kafka (RocksDB); the same in-memory store here. */
  readonly persistent: boolean;
}

/** A window store (Kafka's WindowBytesStoreSupplier): time-windowed and sliding aggregations. */
export interface WindowBytesStoreSupplier {
  readonly kind: 'window';
  readonly name: string;
  readonly persistent: boolean;
  readonly retentionMs: number;
  readonly windowSizeMs: number;
  readonly retainDuplicates: boolean;
}

/** A session store (Kafka's SessionBytesStoreSupplier): session-windowed aggregations. */
export interface SessionBytesStoreSupplier {
  readonly kind: 'session';
  readonly name: string;
  readonly persistent: boolean;
  readonly retentionMs: number;
}

export type StoreSupplier = KeyValueBytesStoreSupplier | WindowBytesStoreSupplier | SessionBytesStoreSupplier;

function checkName(name: string): void {
  if (typeof name !== 'string') throw new TypeError('name cannot be null');
}

function checkMs(what: string, ms: number): void {
  if (!Number.isFinite(ms) || !Number.isInteger(ms)) throw new RangeError(`${what} must be an integer of ms, got ${ms}`);
  if (ms < 0) throw new RangeError(`${what} cannot be negative`);
}

/** Java's Duration.toString (PT0.1S, PT1M, PT0S): the in-memory window store's message prints Durations. */
export function javaDuration(ms: number): string {
  if (ms === 0) return 'PT0S';
  const neg = ms < 0;
  let rest = Math.abs(ms);
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = rest / 1000;
  const sign = neg ? '-' : '';
  return `PT${h > 0 ? `${sign}${h}H` : ''}${m > 0 ? `${sign}${m}M` : ''}${s > 0 ? `${sign}${String(s)}S` : ''}`;
}

function windowSupplier(name: string, retentionMs: number, windowSizeMs: number, retainDuplicates: boolean, persistent: boolean): WindowBytesStoreSupplier {
  checkName(name);
  checkMs('retentionPeriod', retentionMs);
  checkMs('windowSize', windowSizeMs);
  if (windowSizeMs > retentionMs) {
    const [size, retention] = persistent ? [String(windowSizeMs), String(retentionMs)] : [javaDuration(windowSizeMs), javaDuration(retentionMs)];
    throw new RangeError(`The retention period of the window store ${name} must be no smaller than its window size. Got size=[${size}], retention=[${retention}]`);
  }
  return { kind: 'window', name, persistent, retentionMs, windowSizeMs, retainDuplicates };
}

function sessionSupplier(name: string, retentionMs: number, persistent: boolean): SessionBytesStoreSupplier {
  checkName(name);
  checkMs('retentionPeriod', retentionMs);
  return { kind: 'session', name, persistent, retentionMs };
}

export const Stores = {
  inMemoryKeyValueStore(name: string): KeyValueBytesStoreSupplier {
    checkName(name);
    return { kind: 'key-value', name, persistent: false };
  },
  persistentKeyValueStore(name: string): KeyValueBytesStoreSupplier {
    checkName(name);
    return { kind: 'key-value', name, persistent: true };
  },
  persistentTimestampedKeyValueStore(name: string): KeyValueBytesStoreSupplier {
    checkName(name);
    return { kind: 'key-value', name, persistent: true };
  },
  /** Windows of `windowSizeMs` kept for `retentionPeriodMs` of stream time. */
  inMemoryWindowStore(name: string, retentionPeriodMs: number, windowSizeMs: number, retainDuplicates: boolean): WindowBytesStoreSupplier {
    return windowSupplier(name, retentionPeriodMs, windowSizeMs, retainDuplicates, false);
  },
  persistentWindowStore(name: string, retentionPeriodMs: number, windowSizeMs: number, retainDuplicates: boolean): WindowBytesStoreSupplier {
    return windowSupplier(name, retentionPeriodMs, windowSizeMs, retainDuplicates, true);
  },
  persistentTimestampedWindowStore(name: string, retentionPeriodMs: number, windowSizeMs: number, retainDuplicates: boolean): WindowBytesStoreSupplier {
    return windowSupplier(name, retentionPeriodMs, windowSizeMs, retainDuplicates, true);
  },
  /** Sessions kept for `retentionPeriodMs` of stream time past their end. */
  inMemorySessionStore(name: string, retentionPeriodMs: number): SessionBytesStoreSupplier {
    return sessionSupplier(name, retentionPeriodMs, false);
  },
  persistentSessionStore(name: string, retentionPeriodMs: number): SessionBytesStoreSupplier {
    return sessionSupplier(name, retentionPeriodMs, true);
  },
};
