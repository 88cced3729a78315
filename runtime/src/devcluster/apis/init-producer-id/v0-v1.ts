// InitProducerId v0-v1.
import type { Reader } from '../../protocol/reader';
import type { Writer } from '../../protocol/writer';

export function decode(r: Reader): { transactionalId: string | null; timeoutMs: number } {
  return { transactionalId: r.nullableString(), timeoutMs: r.i32() };
}

export function encode(w: Writer, res: { errorCode: number; producerId: number; producerEpoch: number }): Writer {
  return w.i32(0).i16(res.errorCode).i64(res.producerId).i16(res.producerEpoch);
}
