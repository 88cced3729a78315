import { ErrorCode } from '../../protocol/error-codes';
import type { ApiDef } from '../api';
import { decode, encode } from './v0-v3';

// Commit or abort: the markers are written into every partition of the transaction before the answer.
export const endTxnApi: ApiDef = {
  key: 26, name: 'EndTxn', minVersion: 0, maxVersion: 3, flexibleFrom: 3,
  async handle(ctx, r, w) {
    const req = decode(r);
    let code = await ctx.broker.txns.endTxn(req.transactionalId, req.producerId, req.producerEpoch, req.committed);
    if (code === ErrorCode.PRODUCER_FENCED && ctx.header.apiVersion < 2) code = ErrorCode.INVALID_PRODUCER_EPOCH;
    return encode(w, code);
  },
};
