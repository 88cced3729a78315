import { ErrorCode } from '../../protocol/error-codes';
import { BatchError, parseBatches } from '../../records/record-batch';
import { StorageError } from '../../storage/file-ops';
import { TRANSACTIONAL_FLAG } from '../../txn/control-batch';
import type { ApiDef, RequestContext } from '../api';
import { decode, encode, type PartitionResult, type ProduceRequest } from './v3-v7';

export const produceApi: ApiDef = {
  key: 0, name: 'Produce', minVersion: 0, maxVersion: 7, flexibleFrom: Infinity,
  handle(ctx, r, w) {
    const req = decode(r, ctx.header.apiVersion);
    const results = append(ctx, req);
    if (req.acks === 0) return null;
    return encode(w, ctx.header.apiVersion, results);
  },
};

function append(ctx: RequestContext, req: ProduceRequest): { name: string; partitions: PartitionResult[] }[] {
  const { broker } = ctx;
  const acksOk = req.acks === 0 || req.acks === 1 || req.acks === -1;
  return req.topics.map((t) => {
    const topic = broker.topicFor(t.name, true);
    return {
      name: t.name,
      partitions: t.partitions.map((p): PartitionResult => {
        const fail = (errorCode: number): PartitionResult => ({ index: p.index, errorCode, baseOffset: -1, logStartOffset: -1 });
        if (!acksOk) return fail(ErrorCode.INVALID_REQUIRED_ACKS);
        if (typeof topic === 'number') return fail(topic);
        if (topic.internal) return fail(ErrorCode.INVALID_TOPIC_EXCEPTION);
        const log = topic.partitions[p.index];
        if (log === undefined) return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        if (p.records === null) return fail(ErrorCode.CORRUPT_MESSAGE);
        try {
          const batches = parseBatches(p.records);
          const txn = batches.find((b) => (b.attributes & TRANSACTIONAL_FLAG) !== 0);
          // Transactional data only for a partition of the producer's open transaction (as Kafka's
          // verification does): a fenced or aborted producer cannot leave a hanging transaction.
          const refused = txn === undefined ? 0 : broker.txns.verifyProduce(txn.producerId, txn.producerEpoch, t.name, p.index);
          if (refused !== 0) {
            broker.logger.warn(`dev cluster: refused transactional produce to ${t.name}/${p.index} (error ${refused})`, { producerId: txn?.producerId, epoch: txn?.producerEpoch, transactionalId: req.transactionalId });
            return fail(refused);
          }
          const baseOffset = log.append(batches);
          broker.afterAppend();
          return { index: p.index, errorCode: 0, baseOffset, logStartOffset: log.logStartOffset };
        } catch (error) {
          if (error instanceof StorageError) {
            broker.logger.error(`dev cluster: produce to ${t.name}/${p.index} not acknowledged: ${error.message}`);
            return fail(ErrorCode.KAFKA_STORAGE_ERROR);
          }
          if (!(error instanceof BatchError)) throw error;
          broker.logger.warn(`dev cluster: rejected produce to ${t.name}/${p.index}: ${error.message}`, { client: ctx.header.clientId });
          return fail(error.code);
        }
      }),
    };
  });
}
