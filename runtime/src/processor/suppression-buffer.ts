// The buffer of KTable.suppress(), as Kafka's InMemoryTimeOrderedKeyValueChangeBuffer: one entry per
// key (a key buffered again keeps its place and its first prior value), ordered by buffer time then
// key bytes, holding serialized values and the record context of the latest update. Changes go to
// `<store>-changelog` in Kafka's v3 layout (header v=3; value: record context, prior, old and new
// value, 8-byte buffer time; a tombstone when a key is evicted), so a Java app restores it too.
import type { Serde } from '../serdes';
import type { ChangelogTarget } from './key-value-store';

/** The record context kept with a buffered update (Kafka's ProcessorRecordContext). */
export interface BufferedContext {
  timestamp: number;
  offset: number;
  topic: string;
  partition: number;
  headers: Record<string, Buffer>;
}

interface Entry {
  time: number;
  keyBytes: Buffer;
  id: string;
  prior: Buffer | null;
  old: Buffer | null;
  /** Kafka compares prior and old by reference (`priorValue == oldValue`): true when first buffered. */
  oldIsPrior: boolean;
  value: Buffer | null;
  context: BufferedContext;
  size: number;
}

export interface Eviction {
  key: unknown;
  value: unknown;
  oldValue: unknown;
  context: BufferedContext;
}

const V3_HEADERS = { v: Buffer.from([3]) };
const NULL_VALUE_SENTINEL = -1;
const OLD_PREV_DUPLICATE_VALUE_SENTINEL = -2;

export class SuppressionBuffer {
  /** Ascending by (time, key bytes). */
  private sorted: Entry[] = [];
  private readonly index = new Map<string, Entry>();
  private bytes = 0;
  constructor(
    readonly name: string,
    private readonly keySerde: Serde<unknown>,
    private readonly valueSerde: Serde<unknown>,
    private readonly changelog: ChangelogTarget | undefined,
  ) {}

  numRecords(): number {
    return this.sorted.length - this.headRemoved;
  }

  /** Kafka's memBufferSize: buffer time, key, values and record context. */
  bufferSize(): number {
    return this.bytes;
  }

  minTimestamp(): number {
    return this.sorted[this.headRemoved]?.time ?? Number.MAX_SAFE_INTEGER;
  }

  put(time: number, key: unknown, value: unknown, oldValue: unknown, context: BufferedContext): void {
    const keyBytes = this.keySerde.serialize(key);
    const id = keyBytes.toString('latin1');
    const newBytes = value === null || value === undefined ? null : this.valueSerde.serialize(value);
    const oldBytes = oldValue === null || oldValue === undefined ? null : this.valueSerde.serialize(oldValue);
    const previous = this.index.get(id);
    const entry: Entry = {
      time: previous?.time ?? time,
      keyBytes,
      id,
      prior: previous === undefined ? oldBytes : previous.prior,
      old: oldBytes,
      oldIsPrior: previous === undefined,
      value: newBytes,
      context: { ...context, headers: { ...context.headers } },
      size: 0,
    };
    this.cleanPut(entry, previous);
    this.log(entry);
  }

  /** Kafka's evictWhile: hands entries over from the oldest while `predicate` holds. */
  evictWhile(predicate: () => boolean, callback: (e: Eviction) => void): void {
    try {
      while (this.headRemoved < this.sorted.length && predicate()) {
        const e = this.sorted[this.headRemoved] as Entry;
        // Out of the buffer before the callback, so the predicate and getters see it gone.
        this.headRemoved++;
        this.index.delete(e.id);
        this.bytes -= e.size;
        this.logTombstone(e);
        callback({
          key: this.keySerde.deserialize(e.keyBytes),
          value: e.value === null ? null : this.valueSerde.deserialize(e.value),
          oldValue: e.old === null ? null : this.valueSerde.deserialize(e.old),
          context: e.context,
        });
      }
    } finally {
      this.sorted.splice(0, this.headRemoved);
      this.headRemoved = 0;
    }
  }

  /** Entries already taken from the head by a running evictWhile. */
  private headRemoved = 0;

  /** Kafka's priorValueForBuffered: defined (maybe null) while the key is buffered. */
  priorValueForBuffered(key: unknown): { value: unknown } | undefined {
    const e = this.index.get(this.keySerde.serialize(key).toString('latin1'));
    if (e === undefined) return undefined;
    return { value: e.prior === null ? null : this.valueSerde.deserialize(e.prior) };
  }

  /** Applies a changelog record (v3 layout) without logging it again; a tombstone removes the key. */
  restore(keyBytes: Buffer, valueBytes: Buffer | null): void {
    const id = keyBytes.toString('latin1');
    const previous = this.index.get(id);
    if (valueBytes === null) {
      if (previous !== undefined) this.remove(previous);
      return;
    }
    const parsed = parseBufferValue(valueBytes);
    const entry: Entry = { ...parsed, keyBytes: Buffer.from(keyBytes), id, size: 0 };
    if (previous !== undefined) this.remove(previous);
    this.cleanPut(entry, undefined);
  }

