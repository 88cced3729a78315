// Kafka's __transaction_state record format (TransactionLog): key version 0 (transactional id),
// value version 0 (producer id and epoch, timeout, state, partitions, timestamps), so the dev
// cluster's transaction log reads like Kafka's. A null value deletes (an expired id).
import { Reader } from '../protocol/reader';
import { Writer } from '../protocol/writer';

export const TXN_STATES = ['Empty', 'Ongoing', 'PrepareCommit', 'PrepareAbort', 'CompleteCommit', 'CompleteAbort', 'Dead', 'PrepareEpochFence'] as const;
export type TxnState = typeof TXN_STATES[number];

export interface TxnLogValue {
  producerId: number; producerEpoch: number; timeoutMs: number; state: TxnState;
  partitions: { topic: string; partitions: number[] }[];
  lastUpdateMs: number; startMs: number;
}

const join = (w: Writer): Buffer => Buffer.concat(w.finish());

export function encodeTxnKey(transactionalId: string): Buffer {
  return join(new Writer().i16(0).string(transactionalId));
}

export function encodeTxnValue(v: TxnLogValue): Buffer {
  const w = new Writer().i16(0).i64(v.producerId).i16(v.producerEpoch).i32(v.timeoutMs).i8(TXN_STATES.indexOf(v.state));
  w.array(v.partitions, (x, t) => { x.string(t.topic).array(t.partitions, (y, p) => { y.i32(p); }); });
  return join(w.i64(v.lastUpdateMs).i64(v.startMs));
}

export function decodeTxnKey(buf: Buffer): string | undefined {
  const r = new Reader(buf);
  return r.i16() === 0 ? r.string() : undefined;
}

/** Value versions 0 and 1 (1 is flexible: compact strings and arrays, tagged fields ignored). */
export function decodeTxnValue(buf: Buffer): TxnLogValue {
  const version = new Reader(buf).i16();
  if (version !== 0 && version !== 1) throw new Error(`unknown transaction log value version ${version}`);
  const r = new Reader(buf, version >= 1, 2);
  const producerId = r.i64();
  const producerEpoch = r.i16();
  const timeoutMs = r.i32();
  const status = r.i8();
  const state = TXN_STATES[status];
  if (state === undefined) throw new Error(`unknown transaction state id ${status}`);
  const partitions = r.nullableArray((t) => {
    const x = { topic: t.string(), partitions: t.array((p) => p.i32()) };
    t.tags();
    return x;
  }) ?? [];
  return { producerId, producerEpoch, timeoutMs, state, partitions, lastUpdateMs: r.i64(), startMs: r.i64() };
}
