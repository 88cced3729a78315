import { ErrorCode } from '../../protocol/error-codes';
import { StorageError } from '../../storage/file-ops';
import type { ApiDef } from '../api';
import { decode, encode } from './v0-v4';

// Idempotent producers get a fresh id (or, with v3+ and their current id, the epoch bumped);
// transactional ones go through the coordinator (epoch bump, fencing, aborting an open transaction).
export const initProducerIdApi: ApiDef = {
  key: 22, name: 'InitProducerId', minVersion: 0, maxVersion: 4, flexibleFrom: 2,
  async handle(ctx, r, w) {
    const v = ctx.header.apiVersion;
    const req = decode(r, v);
    const { broker } = ctx;
    if (req.transactionalId !== null) {
      const expected = req.producerId >= 0 ? { producerId: req.producerId, producerEpoch: req.producerEpoch } : undefined;
      const res = await broker.txns.initProducerId(req.transactionalId, req.timeoutMs, expected);
      // Clients before v4 do not know PRODUCER_FENCED (as Kafka maps it).
      if (res.errorCode === ErrorCode.PRODUCER_FENCED && v < 4) res.errorCode = ErrorCode.INVALID_PRODUCER_EPOCH;
      return encode(w, res);
    }
    if (req.producerId >= 0 && req.producerEpoch >= 0 && req.producerEpoch < 32767) {
      return encode(w, { errorCode: 0, producerId: req.producerId, producerEpoch: req.producerEpoch + 1 });
    }
    try {
      return encode(w, { errorCode: 0, producerId: await broker.producerIds.allocate(), producerEpoch: 0 });
    } catch (error) {
      if (!(error instanceof StorageError)) throw error;
      broker.logger.error(`dev cluster: could not hand out a producer id: ${error.message}`);
      return encode(w, { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, producerId: -1, producerEpoch: -1 });
    }
  },
};
