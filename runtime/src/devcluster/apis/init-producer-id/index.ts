import { ErrorCode } from '../../protocol/error-codes';
import type { ApiDef } from '../api';
import { decode, encode } from './v0-v4';

// Idempotent producers get a fresh id (or their epoch bumped); transactions are not supported.
export const initProducerIdApi: ApiDef = {
  key: 22, name: 'InitProducerId', minVersion: 0, maxVersion: 4, flexibleFrom: 2,
  handle(ctx, r, w) {
    const req = decode(r, ctx.header.apiVersion);
    if (req.transactionalId !== null) {
      ctx.broker.logger.warn('dev cluster: transactional producers are not supported', { transactionalId: req.transactionalId });
      return encode(w, { errorCode: ErrorCode.UNSUPPORTED_VERSION, producerId: -1, producerEpoch: -1 });
    }
    if (req.producerId >= 0 && req.producerEpoch >= 0 && req.producerEpoch < 32767) {
      return encode(w, { errorCode: 0, producerId: req.producerId, producerEpoch: req.producerEpoch + 1 });
    }
    ctx.broker.nextProducerId += 1;
    return encode(w, { errorCode: 0, producerId: ctx.broker.nextProducerId, producerEpoch: 0 });
  },
};
