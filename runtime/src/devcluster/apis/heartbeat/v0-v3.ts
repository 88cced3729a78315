// Heartbeat v0-v3.
import type { Reader } from '../../protocol/reader';
import type { Writer } from '../../protocol/writer';

export function decode(r: Reader, v: number): { groupId: string; generationId: number; memberId: string } {
  const groupId = r.string();
  const generationId = r.i32();
  const memberId = r.string();
  if (v >= 3) r.nullableString();
  return { groupId, generationId, memberId };
}

export function encode(w: Writer, v: number, errorCode: number): Writer {
  if (v >= 1) w.i32(0);
  return w.i16(errorCode);
}
