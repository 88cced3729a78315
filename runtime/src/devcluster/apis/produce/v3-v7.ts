// Produce v0-v7, record batches v2 only (older message sets get CORRUPT_MESSAGE naming their magic).
// v0-v2 are listed because librdkafka compresses gzip/snappy/lz4 only for brokers that list
// Produce v0 (and needs v2 for its MsgVer1 feature); clients with v2 batches use v3+ anyway.
import type { Reader } from '../../protocol/reader';
import type { Writer } from '../../protocol/writer';

export interface ProduceRequest {
  transactionalId: string | null; acks: number; timeoutMs: number;
  topics: { name: string; partitions: { index: number; records: Buffer | null }[] }[];
}

export function decode(r: Reader, v: number): ProduceRequest {
  return {
    transactionalId: v >= 3 ? r.nullableString() : null,
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
      y.i32(p.index).i16(p.errorCode).i64(p.baseOffset);
      if (v >= 2) y.i64(-1);
      if (v >= 5) y.i64(p.logStartOffset);
    });
  });
  return v >= 1 ? w.i32(0) : w;
}
