// OffsetFetch v1-v7 (v6+ flexible; v7 adds require_stable).
import type { Reader } from '../../protocol/reader';
import type { Writer } from '../../protocol/writer';

export interface OffsetFetchRequest { groupId: string; topics: { name: string; partitions: number[] }[] | null; requireStable: boolean }

export function decode(r: Reader, v: number): OffsetFetchRequest {
  const groupId = r.string();
  const topics = r.nullableArray((t) => {
    const x = { name: t.string(), partitions: t.array((p) => p.i32()) };
    t.tags();
    return x;
  });
  const requireStable = v >= 7 ? r.bool() : false;
  r.tags();
  return { groupId, topics, requireStable };
}

export interface OffsetFetchPartition { index: number; offset: number; leaderEpoch: number; metadata: string | null; errorCode: number }

export function encode(w: Writer, v: number, errorCode: number, topics: { name: string; partitions: OffsetFetchPartition[] }[]): Writer {
  if (v >= 3) w.i32(0);
  w.array(topics, (x, t) => {
    x.string(t.name).array(t.partitions, (y, p) => {
      y.i32(p.index).i64(p.offset);
      if (v >= 5) y.i32(p.leaderEpoch);
      y.nullableString(p.metadata).i16(p.errorCode).tags();
    });
    x.tags();
  });
  if (v >= 2) w.i16(errorCode);
  return w.tags();
}
