import { ErrorCode } from '../../protocol/error-codes';
import type { ApiDef } from '../api';
import { decode, encode } from './v0-v3';

export const heartbeatApi: ApiDef = {
  key: 12, name: 'Heartbeat', minVersion: 0, maxVersion: 3, flexibleFrom: Infinity,
  handle(ctx, r, w) {
    const v = ctx.header.apiVersion;
    const req = decode(r, v);
    const group = ctx.broker.group(req.groupId, false);
    return encode(w, v, group === undefined ? ErrorCode.UNKNOWN_MEMBER_ID : group.heartbeat(req.memberId, req.generationId));
  },
};
