// DescribeTransactions v0 (flexible).
import type { Reader } from '../../protocol/reader';
import type { Writer } from '../../protocol/writer';

export function decode(r: Reader): string[] {
  const ids = r.array((x) => x.string());
  r.tags();
  return ids;
}

export interface TransactionDescription {
  errorCode: number; transactionalId: string; state: string; timeoutMs: number; startTimeMs: number;
  producerId: number; producerEpoch: number; topics: { topic: string; partitions: number[] }[];
}

export function encode(w: Writer, states: readonly TransactionDescription[]): Writer {
  w.i32(0).array(states, (x, s) => {
    x.i16(s.errorCode).string(s.transactionalId).string(s.state).i32(s.timeoutMs).i64(s.startTimeMs).i64(s.producerId).i16(s.producerEpoch);
    x.array(s.topics, (y, t) => { y.string(t.topic).array(t.partitions, (z, p) => { z.i32(p); }).tags(); });
    x.tags();
  });
  return w.tags();
}
