// Admin requests no client here sends (kafkajs, kafka-python 2.0.2 and confluent-kafka 1.7.0 lack
// them): IncrementalAlterConfigs and DescribeLogDirs, encoded by hand from Kafka's message specs
// (clients/src/main/resources/common/message/*.json), not with the broker's own writer.
import { frame, RawClient } from './helpers';

const i8 = (n: number) => Buffer.from([n & 0xff]);
const i16 = (n: number) => { const b = Buffer.alloc(2); b.writeInt16BE(n); return b; };
const i32 = (n: number) => { const b = Buffer.alloc(4); b.writeInt32BE(n); return b; };
const str = (s: string) => Buffer.concat([i16(Buffer.byteLength(s)), Buffer.from(s)]);
const uvarint = (n: number): Buffer => {
  const out: number[] = [];
  while (n > 0x7f) { out.push((n & 0x7f) | 0x80); n >>>= 7; }
  out.push(n);
  return Buffer.from(out);
};
const compactStr = (s: string | null) => (s === null ? uvarint(0) : Buffer.concat([uvarint(Buffer.byteLength(s) + 1), Buffer.from(s)]));
const compactArray = (items: Buffer[]) => Buffer.concat([uvarint(items.length + 1), ...items]);
const noTags = Buffer.from([0]);

async function roundTrip(port: number, request: Buffer): Promise<Buffer> {
  const raw = new RawClient(port);
  try {
    raw.send(request);
    return await Promise.race([raw.next(), raw.closed.then(() => { throw new Error('connection closed by the broker'); })]);
  } finally {
    raw.close();
  }
}

/** A cursor over a response body. */
class In {
  constructor(private readonly b: Buffer, public at = 0) {}
  i8(): number { return this.b.readInt8(this.at++); }
  i16(): number { const v = this.b.readInt16BE(this.at); this.at += 2; return v; }
  i32(): number { const v = this.b.readInt32BE(this.at); this.at += 4; return v; }
  i64(): number { const v = Number(this.b.readBigInt64BE(this.at)); this.at += 8; return v; }
  bool(): boolean { return this.i8() !== 0; }
  uvarint(): number {
    let n = 0;
    let shift = 0;
    for (;;) {
      const byte = this.b[this.at++] ?? 0;
      n |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return n;
      shift += 7;
    }
  }
  str(): string { const n = this.i16(); const s = this.b.toString('utf8', this.at, this.at + n); this.at += n; return s; }
  nullableStr(): string | null { const n = this.i16(); if (n < 0) return null; const s = this.b.toString('utf8', this.at, this.at + n); this.at += n; return s; }
  compactStr(): string | null { const n = this.uvarint() - 1; if (n < 0) return null; const s = this.b.toString('utf8', this.at, this.at + n); this.at += n; return s; }
  tags(): void { const n = this.uvarint(); for (let i = 0; i < n; i++) { this.uvarint(); this.at += this.uvarint(); } }
  array<T>(item: () => T): T[] { return Array.from({ length: this.i32() }, item); }
  compactArray<T>(item: () => T): T[] { return Array.from({ length: this.uvarint() - 1 }, item); }
}

export const enum ConfigOp { Set = 0, Delete = 1, Append = 2, Subtract = 3 }
export interface AlterOutcome { errorCode: number; message: string | null; type: number; name: string }

/** IncrementalAlterConfigs v0 (classic encoding) or v1 (flexible) of topic configs. */
export async function incrementalAlterConfigs(port: number, version: 0 | 1, resources: { topic: string; ops: { name: string; op: number; value: string | null }[] }[]): Promise<AlterOutcome[]> {
  const flex = version === 1;
  const body = flex
    ? Buffer.concat([compactArray(resources.map((r) => Buffer.concat([i8(2), compactStr(r.topic),
      compactArray(r.ops.map((c) => Buffer.concat([compactStr(c.name), i8(c.op), compactStr(c.value), noTags]))), noTags]))), i8(0), noTags])
    : Buffer.concat([i32(resources.length), ...resources.map((r) => Buffer.concat([i8(2), str(r.topic), i32(r.ops.length),
      ...r.ops.map((c) => Buffer.concat([str(c.name), i8(c.op), c.value === null ? i16(-1) : str(c.value)]))])), i8(0)]);
  const res = await roundTrip(port, frame(44, version, 31, body, flex));
  const r = new In(res, 4);
  if (flex) r.tags();
  r.i32();
  const item = (): AlterOutcome => {
    const out = flex
      ? { errorCode: r.i16(), message: r.compactStr(), type: r.i8(), name: r.compactStr() ?? '' }
      : { errorCode: r.i16(), message: r.nullableStr(), type: r.i8(), name: r.str() };
    if (flex) r.tags();
    return out;
  };
  return flex ? r.compactArray(item) : r.array(item);
}

export interface LogDir { errorCode: number; path: string; topics: { name: string; partitions: { index: number; size: number }[] }[] }

/** DescribeLogDirs v1: every topic (null) or the named partitions. */
export async function describeLogDirs(port: number, topics: { name: string; partitions: number[] }[] | null): Promise<LogDir[]> {
  const body = topics === null ? i32(-1) : Buffer.concat([i32(topics.length), ...topics.map((t) => Buffer.concat([str(t.name), i32(t.partitions.length), ...t.partitions.map(i32)]))]);
  const res = await roundTrip(port, frame(35, 1, 32, body));
  const r = new In(res, 4);
  r.i32();
  return r.array(() => ({
    errorCode: r.i16(), path: r.str(),
    topics: r.array(() => ({ name: r.str(), partitions: r.array(() => { const p = { index: r.i32(), size: r.i64() }; r.i64(); r.bool(); return p; }) })),
  }));
}

/** Bytes a partition takes, as DescribeLogDirs reports it. */
export async function partitionBytes(port: number, topic: string, partition: number): Promise<number> {
  const dirs = await describeLogDirs(port, [{ name: topic, partitions: [partition] }]);
  const size = dirs[0]?.topics.find((t) => t.name === topic)?.partitions.find((p) => p.index === partition)?.size;
  if (size === undefined) throw new Error(`DescribeLogDirs has no ${topic}/${partition}`);
  return size;
}
