// Produce v3-v7 (record batches v2 only, so v0-v2 are not offered).
import type { Reader } from '../../protocol/reader';
import type { Writer } from '../../protocol/writer';

export interface ProduceRequest {
  transactionalId: string | null; acks: number; timeoutMs: number;
  topics: { name: string; partitions: { index: number; records: Buffer | null }[] }[];
}

export function decode(r: Reader): ProduceRequest {
  return {
    transactionalId: r.nullableString(),
    acks: r.i16(),
    timeoutMs: r.i32(),
    topics: r.array((t) => ({ name: t.string(), partitions: t.array((p) => ({ index: p.i32(), records: p.nullableBytes() })) })),
  };
}

export interface PartitionResult { index: number; errorCode: number; baseOffset: number; logStartOffset: number }

export function encode(w: Writer, v: number, topics: { name: string; partitions: PartitionResult[] }[]): Writer {
  w.array(topics, (x, t) => {
    x.string(t.name);
    x.array(t.partitions, (y, p) => {
      y.i32(p.index).i16(p.errorCode).i64(p.baseOffset).i64(-1);
      if (v >= 5) y.i64(p.logStartOffset);
    });
  });
  return w.i32(0);
}