  private cleanPut(entry: Entry, previous: Entry | undefined): void {
    entry.size = recordSize(entry);
    if (previous !== undefined) {
      // Non-resetting: the update takes the earlier one's place in time order.
      const at = this.sorted.indexOf(previous);
      this.sorted[at] = entry;
      this.bytes += entry.size - previous.size;
    } else {
      this.sorted.splice(this.insertionPoint(entry), 0, entry);
      this.bytes += entry.size;
    }
    this.index.set(entry.id, entry);
  }

  private remove(e: Entry): void {
    const at = this.sorted.indexOf(e);
    if (at >= 0) this.sorted.splice(at, 1);
    this.index.delete(e.id);
    this.bytes -= e.size;
  }

  private insertionPoint(e: Entry): number {
    let lo = this.headRemoved;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = this.sorted[mid] as Entry;
      if (m.time < e.time || (m.time === e.time && Buffer.compare(m.keyBytes, e.keyBytes) < 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private log(e: Entry): void {
    if (this.changelog === undefined) return;
    this.changelog.collector.send({
      topic: this.changelog.topic,
      partition: this.changelog.partition,
      key: e.keyBytes,
      value: serializeBufferValue(e),
      headers: { ...V3_HEADERS },
      timestamp: this.changelog.timestamp(),
    });
  }

  private logTombstone(e: Entry): void {
    if (this.changelog === undefined) return;
    this.changelog.collector.send({ topic: this.changelog.topic, partition: this.changelog.partition, key: e.keyBytes, value: null, headers: {}, timestamp: this.changelog.timestamp() });
  }
}

/** BufferValue.residentMemorySizeEstimate plus the key and the 8-byte buffer time. */
function recordSize(e: Entry): number {
  let size = 8 + e.keyBytes.length;
  size += e.prior?.length ?? 0;
  if (!e.oldIsPrior) size += e.old?.length ?? 0;
  size += e.value?.length ?? 0;
  // ProcessorRecordContext: timestamp, offset, topic chars, partition, header keys and values.
  size += 8 + 8 + e.context.topic.length + 4;
  for (const [k, v] of Object.entries(e.context.headers)) size += k.length + v.length;
  return size;
}

/** ProcessorRecordContext.serialize + BufferValue.serialize + the buffer time (Kafka's v3 changelog value). */
export function serializeBufferValue(e: Pick<Entry, 'context' | 'prior' | 'old' | 'oldIsPrior' | 'value' | 'time'>): Buffer {
  const parts: Buffer[] = [];
  const topic = Buffer.from(e.context.topic, 'utf8');
  const head = Buffer.allocUnsafe(8 + 8 + 4);
  head.writeBigInt64BE(BigInt(e.context.timestamp), 0);
  head.writeBigInt64BE(BigInt(e.context.offset), 8);
  head.writeInt32BE(topic.length, 16);
  parts.push(head, topic);
  const headers = Object.entries(e.context.headers);
  parts.push(int32(e.context.partition), int32(headers.length));
  for (const [k, v] of headers) {
    const kb = Buffer.from(k, 'utf8');
    parts.push(int32(kb.length), kb, int32(v.length), v);
  }
  parts.push(...sized(e.prior));
  if (e.old === null) parts.push(int32(NULL_VALUE_SENTINEL));
  else if (e.prior !== null && e.prior.equals(e.old)) parts.push(int32(OLD_PREV_DUPLICATE_VALUE_SENTINEL));
  else parts.push(int32(e.old.length), e.old);
  parts.push(...sized(e.value));
  const time = Buffer.allocUnsafe(8);
  time.writeBigInt64BE(BigInt(e.time), 0);
  parts.push(time);
  return Buffer.concat(parts);
}

function parseBufferValue(b: Buffer): Omit<Entry, 'keyBytes' | 'id' | 'size'> {
  let at = 0;
  const need = (n: number): void => {
    if (at + n > b.length) throw new RangeError(`suppression buffer changelog value is truncated (${b.length} bytes; Kafka's v3 layout expected)`);
  };
  const i32 = (): number => {
    need(4);
    const v = b.readInt32BE(at);
    at += 4;
    return v;
  };
  const i64 = (): number => {
    need(8);
    const v = Number(b.readBigInt64BE(at));
    at += 8;
    return v;
  };
  const bytes = (n: number): Buffer => {
    need(n);
    const v = Buffer.from(b.subarray(at, at + n));
    at += n;
    return v;
  };
  const timestamp = i64();
  const offset = i64();
  const topic = bytes(i32()).toString('utf8');
  const partition = i32();
  const headers: Record<string, Buffer> = {};
  for (let n = i32(); n > 0; n--) {
    const k = bytes(i32()).toString('utf8');
    const len = i32();
    headers[k] = len < 0 ? Buffer.alloc(0) : bytes(len);
  }
  const nullable = (len: number): Buffer | null => (len === NULL_VALUE_SENTINEL ? null : bytes(len));
  const prior = nullable(i32());
  const oldLen = i32();
  const oldIsPrior = oldLen === OLD_PREV_DUPLICATE_VALUE_SENTINEL;
  const old = oldIsPrior ? prior : nullable(oldLen);
  const value = nullable(i32());
  const time = i64();
  return { time, prior, old, oldIsPrior, value, context: { timestamp, offset, topic, partition, headers } };
}

function int32(n: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeInt32BE(n, 0);
  return b;
}

function sized(v: Buffer | null): Buffer[] {
  return v === null ? [int32(NULL_VALUE_SENTINEL)] : [int32(v.length), v];
}
