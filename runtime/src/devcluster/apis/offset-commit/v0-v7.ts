// OffsetCommit v0-v7.
import type { Reader } from '../../protocol/reader';
import type { Writer } from '../../protocol/writer';

export interface OffsetCommitRequest {
  groupId: string; generationId: number; memberId: string;
  topics: { name: string; partitions: { index: number; offset: number; leaderEpoch: number; metadata: string | null }[] }[];
}

export function decode(r: Reader, v: number): OffsetCommitRequest {
  const groupId = r.string();
  const generationId = v >= 1 ? r.i32() : -1;
  const memberId = v >= 1 ? r.string() : '';
  if (v >= 2 && v <= 4) r.i64();
  if (v >= 7) r.nullableString();
  const topics = r.array((t) => ({
    name: t.string(),
    partitions: t.array((p) => {
      const index = p.i32();
      const offset = p.i64();
      const leaderEpoch = v >= 6 ? p.i32() : -1;
      if (v === 1) p.i64();
      return { index, offset, leaderEpoch, metadata: p.nullableString() };
    }),
  }));
  return { groupId, generationId, memberId, topics };
}

export function encode(w: Writer, v: number, topics: { name: string; partitions: { index: number; errorCode: number }[] }[]): Writer {
  if (v >= 3) w.i32(0);
  return w.array(topics, (x, t) => {
    x.string(t.name).array(t.partitions, (y, p) => { y.i32(p.index).i16(p.errorCode); });
  });
}
