// ListGroups v0-v2.
import type { Writer } from '../../protocol/writer';

export function encode(w: Writer, v: number, groups: { groupId: string; protocolType: string }[]): Writer {
  if (v >= 1) w.i32(0);
  return w.i16(0).array(groups, (x, g) => { x.string(g.groupId).string(g.protocolType); });
}
