// LeaveGroup v0-v3 (v3 leaves a batch of members).
import type { Reader } from '../../protocol/reader';
import type { Writer } from '../../protocol/writer';

export interface LeaveMember { memberId: string; groupInstanceId: string | null }

export function decode(r: Reader, v: number): { groupId: string; members: LeaveMember[] } {
  const groupId = r.string();
  if (v < 3) return { groupId, members: [{ memberId: r.string(), groupInstanceId: null }] };
  return { groupId, members: r.array((m) => ({ memberId: m.string(), groupInstanceId: m.nullableString() })) };
}

export function encode(w: Writer, v: number, errorCode: number, members: (LeaveMember & { errorCode: number })[]): Writer {
  if (v >= 1) w.i32(0);
  w.i16(errorCode);
  if (v >= 3) w.array(members, (x, m) => { x.string(m.memberId).nullableString(m.groupInstanceId).i16(m.errorCode); });
  return w;
}
