// TxnOffsetCommit v0-v3 (v2 adds the leader epoch; v3 is flexible and carries the member's generation).
import type { Reader } from '../../protocol/reader';
import type { Writer } from '../../protocol/writer';

export interface TxnOffsetCommitRequest {
  transactionalId: string; groupId: string; producerId: number; producerEpoch: number;
  generationId: number; memberId: string; groupInstanceId: string | null;
  topics: { name: string; partitions: { index: number; offset: number; leaderEpoch: number; metadata: string | null }[] }[];
}

export function decode(r: Reader, v: number): TxnOffsetCommitRequest {
  const transactionalId = r.string();
  const groupId = r.string();
  const producerId = r.i64();
  const producerEpoch = r.i16();
  const generationId = v >= 3 ? r.i32() : -1;
  const memberId = v >= 3 ? r.string() : '';
  const groupInstanceId = v >= 3 ? r.nullableString() : null;
  const topics = r.array((t) => {
    const name = t.string();
    const partitions = t.array((p) => {
      const x = { index: p.i32(), offset: p.i64(), leaderEpoch: v >= 2 ? p.i32() : -1, metadata: p.nullableString() };
      p.tags();
      return x;
    });
    t.tags();
    return { name, partitions };
  });
  r.tags();
  return { transactionalId, groupId, producerId, producerEpoch, generationId, memberId, groupInstanceId, topics };
}

export function encode(w: Writer, topics: { name: string; partitions: { index: number; errorCode: number }[] }[]): Writer {
  w.i32(0).array(topics, (x, t) => {
    x.string(t.name).array(t.partitions, (y, p) => { y.i32(p.index).i16(p.errorCode).tags(); });
    x.tags();
  });
  return w.tags();
}
