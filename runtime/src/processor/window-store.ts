// In-memory window store, as Kafka's InMemoryWindowStore: values by (key, window start), kept for
// `retentionMs` of observed stream time, in segments by window start. Writes are logged to the
// changelog in Kafka's WindowKeySchema layout (key bytes + 8-byte start + 4-byte sequence number),
// so a Java Kafka Streams app restores the same store from it.
import type { Serde, Windowed } from '../serdes';
import type { ChangelogTarget, ValueAndTimestamp } from './key-value-store';

export interface WindowStoreOptions {
  /** Window size: the end of a window is its start plus this (fetch results' windows). */
  sizeMs: number;
  /** Windows whose start is older than observed stream time minus this are dropped. */
  retentionMs: number;
  /** Keep every put for a key and start (join stores); otherwise a put replaces. */
  retainDuplicates: boolean;
}

export interface ReadOnlyWindowStore<K, V> {
  readonly name: string;
  /** The value of `key`'s window starting at `windowStart`, or null. */
  fetch(key: K, windowStart: number): V | null;
  /** `key`'s windows whose start is in [timeFrom, timeTo], by start: [start, value]. */
  fetch(key: K, timeFrom: number, timeTo: number): [number, V][];
  /** Windows of keys in [keyFrom, keyTo] (serialized-byte order) with starts in [timeFrom, timeTo]. */
  fetchRange(keyFrom: K | null, keyTo: K | null, timeFrom: number, timeTo: number): [Windowed<K>, V][];
  /** Every window with a start in [timeFrom, timeTo], by start then key. */
  fetchAll(timeFrom: number, timeTo: number): [Windowed<K>, V][];
  /** Every window, by start then key. */
  all(): [Windowed<K>, V][];
}

export interface WindowStore<K, V> extends ReadOnlyWindowStore<K, V> {
  put(key: K, value: V | null, windowStart: number): void;
}

/** The layout of Kafka's WindowKeySchema.toStoreKeyBinary: key + 8-byte start + 4-byte seqnum. */
export function windowStoreKey(keyBytes: Buffer, windowStart: number, seqnum: number): Buffer {
  const out = Buffer.allocUnsafe(keyBytes.length + 12);
  keyBytes.copy(out, 0);
  out.writeBigInt64BE(BigInt(windowStart), keyBytes.length);
  out.writeInt32BE(seqnum, keyBytes.length + 8);
  return out;
}

/** Splits a WindowKeySchema store key into key bytes, window start and sequence number. */
export function parseWindowStoreKey(bytes: Buffer): { keyBytes: Buffer; windowStart: number; seqnum: number } {
  if (bytes.length < 12) throw new RangeError(`a window store key has at least 12 bytes (key + 8-byte start + 4-byte seqnum), got ${bytes.length}`);
  const at = bytes.length - 12;
  return { keyBytes: bytes.subarray(0, at), windowStart: Number(bytes.readBigInt64BE(at)), seqnum: bytes.readInt32BE(at + 8) };
}

interface Item {
  value: unknown;
  timestamp: number;
}

interface KeyEntry {
  keyBytes: Buffer;
  key: unknown;
  /** In put order (one item unless duplicates are retained). */
  items: Item[];
}

type Segment = Map<string, KeyEntry>;

export class InMemoryWindowStore implements WindowStore<unknown, unknown> {
  /** Segments by window start; `times` holds their starts in ascending order. */
  private readonly segments = new Map<number, Segment>();
  private readonly times: number[] = [];
  private observedStreamTime = -Infinity;
  private seqnum = 0;
  constructor(
    readonly name: string,
    private readonly keySerde: Serde<unknown>,
    private readonly valueSerde: Serde<unknown>,
    private readonly options: WindowStoreOptions,
    private readonly changelog: ChangelogTarget | undefined,
  ) {}

  put(key: unknown, value: unknown, windowStart: number): void {
    this.putWithTimestamp(key, value, windowStart, this.changelog?.timestamp() ?? windowStart);
  }

