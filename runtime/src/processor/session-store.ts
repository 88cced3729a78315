// In-memory session store, as Kafka's InMemorySessionStore: aggregates by (key, session start,
// session end), kept for `retentionMs` of observed stream time by session end. Writes go to the
// changelog in Kafka's SessionKeySchema layout (key bytes + 8-byte end + 8-byte start).
import type { Serde, Windowed } from '../serdes';
import type { ChangelogTarget } from './key-value-store';

export interface ReadOnlySessionStore<K, V> {
  readonly name: string;
  /** Every session of `key`, by end time then start. */
  fetch(key: K): [Windowed<K>, V][];
  /** Sessions of keys in [keyFrom, keyTo] (serialized-byte order; null: unbounded), by end time. */
  fetchRange(keyFrom: K | null, keyTo: K | null): [Windowed<K>, V][];
  /** Sessions of `key` ending at or after `earliestSessionEndTime` and starting at or before `latestSessionStartTime`. */
  findSessions(key: K, earliestSessionEndTime: number, latestSessionStartTime: number): [Windowed<K>, V][];
  /** The aggregate of exactly that session, or null. */
  fetchSession(key: K, sessionStart: number, sessionEnd: number): V | null;
}

export interface SessionStore<K, V> extends ReadOnlySessionStore<K, V> {
  /** A null aggregate removes the session. */
  put(session: Windowed<K>, aggregate: V | null): void;
  remove(session: Windowed<K>): void;
}

/** SessionKeySchema.toBinary: key + 8-byte end + 8-byte start. */
export function sessionStoreKey(keyBytes: Buffer, start: number, end: number): Buffer {
  const out = Buffer.allocUnsafe(keyBytes.length + 16);
  keyBytes.copy(out, 0);
  out.writeBigInt64BE(BigInt(end), keyBytes.length);
  out.writeBigInt64BE(BigInt(start), keyBytes.length + 8);
  return out;
}

interface KeyEntry {
  keyBytes: Buffer;
  key: unknown;
  /** Aggregates by session start. */
  starts: Map<number, unknown>;
}

export class InMemorySessionStore implements SessionStore<unknown, unknown> {
  private readonly byEnd = new Map<number, Map<string, KeyEntry>>();
  private ends: number[] = [];
  private observedStreamTime = -Infinity;
  constructor(
    readonly name: string,
    private readonly keySerde: Serde<unknown>,
    private readonly valueSerde: Serde<unknown>,
    private readonly retentionMs: number,
    private readonly changelog: ChangelogTarget | undefined,
  ) {}

  put(session: Windowed<unknown>, aggregate: unknown): void {
    const keyBytes = this.keySerde.serialize(session.key);
    const { start, end } = session.window;
    this.apply(keyBytes, session.key, start, end, aggregate);
    if (this.changelog !== undefined) {
      this.changelog.collector.send({
        topic: this.changelog.topic,
        partition: this.changelog.partition,
        key: sessionStoreKey(keyBytes, start, end),
        value: aggregate === null || aggregate === undefined ? null : this.valueSerde.serialize(aggregate),
        headers: {},
        timestamp: this.changelog.timestamp(),
      });
    }
  }

  remove(session: Windowed<unknown>): void {
    this.put(session, null);
  }

  /** Applies a changelog record (SessionKeySchema key) without logging it again. */
  restore(storeKey: Buffer, valueBytes: Buffer | null): void {
    if (storeKey.length < 16) throw new RangeError(`a session store key has at least 16 bytes (key + end + start), got ${storeKey.length}`);
    const at = storeKey.length - 16;
    const keyBytes = Buffer.from(storeKey.subarray(0, at));
    const end = Number(storeKey.readBigInt64BE(at));
    const start = Number(storeKey.readBigInt64BE(at + 8));
    this.apply(keyBytes, this.keySerde.deserialize(keyBytes), start, end, valueBytes === null ? null : this.valueSerde.deserialize(valueBytes));
  }

