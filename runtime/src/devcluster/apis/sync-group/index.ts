import { ErrorCode } from '../../protocol/error-codes';
import type { ApiDef } from '../api';
import { decode, encode } from './v0-v3';

export const syncGroupApi: ApiDef = {
  key: 14, name: 'SyncGroup', minVersion: 0, maxVersion: 3, flexibleFrom: Infinity,
  async handle(ctx, r, w) {
    const v = ctx.header.apiVersion;
    const req = decode(r, v);
    const group = ctx.broker.group(req.groupId, false);
    if (group === undefined) return encode(w, v, { errorCode: ErrorCode.UNKNOWN_MEMBER_ID, assignment: Buffer.alloc(0) });
    return encode(w, v, await group.sync(req.memberId, req.generationId, req.assignments));
  },
};
