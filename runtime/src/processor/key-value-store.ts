// In-memory key-value store, keyed by serialized key bytes (as Kafka's Bytes stores), logging
// every write to its changelog topic so a restarted task can restore it.
import type { Serde } from '../serdes';
import type { RecordCollector } from './raw-record';

export interface ReadOnlyKeyValueStore<K, V> {
  readonly name: string;
  /** The value for `key`, or null when there is none. */
  get(key: K): V | null;
  /** Every entry, ordered by serialized key bytes. */
  all(): [K, V][];
  /** Entries with keys in [from, to] by serialized bytes (null: unbounded), ordered as all(). */
  range(from: K | null, to: K | null): [K, V][];
  /** Entries whose serialized key starts with the serialized `prefix` (Kafka's prefixScan);
   *  `prefixSerde` when the prefix has another type than the keys. */
  prefixScan<P>(prefix: P, prefixSerde?: Serde<P>): [K, V][];
  /** all() in reverse byte order (Kafka's reverseAll). */
  reverseAll(): [K, V][];
  approximateNumEntries(): number;
}

export interface KeyValueStore<K, V> extends ReadOnlyKeyValueStore<K, V> {
  /** A null value deletes the key. */
  put(key: K, value: V | null): void;
  delete(key: K): V | null;
}

/** What DSL processors use: a key-value store whose values carry timestamps (Kafka's timestamped stores). */
export interface TimestampedKeyValueStore<K, V> extends KeyValueStore<K, V> {
  getWithTimestamp(key: K): ValueAndTimestamp<V> | null;
  putWithTimestamp(key: K, value: V | null, timestamp: number): void;
}

interface Entry {
  keyBytes: Buffer;
  key: unknown;
  value: unknown;
  /** As Kafka's timestamped stores: the timestamp of the value (its changelog record's timestamp). */
  timestamp: number;
}

/** A value with its timestamp (Kafka's ValueAndTimestamp). */
export interface ValueAndTimestamp<V> {
  value: V;
  timestamp: number;
}

export interface ChangelogTarget {
  collector: RecordCollector;
  topic: string;
  partition: number;
  timestamp(): number;
}

export class InMemoryKeyValueStore implements TimestampedKeyValueStore<unknown, unknown> {
  private readonly entries = new Map<string, Entry>();
  constructor(
    readonly name: string,
    private readonly keySerde: Serde<unknown>,
    private readonly valueSerde: Serde<unknown>,
    private readonly changelog: ChangelogTarget | undefined,
  ) {}

  get(key: unknown): unknown {
    const e = this.entries.get(this.keySerde.serialize(key).toString('latin1'));
    return e === undefined ? null : e.value;
  }

  /** The value and its timestamp, or null. */
  getWithTimestamp(key: unknown): ValueAndTimestamp<unknown> | null {
    const e = this.entries.get(this.keySerde.serialize(key).toString('latin1'));
    return e === undefined ? null : { value: e.value, timestamp: e.timestamp };
  }

  put(key: unknown, value: unknown): void {
    this.putWithTimestamp(key, value, this.changelog?.timestamp() ?? 0);
  }

  /** Writes `value` with `timestamp`; the changelog record carries that timestamp (as Kafka's). */
  putWithTimestamp(key: unknown, value: unknown, timestamp: number): void {
    const keyBytes = this.keySerde.serialize(key);
    const id = keyBytes.toString('latin1');
    if (value === null || value === undefined) this.entries.delete(id);
    else this.entries.set(id, { keyBytes, key, value, timestamp });
    if (this.changelog !== undefined) {
      this.changelog.collector.send({
        topic: this.changelog.topic,
        partition: this.changelog.partition,
        key: keyBytes,
        value: value === null || value === undefined ? null : this.valueSerde.serialize(value),
        headers: {},
        timestamp,
      });
    }
  }

  delete(key: unknown): unknown {
    const old = this.get(key);
    this.put(key, null);
    return old;
  }

  /** Applies a changelog record without logging it again. */
  restore(keyBytes: Buffer, valueBytes: Buffer | null, timestamp = 0): void {
    const id = keyBytes.toString('latin1');
    if (valueBytes === null) this.entries.delete(id);
    else this.entries.set(id, { keyBytes, key: this.keySerde.deserialize(keyBytes), value: this.valueSerde.deserialize(valueBytes), timestamp });
  }

  all(): [unknown, unknown][] {
    return this.sorted().map((e) => [e.key, e.value]);
  }

  range(from: unknown, to: unknown): [unknown, unknown][] {
    const lo = from === null || from === undefined ? undefined : this.keySerde.serialize(from);
    const hi = to === null || to === undefined ? undefined : this.keySerde.serialize(to);
    return this.sorted()
      .filter((e) => (lo === undefined || Buffer.compare(e.keyBytes, lo) >= 0) && (hi === undefined || Buffer.compare(e.keyBytes, hi) <= 0))
      .map((e) => [e.key, e.value]);
  }

  prefixScan<P>(prefix: P, prefixSerde?: Serde<P>): [unknown, unknown][] {
    const bytes = (prefixSerde ?? (this.keySerde as Serde<P>)).serialize(prefix);
    return this.sorted().filter((e) => e.keyBytes.length >= bytes.length && e.keyBytes.subarray(0, bytes.length).equals(bytes)).map((e) => [e.key, e.value]);
  }

  reverseAll(): [unknown, unknown][] {
    return this.all().reverse();
  }

  private sorted(): Entry[] {
    return [...this.entries.values()].sort((a, b) => Buffer.compare(a.keyBytes, b.keyBytes));
  }

  approximateNumEntries(): number {
    return this.entries.size;
  }
}
