// Serdes: how keys and values become bytes on topics, stores and changelogs.
// Buffer imported, not the global: the global is a getter, paid on every serialize (hot path).
import { Buffer } from 'node:buffer';

export interface Serde<T> {
  /** Shown in errors, e.g. `JSON`. */
  readonly name: string;
  serialize(data: T): Buffer;
  deserialize(data: Buffer): T;
}

class StringSerde implements Serde<string> {
  readonly name = 'String';
  serialize(data: string): Buffer {
    if (typeof data !== 'string') throw new TypeError(`expected a string, got ${typeName(data)}`);
    return Buffer.from(data, 'utf8');
  }
  deserialize(data: Buffer): string {
    return data.toString('utf8');
  }
}

class JsonSerde<T> implements Serde<T> {
  readonly name = 'JSON';
  serialize(data: T): Buffer {
    const text = JSON.stringify(data);
    if (text === undefined) throw new TypeError(`${typeName(data)} has no JSON form`);
    return Buffer.from(text, 'utf8');
  }
  deserialize(data: Buffer): T {
    return JSON.parse(data.toString('utf8')) as T;
  }
}

/** 8-byte big-endian IEEE-754 double: every JS number round-trips. */
class NumberSerde implements Serde<number> {
  constructor(readonly name: string = 'Number') {}
  serialize(data: number): Buffer {
    if (typeof data !== 'number') throw new TypeError(`expected a number, got ${typeName(data)}`);
    const b = Buffer.allocUnsafe(8);
    b.writeDoubleBE(data, 0);
    return b;
  }
  deserialize(data: Buffer): number {
    if (data.length !== 8) throw new RangeError(`expected 8 bytes, got ${data.length}`);
    return data.readDoubleBE(0);
  }
}

class BufferSerde implements Serde<Buffer> {
  readonly name = 'Buffer';
  serialize(data: Buffer): Buffer {
    if (!Buffer.isBuffer(data)) throw new TypeError(`expected a Buffer, got ${typeName(data)}`);
    return data;
  }
  deserialize(data: Buffer): Buffer {
    return data;
  }
}

/** Java's LongSerializer: 8-byte big-endian two's complement. Numbers must be safe integers;
 *  values past 2^53 need the bigint form (`Serdes.Long({ bigint: true })`). */
class LongSerde implements Serde<number> {
  readonly name = 'Long';
  serialize(data: number): Buffer {
    if (typeof data !== 'number' && typeof data !== 'bigint') throw new TypeError(`expected a number, got ${typeName(data)}`);
    const b = Buffer.allocUnsafe(8);
    b.writeBigInt64BE(toInt64(data), 0);
    return b;
  }
  deserialize(data: Buffer): number {
    checkSize('Long', data, 8);
    const n = data.readBigInt64BE(0);
    if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new RangeError(`${n} is past 2^53 and has no exact JS number; read it with Serdes.Long({ bigint: true })`);
    }
    return Number(n);
  }
}

class BigLongSerde implements Serde<bigint> {
  readonly name = 'Long(bigint)';
  serialize(data: bigint): Buffer {
    if (typeof data !== 'bigint' && typeof data !== 'number') throw new TypeError(`expected a bigint, got ${typeName(data)}`);
    const b = Buffer.allocUnsafe(8);
    b.writeBigInt64BE(toInt64(data), 0);
    return b;
  }
  deserialize(data: Buffer): bigint {
    checkSize('Long', data, 8);
    return data.readBigInt64BE(0);
  }
}

function toInt64(data: number | bigint): bigint {
  if (typeof data === 'number') {
    if (!Number.isSafeInteger(data)) throw new RangeError(`a Long must be an integer within ±(2^53 - 1) as a number (or a bigint), got ${data}`);
    return BigInt(data);
  }
  if (data > 0x7fffffffffffffffn || data < -0x8000000000000000n) throw new RangeError(`${data} does not fit in a signed 64-bit Long`);
  return data;
}

/** Java's IntegerSerializer: 4-byte big-endian two's complement. */
class IntegerSerde implements Serde<number> {
  readonly name = 'Integer';
  serialize(data: number): Buffer {
    if (typeof data !== 'number') throw new TypeError(`expected a number, got ${typeName(data)}`);
    if (!Number.isInteger(data) || data > 2147483647 || data < -2147483648) throw new RangeError(`an Integer must be a 32-bit signed integer, got ${data}`);
    const b = Buffer.allocUnsafe(4);
    b.writeInt32BE(data, 0);
    return b;
  }
  deserialize(data: Buffer): number {
    checkSize('Integer', data, 4);
    return data.readInt32BE(0);
  }
}

/** Java's ByteArraySerializer: the bytes as they are (any Uint8Array serializes). */
class ByteArraySerde implements Serde<Buffer> {
  readonly name = 'ByteArray';
  serialize(data: Buffer | Uint8Array): Buffer {
    if (!(data instanceof Uint8Array)) throw new TypeError(`expected a Buffer or Uint8Array, got ${typeName(data)}`);
    return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  }
  deserialize(data: Buffer): Buffer {
    return data;
  }
}

