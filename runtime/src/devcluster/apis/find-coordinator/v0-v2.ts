// FindCoordinator v0-v2.
import type { Reader } from '../../protocol/reader';
import type { Writer } from '../../protocol/writer';

export function decode(r: Reader, v: number): { key: string; keyType: number } {
  const key = r.string();
  return { key, keyType: v >= 1 ? r.i8() : 0 };
}

export function encode(w: Writer, v: number, res: { errorCode: number; nodeId: number; host: string; port: number }): Writer {
  if (v >= 1) w.i32(0);
  w.i16(res.errorCode);
  if (v >= 1) w.nullableString(null);
  return w.i32(res.nodeId).string(res.host).i32(res.port);
}
