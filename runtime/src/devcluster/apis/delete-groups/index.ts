// DeleteGroups v0-v1: deletes empty groups with their committed offsets (NON_EMPTY_GROUP otherwise).
import type { Group } from '../../broker/group';
import { ErrorCode } from '../../protocol/error-codes';
import { Reader } from '../../protocol/reader';
import { StorageError } from '../../storage/file-ops';
import type { ApiDef } from '../api';

/** Topics the members of a consumer group subscribe to (from their consumer-protocol metadata). */
export function subscribedTopics(group: Group): Set<string> {
  const out = new Set<string>();
  if (group.protocolType !== 'consumer') return out;
  for (const m of group.members.values()) {
    for (const p of m.protocols) {
      try {
        const r = new Reader(p.metadata);
        r.i16();
        for (const t of r.array((x) => x.string())) out.add(t);
      } catch { /* unreadable metadata subscribes to nothing we can name */ }
    }
  }
  return out;
}

export const deleteGroupsApi: ApiDef = {
  key: 42, name: 'DeleteGroups', minVersion: 0, maxVersion: 1, flexibleFrom: Infinity,
  async handle(ctx, r, w) {
    const ids = r.array((x) => x.string());
    const { broker } = ctx;
    const results = await Promise.all(ids.map(async (id) => {
      const group = broker.groups.get(id);
      if (group !== undefined && group.members.size > 0) return { id, errorCode: ErrorCode.NON_EMPTY_GROUP };
      if (group === undefined && !broker.offsets.hasGroup(id)) return { id, errorCode: ErrorCode.GROUP_ID_NOT_FOUND };
      try {
        await broker.offsets.delete(id);
      } catch (error) {
        if (!(error instanceof StorageError)) throw error;
        return { id, errorCode: ErrorCode.KAFKA_STORAGE_ERROR };
      }
      group?.shutdown();
      broker.groups.delete(id);
      broker.logger.info('dev cluster: deleted group', { group: id });
      return { id, errorCode: 0 };
    }));
    w.i32(0);
    return w.array(results, (x, res) => { x.string(res.id).i16(res.errorCode); });
  },
};
