import { ErrorCode } from '../../protocol/error-codes';
import { StorageError } from '../../storage/file-ops';
import type { ApiDef } from '../api';
import { decode, encode } from './v0-v7';

// offset.metadata.max.bytes
const MAX_METADATA = 4096;

export const offsetCommitApi: ApiDef = {
  key: 8, name: 'OffsetCommit', minVersion: 0, maxVersion: 7, flexibleFrom: Infinity,
  async handle(ctx, r, w) {
    const v = ctx.header.apiVersion;
    const req = decode(r, v);
    const { broker } = ctx;
    const group = req.groupId === '' ? undefined : broker.group(req.groupId, true);
    const groupError = group === undefined ? ErrorCode.INVALID_GROUP_ID : group.commitCheck(req.memberId, req.generationId);
    // Validate every partition first, then write the valid ones as one batch (all or none).
    const accepted: { topic: string; partition: number; value: { offset: number; metadata: string | null; leaderEpoch: number } }[] = [];
    const topics = req.topics.map((t) => {
      const topic = broker.topics.get(t.name);
      return {
        name: t.name,
        partitions: t.partitions.map((p) => {
          if (groupError !== 0) return { index: p.index, errorCode: groupError };
          if (topic?.partitions[p.index] === undefined) return { index: p.index, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
          if ((p.metadata?.length ?? 0) > MAX_METADATA) return { index: p.index, errorCode: ErrorCode.OFFSET_METADATA_TOO_LARGE };
          accepted.push({ topic: t.name, partition: p.index, value: { offset: p.offset, metadata: p.metadata, leaderEpoch: p.leaderEpoch } });
          return { index: p.index, errorCode: 0 };
        }),
      };
    });
    if (accepted.length > 0) {
      try {
        await broker.offsets.commit(req.groupId, accepted);
      } catch (error) {
        if (!(error instanceof StorageError)) throw error;
        broker.logger.error(`dev cluster: offset commit of group '${req.groupId}' not acknowledged: ${error.message}`);
        for (const t of topics) for (const p of t.partitions) if (p.errorCode === 0) p.errorCode = ErrorCode.KAFKA_STORAGE_ERROR;
      }
    }
    return encode(w, v, topics);
  },
};
