// DeleteTopics v0-v3.
import type { Reader } from '../../protocol/reader';
import type { Writer } from '../../protocol/writer';

export function decode(r: Reader): { names: string[]; timeoutMs: number } {
  return { names: r.array((t) => t.string()), timeoutMs: r.i32() };
}

export function encode(w: Writer, v: number, results: { name: string; errorCode: number }[]): Writer {
  if (v >= 1) w.i32(0);
  return w.array(results, (x, t) => { x.string(t.name).i16(t.errorCode); });
}
