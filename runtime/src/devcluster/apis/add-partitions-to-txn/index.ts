import { ErrorCode } from '../../protocol/error-codes';
import type { ApiDef } from '../api';
import { decode, encode } from './v0-v3';

// Unknown partitions fail the whole request: they get UNKNOWN_TOPIC_OR_PARTITION, the others
// OPERATION_NOT_ATTEMPTED (as Kafka answers).
export const addPartitionsToTxnApi: ApiDef = {
  key: 24, name: 'AddPartitionsToTxn', minVersion: 0, maxVersion: 3, flexibleFrom: 3,
  async handle(ctx, r, w) {
    const v = ctx.header.apiVersion;
    const req = decode(r);
    const { broker } = ctx;
    const known = (name: string, p: number) => {
      const topic = broker.topics.get(name);
      return topic !== undefined && !topic.internal && topic.partitions[p] !== undefined;
    };
    const anyUnknown = req.topics.some((t) => t.partitions.some((p) => !known(t.name, p)));
    let code = 0;
    if (!anyUnknown) {
      code = await broker.txns.addPartitions(req.transactionalId, req.producerId, req.producerEpoch, req.topics.flatMap((t) => t.partitions.map((partition) => ({ topic: t.name, partition }))));
      if (code === ErrorCode.PRODUCER_FENCED && v < 2) code = ErrorCode.INVALID_PRODUCER_EPOCH;
    }
    return encode(w, req.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((index) => ({
        index,
        errorCode: anyUnknown ? (known(t.name, index) ? ErrorCode.OPERATION_NOT_ATTEMPTED : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) : code,
      })),
    })));
  },
};
