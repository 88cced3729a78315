// Fetch v2-v11 (record batches v2 served as stored; v4+ isolation levels with the last stable
// offset and aborted transactions; sessions answered as full fetches with session
// id 0). v2/v3 are offered because librdkafka only compresses against brokers that list them.
import type { Reader } from '../../protocol/reader';
import type { Writer } from '../../protocol/writer';

export interface FetchPartition { index: number; fetchOffset: number; maxBytes: number }
export interface FetchRequest {
  maxWaitMs: number; minBytes: number; maxBytes: number; isolationLevel: number;
  topics: { name: string; partitions: FetchPartition[] }[];
}

export function decode(r: Reader, v: number): FetchRequest {
  r.i32(); // replica id
  const maxWaitMs = r.i32();
  const minBytes = r.i32();
  const maxBytes = v >= 3 ? r.i32() : 0x7fffffff;
  const isolationLevel = v >= 4 ? r.i8() : 0;
  if (v >= 7) { r.i32(); r.i32(); }
  const topics = r.array((t) => ({
    name: t.string(),
    partitions: t.array((p) => {
      const index = p.i32();
      if (v >= 9) p.i32();
      const fetchOffset = p.i64();
      if (v >= 5) p.i64();
      return { index, fetchOffset, maxBytes: p.i32() };
    }),
  }));
  if (v >= 7) r.array((t) => { t.string(); t.array((p) => p.i32()); });
  if (v >= 11) r.string();
  return { maxWaitMs, minBytes, maxBytes, isolationLevel, topics };
}

export interface FetchPartitionResult {
  index: number; errorCode: number; highWatermark: number; lastStableOffset: number; logStartOffset: number;
  /** read_committed only (null otherwise): transactions aborted in the returned range. */
  abortedTransactions: readonly { producerId: number; firstOffset: number }[] | null;
  records: Buffer[] | null;
}

export function encode(w: Writer, v: number, topics: { name: string; partitions: FetchPartitionResult[] }[]): Writer {
  w.i32(0);
  if (v >= 7) w.i16(0).i32(0);
  w.array(topics, (x, t) => {
    x.string(t.name);
    x.array(t.partitions, (y, p) => {
      y.i32(p.index).i16(p.errorCode).i64(p.highWatermark);
      if (v >= 4) y.i64(p.lastStableOffset);
      if (v >= 5) y.i64(p.logStartOffset);
      if (v >= 4) y.nullableArray(p.abortedTransactions, (z, a) => { z.i64(a.producerId).i64(a.firstOffset); });
      if (v >= 11) y.i32(-1);
      y.bytesParts(p.records);
    });
  });
  return w;
}
