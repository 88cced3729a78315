// AddOffsetsToTxn v0-v3 (v3 flexible).
import type { Reader } from '../../protocol/reader';
import type { Writer } from '../../protocol/writer';

export interface AddOffsetsToTxnRequest { transactionalId: string; producerId: number; producerEpoch: number; groupId: string }

export function decode(r: Reader): AddOffsetsToTxnRequest {
  const req = { transactionalId: r.string(), producerId: r.i64(), producerEpoch: r.i16(), groupId: r.string() };
  r.tags();
  return req;
}

export function encode(w: Writer, errorCode: number): Writer {
  return w.i32(0).i16(errorCode).tags();
}