  private apply(keyBytes: Buffer, key: unknown, start: number, end: number, aggregate: unknown): void {
    // As Kafka: expired sessions go before the observed time moves on.
    this.removeExpired();
    if (end > this.observedStreamTime) this.observedStreamTime = end;
    if (end <= this.observedStreamTime - this.retentionMs) return; // "Skipping record for expired segment."
    const id = keyBytes.toString('latin1');
    if (aggregate === null || aggregate === undefined) {
      const keys = this.byEnd.get(end);
      const entry = keys?.get(id);
      entry?.starts.delete(start);
      if (entry !== undefined && entry.starts.size === 0) keys?.delete(id);
      if (keys !== undefined && keys.size === 0) {
        this.byEnd.delete(end);
        this.ends = this.ends.filter((e) => e !== end);
      }
      return;
    }
    let keys = this.byEnd.get(end);
    if (keys === undefined) {
      keys = new Map();
      this.byEnd.set(end, keys);
      this.ends.push(end);
      this.ends.sort((a, b) => a - b);
    }
    let entry = keys.get(id);
    if (entry === undefined) {
      entry = { keyBytes, key, starts: new Map() };
      keys.set(id, entry);
    }
    entry.starts.set(start, aggregate);
  }

  /** True when a put of a session ending at `end` drops sessions ending at or after `fromEnd`
   *  (emit-on-window-close emits them first, whatever its wall-clock throttle says). */
  putExpires(end: number, fromEnd: number): boolean {
    const oldest = this.ends[0];
    if (oldest === undefined) return false;
    const minLive = Math.max(0, Math.max(this.observedStreamTime, end) - this.retentionMs + 1);
    return oldest < minLive && minLive > fromEnd;
  }

  private removeExpired(): void {
    const minLive = Math.max(0, this.observedStreamTime - this.retentionMs + 1);
    while (this.ends.length > 0 && (this.ends[0] as number) < minLive) this.byEnd.delete(this.ends.shift() as number);
  }

  private collect(keep: (e: KeyEntry) => boolean, earliestEnd: number, latestStart: number, expire = true): [Windowed<unknown>, unknown][] {
    if (expire) this.removeExpired();
    const out: [Windowed<unknown>, unknown][] = [];
    for (const end of this.ends) {
      if (end < earliestEnd) continue;
      const entries = [...(this.byEnd.get(end)?.values() ?? [])].filter(keep).sort((a, b) => Buffer.compare(a.keyBytes, b.keyBytes));
      for (const e of entries) {
        for (const start of [...e.starts.keys()].sort((a, b) => a - b)) {
          if (start <= latestStart) out.push([{ key: e.key, window: { start, end } }, e.starts.get(start)]);
        }
      }
    }
    return out;
  }

  findSessions(key: unknown, earliestSessionEndTime: number, latestSessionStartTime: number): [Windowed<unknown>, unknown][] {
    const id = this.keySerde.serialize(key).toString('latin1');
    return this.collect((e) => e.keyBytes.toString('latin1') === id, earliestSessionEndTime, latestSessionStartTime);
  }

  /** Every session that ends in [earliestEnd, latestEnd] (Kafka's findSessions(earliest, latest) of emit-final). */
  sessionsEndingBetween(earliestEnd: number, latestEnd: number): [Windowed<unknown>, unknown][] {
    // Not expiring first: sessions that just closed are due now (Kafka's open iterators hold them too).
    return this.collect(() => true, earliestEnd, Infinity, false).filter(([w]) => w.window.end <= latestEnd);
  }

  fetch(key: unknown): [Windowed<unknown>, unknown][] {
    return this.findSessions(key, 0, Infinity);
  }

  fetchRange(keyFrom: unknown, keyTo: unknown): [Windowed<unknown>, unknown][] {
    const from = keyFrom === null || keyFrom === undefined ? undefined : this.keySerde.serialize(keyFrom);
    const to = keyTo === null || keyTo === undefined ? undefined : this.keySerde.serialize(keyTo);
    return this.collect((e) => (from === undefined || Buffer.compare(e.keyBytes, from) >= 0) && (to === undefined || Buffer.compare(e.keyBytes, to) <= 0), 0, Infinity);
  }

  fetchSession(key: unknown, sessionStart: number, sessionEnd: number): unknown {
    const e = this.byEnd.get(sessionEnd)?.get(this.keySerde.serialize(key).toString('latin1'));
    return e?.starts.get(sessionStart) ?? null;
  }
}
