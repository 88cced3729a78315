import { ErrorCode } from '../../protocol/error-codes';
import { BatchError } from '../../records/record-batch';
import { StorageError } from '../../storage/file-ops';
import type { ApiDef } from '../api';
import { decode, encode } from './v0-v3';

// offset.metadata.max.bytes
const MAX_METADATA = 4096;

// Offsets written inside the transaction: visible to OffsetFetch only once it commits.
export const txnOffsetCommitApi: ApiDef = {
  key: 28, name: 'TxnOffsetCommit', minVersion: 0, maxVersion: 3, flexibleFrom: 3,
  async handle(ctx, r, w) {
    const req = decode(r, ctx.header.apiVersion);
    const { broker } = ctx;
    let code: number = req.groupId === '' ? ErrorCode.INVALID_GROUP_ID : broker.txns.verifyOffsetCommit(req.transactionalId, req.producerId, req.producerEpoch, req.groupId);
    // v3 clients name their member and generation (KIP-447): a zombie whose generation is over is refused.
    if (code === 0) code = broker.group(req.groupId, true)?.txnCommitCheck(req.memberId, req.groupInstanceId, req.generationId) ?? ErrorCode.INVALID_GROUP_ID;
    const accepted: { topic: string; partition: number; value: { offset: number; metadata: string | null; leaderEpoch: number } }[] = [];
    const topics = req.topics.map((t) => {
      const topic = broker.topics.get(t.name);
      return {
        name: t.name,
        partitions: t.partitions.map((p) => {
          if (code !== 0) return { index: p.index, errorCode: code };
          if (topic?.partitions[p.index] === undefined) return { index: p.index, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
          if ((p.metadata?.length ?? 0) > MAX_METADATA) return { index: p.index, errorCode: ErrorCode.OFFSET_METADATA_TOO_LARGE };
          accepted.push({ topic: t.name, partition: p.index, value: { offset: p.offset, metadata: p.metadata, leaderEpoch: p.leaderEpoch } });
          return { index: p.index, errorCode: 0 };
        }),
      };
    });
    if (accepted.length > 0) {
      let failed = 0;
      try {
        await broker.offsets.commitTransactional(req.groupId, req.producerId, req.producerEpoch, accepted);
      } catch (error) {
        if (error instanceof BatchError) failed = error.code;
        else if (error instanceof StorageError) failed = ErrorCode.KAFKA_STORAGE_ERROR;
        else throw error;
        broker.logger.warn(`dev cluster: transactional offset commit of group '${req.groupId}' refused: ${error.message}`);
      }
      if (failed !== 0) for (const t of topics) for (const p of t.partitions) if (p.errorCode === 0) p.errorCode = failed;
    }
    return encode(w, topics);
  },
};
