// Serdes: how keys and values become bytes on topics, stores and changelogs.

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
  readonly name = 'Number';
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
  deserialize(data: Buffer): Windowed<K> {
    if (data.length < 8) throw new RangeError(`expected at least 8 bytes, got ${data.length}`);
    const start = Number(data.readBigInt64BE(data.length - 8));
    return { key: this.inner.deserialize(data.subarray(0, data.length - 8)), window: { start, end: start + this.sizeMs } };
  }
}

const stringSerde = new StringSerde();
const numberSerde = new NumberSerde();
const bufferSerde = new BufferSerde();
const jsonSerde = new JsonSerde<unknown>();

export const Serdes = {
  String: (): Serde<string> => stringSerde,
  JSON: <T = unknown>(): Serde<T> => jsonSerde as Serde<T>,
  Number: (): Serde<number> => numberSerde,
  Buffer: (): Serde<Buffer> => bufferSerde,
  TimeWindowed: <K>(inner: Serde<K>, sizeMs: number): Serde<Windowed<K>> => new TimeWindowedSerde(inner, sizeMs),
};

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}