  /** As put, with the value's timestamp (Kafka's timestamped window stores); the changelog record carries it. */
  putWithTimestamp(key: unknown, value: unknown, windowStart: number, timestamp: number): void {
    const keyBytes = this.keySerde.serialize(key);
    const valueBytes = value === null || value === undefined ? null : this.valueSerde.serialize(value);
    // As Kafka's ChangeLoggingWindowBytesStore: the sequence number numbers duplicates from 1.
    if (this.options.retainDuplicates) this.seqnum = (this.seqnum + 1) & 0x7fffffff;
    this.apply(keyBytes, key, value, windowStart, timestamp);
    if (this.changelog !== undefined) {
      this.changelog.collector.send({
        topic: this.changelog.topic,
        partition: this.changelog.partition,
        key: windowStoreKey(keyBytes, windowStart, this.options.retainDuplicates ? this.seqnum : 0),
        value: valueBytes,
        headers: {},
        timestamp,
      });
    }
  }

  /** Applies a changelog record (WindowKeySchema key) without logging it again. */
  restore(storeKey: Buffer, valueBytes: Buffer | null, timestamp = 0): void {
    const { keyBytes, windowStart } = parseWindowStoreKey(storeKey);
    const value = valueBytes === null ? null : this.valueSerde.deserialize(valueBytes);
    this.apply(Buffer.from(keyBytes), this.keySerde.deserialize(keyBytes), value, windowStart, timestamp);
  }

  private apply(keyBytes: Buffer, key: unknown, value: unknown, windowStart: number, timestamp: number): void {
    if (windowStart > this.observedStreamTime) this.observedStreamTime = windowStart;
    // Kafka: "Skipping record for expired segment" (the changelog still gets it).
    if (windowStart <= this.observedStreamTime - this.options.retentionMs) return;
    const id = keyBytes.toString('latin1');
    if (value === null || value === undefined) {
      if (!this.options.retainDuplicates) {
        const segment = this.segments.get(windowStart);
        segment?.delete(id);
        if (segment !== undefined && segment.size === 0) this.dropSegment(windowStart);
      }
    } else {
      let segment = this.segments.get(windowStart);
      if (segment === undefined) {
        segment = new Map();
        this.segments.set(windowStart, segment);
        this.insertTime(windowStart);
      }
      const entry = segment.get(id);
      if (entry === undefined) segment.set(id, { keyBytes, key, items: [{ value, timestamp }] });
      else if (this.options.retainDuplicates) entry.items.push({ value, timestamp });
      else entry.items[0] = { value, timestamp };
    }
    this.removeExpired();
  }

  fetch(key: unknown, windowStart: number): unknown;
  fetch(key: unknown, timeFrom: number, timeTo: number): [number, unknown][];
  fetch(key: unknown, timeFrom: number, timeTo?: number): unknown {
    if (timeTo === undefined) {
      const found = this.fetchWithTimestamp(key, timeFrom, timeFrom);
      return found.length === 0 ? null : (found[0]?.[1].value ?? null);
    }
    return this.fetchWithTimestamp(key, timeFrom, timeTo).map(([t, v]) => [t, v.value]);
  }

  /** `key`'s windows with starts in [timeFrom, timeTo], with their values' timestamps. */
  fetchWithTimestamp(key: unknown, timeFrom: number, timeTo: number): [number, ValueAndTimestamp<unknown>][] {
    this.removeExpired();
    const id = this.keySerde.serialize(key).toString('latin1');
    const out: [number, ValueAndTimestamp<unknown>][] = [];
    for (const t of this.liveTimes(timeFrom, timeTo)) {
      const entry = this.segments.get(t)?.get(id);
      if (entry !== undefined) for (const item of entry.items) out.push([t, { value: item.value, timestamp: item.timestamp }]);
    }
    return out;
  }

