// ListTransactions v0-v1 (flexible; v1 adds the duration filter).
import type { Reader } from '../../protocol/reader';
import type { Writer } from '../../protocol/writer';

export interface ListTransactionsRequest { stateFilters: string[]; producerIdFilters: number[]; durationFilterMs: number }

export function decode(r: Reader, v: number): ListTransactionsRequest {
  const stateFilters = r.array((x) => x.string());
  const producerIdFilters = r.array((x) => x.i64());
  const durationFilterMs = v >= 1 ? r.i64() : -1;
  r.tags();
  return { stateFilters, producerIdFilters, durationFilterMs };
}

export function encode(w: Writer, unknownStates: readonly string[], states: readonly { transactionalId: string; producerId: number; state: string }[]): Writer {
  w.i32(0).i16(0).array(unknownStates, (x, s) => { x.string(s); });
  w.array(states, (x, s) => { x.string(s.transactionalId).i64(s.producerId).string(s.state).tags(); });
  return w.tags();
}
