import { NODE_ID } from '../../broker/broker';
import type { ApiDef } from '../api';
import { decode, encode } from './v0-v2';

// This broker coordinates every group and transactional id.
export const findCoordinatorApi: ApiDef = {
  key: 10, name: 'FindCoordinator', minVersion: 0, maxVersion: 2, flexibleFrom: Infinity,
  handle(ctx, r, w) {
    decode(r, ctx.header.apiVersion);
    const { host, port } = ctx.broker.config;
    return encode(w, ctx.header.apiVersion, { errorCode: 0, nodeId: NODE_ID, host, port });
  },
};
