// SyncGroup v0-v3.
import type { Reader } from '../../protocol/reader';
import type { Writer } from '../../protocol/writer';

export interface SyncGroupRequest {
  groupId: string; generationId: number; memberId: string;
  assignments: { memberId: string; assignment: Buffer }[];
}

export function decode(r: Reader, v: number): SyncGroupRequest {
  const groupId = r.string();
  const generationId = r.i32();
  const memberId = r.string();
  if (v >= 3) r.nullableString();
  const assignments = r.array((a) => ({ memberId: a.string(), assignment: Buffer.from(a.bytes()) }));
  return { groupId, generationId, memberId, assignments };
}

export function encode(w: Writer, v: number, res: { errorCode: number; assignment: Buffer }): Writer {
  if (v >= 1) w.i32(0);
  return w.i16(res.errorCode).nullableBytes(res.assignment);
}
