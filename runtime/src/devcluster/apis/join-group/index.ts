import { ErrorCode } from '../../protocol/error-codes';
import type { ApiDef } from '../api';
import { decode, encode } from './v0-v5';

export const joinGroupApi: ApiDef = {
  key: 11, name: 'JoinGroup', minVersion: 0, maxVersion: 5, flexibleFrom: Infinity,
  async handle(ctx, r, w) {
    const v = ctx.header.apiVersion;
    const req = decode(r, v);
    if (req.groupId === '') {
      return encode(w, v, { errorCode: ErrorCode.INVALID_GROUP_ID, generationId: -1, protocolName: '', leader: '', memberId: req.memberId, members: [] });
    }
    const group = ctx.broker.group(req.groupId, true);
    if (group === undefined) throw new Error('group creation failed');
    const result = await group.join({ ...req, clientId: ctx.header.clientId ?? '', clientHost: ctx.clientHost }, v >= 4);
    return encode(w, v, result);
  },
};
