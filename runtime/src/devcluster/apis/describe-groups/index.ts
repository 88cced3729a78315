import type { ApiDef } from '../api';
import { decode, encode, type DescribedGroup } from './v0-v4';

export const describeGroupsApi: ApiDef = {
  key: 15, name: 'DescribeGroups', minVersion: 0, maxVersion: 4, flexibleFrom: Infinity,
  handle(ctx, r, w) {
    const v = ctx.header.apiVersion;
    const req = decode(r, v);
    const groups = req.groups.map((id): DescribedGroup => {
      const g = ctx.broker.group(id, false);
      if (g === undefined) return { errorCode: 0, groupId: id, state: 'Dead', protocolType: '', protocolData: '', members: [] };
      return {
        errorCode: 0, groupId: id, state: g.state, protocolType: g.protocolType, protocolData: g.protocolName,
        members: [...g.members.values()].map((m) => ({
          memberId: m.memberId, groupInstanceId: m.groupInstanceId, clientId: m.clientId, clientHost: m.clientHost,
          metadata: m.protocols.find((p) => p.name === g.protocolName)?.metadata ?? Buffer.alloc(0), assignment: m.assignment,
        })),
      };
    });
    return encode(w, v, groups);
  },
};
