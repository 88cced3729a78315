import { ErrorCode } from '../../protocol/error-codes';
import type { ApiDef } from '../api';
import { decode, encode } from './v0-v3';

export const leaveGroupApi: ApiDef = {
  key: 13, name: 'LeaveGroup', minVersion: 0, maxVersion: 3, flexibleFrom: Infinity,
  handle(ctx, r, w) {
    const v = ctx.header.apiVersion;
    const req = decode(r, v);
    const group = ctx.broker.group(req.groupId, false);
    const members = req.members.map((m) => ({ ...m, errorCode: group === undefined ? ErrorCode.UNKNOWN_MEMBER_ID : group.leave(m.memberId) }));
    const errorCode = v < 3 ? (members[0]?.errorCode ?? 0) : 0;
    return encode(w, v, errorCode, members);
  },
};
