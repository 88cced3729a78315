import { ErrorCode } from '../../protocol/error-codes';
import type { ApiDef } from '../api';
import { decode, encode, type OffsetFetchPartition } from './v1-v7';

export const offsetFetchApi: ApiDef = {
  key: 9, name: 'OffsetFetch', minVersion: 1, maxVersion: 7, flexibleFrom: 6,
  handle(ctx, r, w) {
    const v = ctx.header.apiVersion;
    const req = decode(r, v);
    const { offsets } = ctx.broker;
    const one = (topic: string, index: number): OffsetFetchPartition => {
      // require_stable (read_committed consumers): an offset still inside an open transaction is
      // not answered yet (retriable), so a new owner does not start from the older commit.
      if (req.requireStable && offsets.hasPending(req.groupId, topic, index)) {
        return { index, offset: -1, leaderEpoch: -1, metadata: '', errorCode: ErrorCode.UNSTABLE_OFFSET_COMMIT };
      }
      const c = offsets.get(req.groupId, topic, index);
      return { index, offset: c?.offset ?? -1, leaderEpoch: c?.leaderEpoch ?? -1, metadata: c?.metadata ?? '', errorCode: 0 };
    };
    const topics = req.topics === null
      ? [...offsets.all(req.groupId)].map(([name, list]) => ({ name, partitions: list.map((e) => one(name, e.partition)) }))
      : req.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => one(t.name, p)) }));
    return encode(w, v, 0, topics);
  },
};