const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Java's UUIDSerializer: the UUID's text (UTF-8, lower case as Java's UUID.toString()). */
class UuidSerde implements Serde<string> {
  readonly name = 'UUID';
  serialize(data: string): Buffer {
    if (typeof data !== 'string') throw new TypeError(`expected a UUID string, got ${typeName(data)}`);
    if (!UUID_TEXT.test(data)) throw new TypeError(`expected a UUID (8-4-4-4-12 hex digits), got ${JSON.stringify(data)}`);
    return Buffer.from(data.toLowerCase(), 'utf8');
  }
  deserialize(data: Buffer): string {
    const text = data.toString('utf8');
    if (!UUID_TEXT.test(text)) throw new TypeError(`expected a UUID (8-4-4-4-12 hex digits), got ${JSON.stringify(text)}`);
    return text.toLowerCase();
  }
}

function checkSize(what: string, data: Buffer, size: number): void {
  if (data.length !== size) throw new RangeError(`Size of data received by ${what}Deserializer is not ${size} (got ${data.length} bytes)`);
}

/** A serde of windowed keys (Kafka's WindowedSerializer): sinks partition its records by the inner key. */
export function windowedBaseKey(serde: Serde<unknown>): ((data: unknown) => Buffer) | undefined {
  return serde instanceof TimeWindowedSerde || serde instanceof SessionWindowedSerde ? (data) => serde.serializeBaseKey(data as Windowed<unknown>) : undefined;
}

/** A window-aggregation key: the grouped key and its time window [start, end). */
export interface Windowed<K> {
  key: K;
  window: { start: number; end: number };
}

/** Inner key bytes followed by the 8-byte window start, as Kafka's TimeWindowedSerializer. */
class TimeWindowedSerde<K> implements Serde<Windowed<K>> {
  readonly name: string;
  constructor(
    private readonly inner: Serde<K>,
    private readonly sizeMs: number,
  ) {
    this.name = `TimeWindowed(${inner.name})`;
  }
  serialize(data: Windowed<K>): Buffer {
    const key = this.inner.serialize(data.key);
    const out = Buffer.allocUnsafe(key.length + 8);
    key.copy(out, 0);
    out.writeBigInt64BE(BigInt(data.window.start), key.length);
    return out;
  }
  /** Kafka's WindowedSerializer.serializeBaseKey: the inner key's bytes (what sinks partition by). */
  serializeBaseKey(data: Windowed<K>): Buffer {
    return this.inner.serialize(data.key);
  }
  deserialize(data: Buffer): Windowed<K> {
    if (data.length < 8) throw new RangeError(`expected at least 8 bytes, got ${data.length}`);
    const start = Number(data.readBigInt64BE(data.length - 8));
    return { key: this.inner.deserialize(data.subarray(0, data.length - 8)), window: { start, end: start + this.sizeMs } };
  }
}

/** Inner key bytes, then the 8-byte window end and the 8-byte start, as Kafka's SessionWindowedSerializer. */
class SessionWindowedSerde<K> implements Serde<Windowed<K>> {
  readonly name: string;
  constructor(private readonly inner: Serde<K>) {
    this.name = `SessionWindowed(${inner.name})`;
  }
  serialize(data: Windowed<K>): Buffer {
    const key = this.inner.serialize(data.key);
    const out = Buffer.allocUnsafe(key.length + 16);
    key.copy(out, 0);
    out.writeBigInt64BE(BigInt(data.window.end), key.length);
    out.writeBigInt64BE(BigInt(data.window.start), key.length + 8);
    return out;
  }
  /** Kafka's WindowedSerializer.serializeBaseKey: the inner key's bytes (what sinks partition by). */
  serializeBaseKey(data: Windowed<K>): Buffer {
    return this.inner.serialize(data.key);
  }
  deserialize(data: Buffer): Windowed<K> {
    if (data.length < 16) throw new RangeError(`expected at least 16 bytes, got ${data.length}`);
    const end = Number(data.readBigInt64BE(data.length - 16));
    const start = Number(data.readBigInt64BE(data.length - 8));
    return { key: this.inner.deserialize(data.subarray(0, data.length - 16)), window: { start, end } };
  }
}

const stringSerde = new StringSerde();
const longSerde = new LongSerde();
const bigLongSerde = new BigLongSerde();
const integerSerde = new IntegerSerde();
// Java's DoubleSerializer: the same bytes as Serdes.Number(), under Java's name.
const doubleSerde = new NumberSerde('Double');
const byteArraySerde = new ByteArraySerde();
const uuidSerde = new UuidSerde();
const numberSerde = new NumberSerde();
const bufferSerde = new BufferSerde();
const jsonSerde = new JsonSerde<unknown>();

function long(): Serde<number>;
function long(options: { bigint: true }): Serde<bigint>;
function long(options: { bigint?: boolean } = {}): Serde<number> | Serde<bigint> {
  return options.bigint === true ? bigLongSerde : longSerde;
}

export const Serdes = {
  String: (): Serde<string> => stringSerde,
  JSON: <T = unknown>(): Serde<T> => jsonSerde as Serde<T>,
  /** 8-byte big-endian double (JS's own number). */
  Number: (): Serde<number> => numberSerde,
  Buffer: (): Serde<Buffer> => bufferSerde,
  /** Java's Long: 8-byte big-endian two's complement; `{ bigint: true }` reads and writes bigints (past 2^53). */
  Long: long,
  /** Java's Integer: 4-byte big-endian two's complement. */
  Integer: (): Serde<number> => integerSerde,
  /** Java's Double: 8-byte big-endian IEEE-754. */
  Double: (): Serde<number> => doubleSerde,
  /** Java's ByteArray: bytes unchanged. */
  ByteArray: (): Serde<Buffer> => byteArraySerde,
  /** Java's UUID: the UUID's text as UTF-8. */
  UUID: (): Serde<string> => uuidSerde,
  /** Kafka's TimeWindowedSerde: inner key bytes + 8-byte window start (the end is start + size). */
  TimeWindowed: <K>(inner: Serde<K>, sizeMs: number): Serde<Windowed<K>> => new TimeWindowedSerde(inner, sizeMs),
  /** Kafka's SessionWindowedSerde: inner key bytes + 8-byte end + 8-byte start. */
  SessionWindowed: <K>(inner: Serde<K>): Serde<Windowed<K>> => new SessionWindowedSerde(inner),
};

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}
