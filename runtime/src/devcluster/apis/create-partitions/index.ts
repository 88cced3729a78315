// CreatePartitions v0-v1: grows a topic's partition count (never shrinks it).
import { ErrorCode } from '../../protocol/error-codes';
import { StorageError } from '../../storage/file-ops';
import type { ApiDef } from '../api';

export const createPartitionsApi: ApiDef = {
  key: 37, name: 'CreatePartitions', minVersion: 0, maxVersion: 1, flexibleFrom: Infinity,
  async handle(ctx, r, w) {
    const topics = r.array((t) => ({ name: t.string(), count: t.i32(), assignments: t.nullableArray((a) => a.array((b) => b.i32())) }));
    r.i32();
    const validateOnly = r.bool();
    const { broker } = ctx;
    const results = await Promise.all(topics.map(async (t) => {
      const fail = (errorCode: number, message: string) => ({ name: t.name, errorCode, message });
      const topic = broker.topics.get(t.name);
      if (topic === undefined) return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `unknown topic '${t.name}'`);
      if (topic.internal) return fail(ErrorCode.INVALID_REQUEST, `${t.name} is internal`);
      if (t.assignments !== null) return fail(ErrorCode.INVALID_REQUEST, 'manual replica assignments are not supported');
      if (t.count <= topic.partitions.length) {
        return fail(ErrorCode.INVALID_PARTITIONS, `topic '${t.name}' has ${topic.partitions.length} partitions; the new count must be larger, got ${t.count}`);
      }
      if (t.count > 10_000) return fail(ErrorCode.INVALID_PARTITIONS, `at most 10000 partitions, got ${t.count}`);
      if (!validateOnly) {
        try {
          await broker.topics.addPartitions(topic, t.count);
        } catch (error) {
          if (!(error instanceof StorageError)) throw error;
          return fail(ErrorCode.KAFKA_STORAGE_ERROR, error.message);
        }
        broker.logger.info('dev cluster: added partitions', { topic: t.name, partitions: t.count });
      }
      return { name: t.name, errorCode: 0, message: null };
    }));
    w.i32(0);
    return w.array(results, (x, res) => { x.string(res.name).i16(res.errorCode).nullableString(res.message); });
  },
};
