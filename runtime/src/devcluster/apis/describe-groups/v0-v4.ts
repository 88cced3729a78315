// DescribeGroups v0-v4.
import type { Reader } from '../../protocol/reader';
import type { Writer } from '../../protocol/writer';

export function decode(r: Reader, v: number): { groups: string[] } {
  const groups = r.array((g) => g.string());
  if (v >= 3) r.bool();
  return { groups };
}

export interface DescribedGroup {
  errorCode: number; groupId: string; state: string; protocolType: string; protocolData: string;
  members: { memberId: string; groupInstanceId: string | null; clientId: string; clientHost: string; metadata: Buffer; assignment: Buffer }[];
}

export function encode(w: Writer, v: number, groups: DescribedGroup[]): Writer {
  if (v >= 1) w.i32(0);
  return w.array(groups, (x, g) => {
    x.i16(g.errorCode).string(g.groupId).string(g.state).string(g.protocolType).string(g.protocolData);
    x.array(g.members, (y, m) => {
      y.string(m.memberId);
      if (v >= 4) y.nullableString(m.groupInstanceId);
      y.string(m.clientId).string(m.clientHost).nullableBytes(m.metadata).nullableBytes(m.assignment);
    });
    if (v >= 3) x.i32(-2147483648);
  });
}
