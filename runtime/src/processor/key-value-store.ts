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
  approximateNumEntries(): number;
}

export interface KeyValueStore<K, V> extends ReadOnlyKeyValueStore<K, V> {
  /** A null value deletes the key. */
  put(key: K, value: V | null): void;
  delete(key: K): V | null;
}

interface Entry {
  keyBytes: Buffer;
  key: unknown;
  value: unknown;
}

export interface ChangelogTarget {
  collector: RecordCollector;
  topic: string;
  partition: number;
  timestamp(): number;
}

export class InMemoryKeyValueStore implements KeyValueStore<unknown, unknown> {
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

  put(key: unknown, value: unknown): void {
    const keyBytes = this.keySerde.serialize(key);
    const id = keyBytes.toString('latin1');
    if (value === null || value === undefined) this.entries.delete(id);
    else this.entries.set(id, { keyBytes, key, value });
    if (this.changelog !== undefined) {
      this.changelog.collector.send({
        topic: this.changelog.topic,
        partition: this.changelog.partition,
        key: keyBytes,
        value: value === null || value === undefined ? null : this.valueSerde.serialize(value),
        headers: {},
        timestamp: this.changelog.timestamp(),
      });
    }
  }

  delete(key: unknown): unknown {
    const old = this.get(key);
    this.put(key, null);
    return old;
  }

  /** Applies a changelog record without logging it again. */
  restore(keyBytes: Buffer, valueBytes: Buffer | null): void {
    const id = keyBytes.toString('latin1');
    if (valueBytes === null) this.entries.delete(id);
    else this.entries.set(id, { keyBytes, key: this.keySerde.deserialize(keyBytes), value: this.valueSerde.deserialize(valueBytes) });
  }

  all(): [unknown, unknown][] {
    return [...this.entries.values()].sort((a, b) => Buffer.compare(a.keyBytes, b.keyBytes)).map((e) => [e.key, e.value]);
  }

  approximateNumEntries(): number {
    return this.entries.size;
  }
}
