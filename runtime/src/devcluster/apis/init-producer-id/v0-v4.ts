// InitProducerId v0-v4 (v2+ flexible; v3+ carries the current producer id and epoch).
import type { Reader } from '../../protocol/reader';
import type { Writer } from '../../protocol/writer';

export interface InitProducerIdRequest { transactionalId: string | null; timeoutMs: number; producerId: number; producerEpoch: number }

export function decode(r: Reader, v: number): InitProducerIdRequest {
  const transactionalId = r.nullableString();
  const timeoutMs = r.i32();
  const producerId = v >= 3 ? r.i64() : -1;
  const producerEpoch = v >= 3 ? r.i16() : -1;
  r.tags();
  return { transactionalId, timeoutMs, producerId, producerEpoch };
}

export function encode(w: Writer, res: { errorCode: number; producerId: number; producerEpoch: number }): Writer {
  return w.i32(0).i16(res.errorCode).i64(res.producerId).i16(res.producerEpoch).tags();
}
