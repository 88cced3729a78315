import { ErrorCode } from '../../protocol/error-codes';
import type { ApiDef } from '../api';
import { decode, encode } from './v0-v7';

export const offsetCommitApi: ApiDef = {
  key: 8, name: 'OffsetCommit', minVersion: 0, maxVersion: 7, flexibleFrom: Infinity,
  handle(ctx, r, w) {
    const v = ctx.header.apiVersion;
    const req = decode(r, v);
    const { broker } = ctx;
    const group = req.groupId === '' ? undefined : broker.group(req.groupId, true);
    const groupError = group === undefined ? ErrorCode.INVALID_GROUP_ID : group.commitCheck(req.memberId, req.generationId);
    const topics = req.topics.map((t) => {
      const topic = broker.topics.get(t.name);
      return {
        name: t.name,
        partitions: t.partitions.map((p) => {
          if (groupError !== 0) return { index: p.index, errorCode: groupError };
          if (topic?.partitions[p.index] === undefined) return { index: p.index, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
          broker.offsets.commit(req.groupId, t.name, p.index, { offset: p.offset, metadata: p.metadata, leaderEpoch: p.leaderEpoch });
          return { index: p.index, errorCode: 0 };
        }),
      };
    });
    return encode(w, v, topics);
  },
};