  fetchRange(keyFrom: unknown, keyTo: unknown, timeFrom: number, timeTo: number): [Windowed<unknown>, unknown][] {
    const from = keyFrom === null || keyFrom === undefined ? undefined : this.keySerde.serialize(keyFrom);
    const to = keyTo === null || keyTo === undefined ? undefined : this.keySerde.serialize(keyTo);
    return this.collect(timeFrom, timeTo, (e) => (from === undefined || Buffer.compare(e.keyBytes, from) >= 0) && (to === undefined || Buffer.compare(e.keyBytes, to) <= 0));
  }

  fetchAll(timeFrom: number, timeTo: number): [Windowed<unknown>, unknown][] {
    return this.collect(timeFrom, timeTo, () => true);
  }

  all(): [Windowed<unknown>, unknown][] {
    return this.collect(-Infinity, Infinity, () => true);
  }

  /** As fetchAll, with the values' timestamps (emit-on-window-close forwards them). */
  fetchAllWithTimestamp(timeFrom: number, timeTo: number): [Windowed<unknown>, ValueAndTimestamp<unknown>][] {
    this.removeExpired();
    const out: [Windowed<unknown>, ValueAndTimestamp<unknown>][] = [];
    for (const t of this.liveTimes(timeFrom, timeTo)) {
      const entries = [...(this.segments.get(t)?.values() ?? [])].sort((a, b) => Buffer.compare(a.keyBytes, b.keyBytes));
      for (const e of entries) for (const item of e.items) out.push([{ key: e.key, window: { start: t, end: t + this.options.sizeMs } }, { value: item.value, timestamp: item.timestamp }]);
    }
    return out;
  }

  /** True when a put of a window starting at `windowStart` drops windows starting at or after `fromStart`
   *  (emit-on-window-close emits them first, whatever its wall-clock throttle says). */
  putExpires(windowStart: number, fromStart: number): boolean {
    const oldest = this.times[0];
    if (oldest === undefined) return false;
    const minLive = Math.max(0, Math.max(this.observedStreamTime, windowStart) - this.options.retentionMs + 1);
    return oldest < minLive && minLive > fromStart;
  }

  approximateNumEntries(): number {
    let n = 0;
    for (const s of this.segments.values()) for (const e of s.values()) n += e.items.length;
    return n;
  }

  private collect(timeFrom: number, timeTo: number, keep: (e: KeyEntry) => boolean): [Windowed<unknown>, unknown][] {
    this.removeExpired();
    const out: [Windowed<unknown>, unknown][] = [];
    for (const t of this.liveTimes(timeFrom, timeTo)) {
      const entries = [...(this.segments.get(t)?.values() ?? [])].filter(keep).sort((a, b) => Buffer.compare(a.keyBytes, b.keyBytes));
      for (const e of entries) for (const item of e.items) out.push([{ key: e.key, window: { start: t, end: t + this.options.sizeMs } }, item.value]);
    }
    return out;
  }

  /** Segment starts in [timeFrom, timeTo] that retention still keeps. */
  private liveTimes(timeFrom: number, timeTo: number): number[] {
    const min = Math.max(timeFrom, this.observedStreamTime - this.options.retentionMs + 1);
    if (timeTo < min) return [];
    const out: number[] = [];
    for (let i = lowerBound(this.times, min); i < this.times.length; i++) {
      const t = this.times[i] as number;
      if (t > timeTo) break;
      out.push(t);
    }
    return out;
  }

  private removeExpired(): void {
    const minLive = Math.max(0, this.observedStreamTime - this.options.retentionMs + 1);
    let n = 0;
    while (n < this.times.length && (this.times[n] as number) < minLive) this.segments.delete(this.times[n++] as number);
    if (n > 0) this.times.splice(0, n);
  }

  private insertTime(t: number): void {
    const i = lowerBound(this.times, t);
    this.times.splice(i, 0, t);
  }

  private dropSegment(t: number): void {
    this.segments.delete(t);
    const i = lowerBound(this.times, t);
    if (this.times[i] === t) this.times.splice(i, 1);
  }
}

/** First index whose value is >= x in an ascending array. */
function lowerBound(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
