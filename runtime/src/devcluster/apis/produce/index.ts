import { ErrorCode } from '../../protocol/error-codes';
import { BatchError, parseBatches } from '../../records/record-batch';
import { StorageError } from '../../storage/file-ops';
import { TRANSACTIONAL_FLAG } from '../../txn/control-batch';
import type { ApiDef, RequestContext } from '../api';
import { decode, encode, type PartitionResult, type ProduceRequest } from './v3-v7';

export const produceApi: ApiDef = {
  key: 0, name: 'Produce', minVersion: 0, maxVersion: 7, flexibleFrom: Infinity,
  async handle(ctx, r, w) {
    const req = decode(r, ctx.header.apiVersion);
    const results = await append(ctx, req);
    if (req.acks === 0) return null;
    return encode(w, ctx.header.apiVersion, results);
  },
};

// Partitions of one request are written at the same time; each is answered only once its write
// is durable as the flush policy says (under 'every': fsynced).
function append(ctx: RequestContext, req: ProduceRequest): Promise<{ name: string; partitions: PartitionResult[] }[]> {
  const { broker } = ctx;
  const acksOk = req.acks === 0 || req.acks === 1 || req.acks === -1;
  return Promise.all(req.topics.map(async (t) => {
    const topic = await broker.topicFor(t.name, true);
    return {
      name: t.name,
      partitions: await Promise.all(t.partitions.map(async (p): Promise<PartitionResult> => {
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
          // verification), checked at the append's turn: a fenced or aborted producer cannot leave
          // a hanging transaction, nor write after its transaction's marker.
          const verify = txn === undefined ? undefined : () => broker.txns.verifyProduce(txn.producerId, txn.producerEpoch, t.name, p.index);
          const result = await log.append(batches, undefined, { verify });
          await broker.durable(log, result);
          return { index: p.index, errorCode: 0, baseOffset: result.baseOffset, logStartOffset: log.logStartOffset };
        } catch (error) {
          if (error instanceof StorageError) {
            broker.logger.error(`dev cluster: produce to ${t.name}/${p.index} not acknowledged: ${error.message}`);
            return fail(ErrorCode.KAFKA_STORAGE_ERROR);
          }
          if (!(error instanceof BatchError)) throw error;
          broker.logger.warn(`dev cluster: rejected produce to ${t.name}/${p.index}: ${error.message}`, { client: ctx.header.clientId });
          return fail(error.code);
        }
      })),
    };
  }));
}
