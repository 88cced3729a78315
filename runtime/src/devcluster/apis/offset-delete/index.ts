// OffsetDelete v0: removes a group's committed offsets for partitions it no longer consumes.
import { ErrorCode } from '../../protocol/error-codes';
import { StorageError } from '../../storage/file-ops';
import type { ApiDef } from '../api';
import { subscribedTopics } from '../delete-groups/index';

export const offsetDeleteApi: ApiDef = {
  key: 47, name: 'OffsetDelete', minVersion: 0, maxVersion: 0, flexibleFrom: Infinity,
  async handle(ctx, r, w) {
    const groupId = r.string();
    const topics = r.array((t) => ({ name: t.string(), partitions: t.array((p) => p.i32()) }));
    const { broker } = ctx;
    const group = broker.groups.get(groupId);
    const known = broker.offsets.hasGroup(groupId) || (group !== undefined && group.members.size > 0);
    const subscribed = group === undefined ? new Set<string>() : subscribedTopics(group);
    let topError = known ? 0 : ErrorCode.GROUP_ID_NOT_FOUND;
    const results = topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => ({ index: p, errorCode: subscribed.has(t.name) ? ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC : 0 })),
    }));
    if (topError === 0) {
      const targets = results.flatMap((t) => t.partitions.filter((p) => p.errorCode === 0).map((p) => ({ topic: t.name, partition: p.index })));
      try {
        await broker.offsets.delete(groupId, targets);
      } catch (error) {
        if (!(error instanceof StorageError)) throw error;
        topError = ErrorCode.KAFKA_STORAGE_ERROR;
      }
    }
    w.i16(topError).i32(0);
    return w.array(topError === 0 ? results : [], (x, t) => { x.string(t.name).array(t.partitions, (y, p) => { y.i32(p.index).i16(p.errorCode); }); });
  },
};
