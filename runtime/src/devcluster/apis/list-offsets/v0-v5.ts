// ListOffsets v0-v5 (v2+ name an isolation level: read_committed sees up to the last stable offset).
import type { Reader } from '../../protocol/reader';
import type { Writer } from '../../protocol/writer';

export interface ListOffsetsRequest { isolationLevel: number; topics: { name: string; partitions: { index: number; timestamp: number }[] }[] }

export function decode(r: Reader, v: number): ListOffsetsRequest {
  r.i32(); // replica id
  const isolationLevel = v >= 2 ? r.i8() : 0;
  return {
    isolationLevel,
    topics: r.array((t) => ({
      name: t.string(),
      partitions: t.array((p) => {
        const index = p.i32();
        if (v >= 4) p.i32();
        const timestamp = p.i64();
        if (v === 0) p.i32();
        return { index, timestamp };
      }),
    })),
  };
}

export interface ListOffsetsResult { index: number; errorCode: number; timestamp: number; offset: number }

export function encode(w: Writer, v: number, topics: { name: string; partitions: ListOffsetsResult[] }[]): Writer {
  if (v >= 2) w.i32(0);
  return w.array(topics, (x, t) => {
    x.string(t.name);
    x.array(t.partitions, (y, p) => {
      y.i32(p.index).i16(p.errorCode);
      if (v === 0) y.array(p.offset >= 0 ? [p.offset] : [], (z, o) => { z.i64(o); });
      else y.i64(p.timestamp).i64(p.offset);
      if (v >= 4) y.i32(0);
    });
  });
}
