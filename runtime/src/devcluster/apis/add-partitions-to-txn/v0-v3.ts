// AddPartitionsToTxn v0-v3 (v3 flexible). v4+ batch several transactions (broker to broker).
import type { Reader } from '../../protocol/reader';
import type { Writer } from '../../protocol/writer';

export interface AddPartitionsToTxnRequest {
  transactionalId: string; producerId: number; producerEpoch: number;
  topics: { name: string; partitions: number[] }[];
}

export function decode(r: Reader): AddPartitionsToTxnRequest {
  const transactionalId = r.string();
  const producerId = r.i64();
  const producerEpoch = r.i16();
  const topics = r.array((t) => {
    const x = { name: t.string(), partitions: t.array((p) => p.i32()) };
    t.tags();
    return x;
  });
  r.tags();
  return { transactionalId, producerId, producerEpoch, topics };
}

export function encode(w: Writer, topics: { name: string; partitions: { index: number; errorCode: number }[] }[]): Writer {
  w.i32(0).array(topics, (x, t) => {
    x.string(t.name).array(t.partitions, (y, p) => { y.i32(p.index).i16(p.errorCode).tags(); });
    x.tags();
  });
  return w.tags();
}
