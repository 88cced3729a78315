import type { ApiDef } from '../api';
import { encode } from './v0-v2';

export const listGroupsApi: ApiDef = {
  key: 16, name: 'ListGroups', minVersion: 0, maxVersion: 2, flexibleFrom: Infinity,
  handle(ctx, _r, w) {
    const { broker } = ctx;
    const ids = new Set([...broker.groups.keys(), ...broker.offsets.groupIds()]);
    const groups = [...ids].map((groupId) => ({ groupId, protocolType: broker.groups.get(groupId)?.protocolType || 'consumer' }));
    return encode(w, ctx.header.apiVersion, groups);
  },
};
