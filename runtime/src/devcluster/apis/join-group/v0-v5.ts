// JoinGroup v0-v5.
import type { JoinRequest, JoinResult } from '../../broker/group';
import type { Reader } from '../../protocol/reader';
import type { Writer } from '../../protocol/writer';

export function decode(r: Reader, v: number): { groupId: string } & Omit<JoinRequest, 'clientId' | 'clientHost'> {
  const groupId = r.string();
  const sessionTimeoutMs = r.i32();
  const rebalanceTimeoutMs = v >= 1 ? r.i32() : sessionTimeoutMs;
  const memberId = r.string();
  const groupInstanceId = v >= 5 ? r.nullableString() : null;
  const protocolType = r.string();
  const protocols = r.array((p) => ({ name: p.string(), metadata: Buffer.from(p.bytes()) }));
  return { groupId, sessionTimeoutMs, rebalanceTimeoutMs, memberId, groupInstanceId, protocolType, protocols };
}

export function encode(w: Writer, v: number, res: JoinResult): Writer {
  if (v >= 2) w.i32(0);
  w.i16(res.errorCode).i32(res.generationId).string(res.protocolName).string(res.leader).string(res.memberId);
  return w.array(res.members, (x, m) => {
    x.string(m.memberId);
    if (v >= 5) x.nullableString(m.groupInstanceId);
    x.nullableBytes(m.metadata);
  });
}
