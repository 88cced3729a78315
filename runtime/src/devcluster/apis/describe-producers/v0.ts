// DescribeProducers v0 (flexible): the producer state of partitions (kafka-transactions.sh
// describe-producers, and finding hanging transactions).
import type { Reader } from '../../protocol/reader';
import type { Writer } from '../../protocol/writer';

export function decode(r: Reader): { name: string; partitions: number[] }[] {
  const topics = r.array((t) => {
    const x = { name: t.string(), partitions: t.array((p) => p.i32()) };
    t.tags();
    return x;
  });
  r.tags();
  return topics;
}

export interface ActiveProducer { producerId: number; epoch: number; lastSequence: number; lastTimestamp: number; txnStartOffset: number }
export interface PartitionProducers { index: number; errorCode: number; errorMessage: string | null; producers: ActiveProducer[] }

export function encode(w: Writer, topics: readonly { name: string; partitions: PartitionProducers[] }[]): Writer {
  w.i32(0).array(topics, (x, t) => {
    x.string(t.name).array(t.partitions, (y, p) => {
      y.i32(p.index).i16(p.errorCode).nullableString(p.errorMessage);
      y.array(p.producers, (z, a) => { z.i64(a.producerId).i32(a.epoch).i32(a.lastSequence).i64(a.lastTimestamp).i32(0).i64(a.txnStartOffset).tags(); });
      y.tags();
    });
    x.tags();
  });
  return w.tags();
}
