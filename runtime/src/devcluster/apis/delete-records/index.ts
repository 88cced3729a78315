// DeleteRecords v0-v1: moves partitions' log start offsets forward (offset -1: to the end).
import { ErrorCode } from '../../protocol/error-codes';
import { StorageError } from '../../storage/file-ops';
import type { ApiDef } from '../api';

export const deleteRecordsApi: ApiDef = {
  key: 21, name: 'DeleteRecords', minVersion: 0, maxVersion: 1, flexibleFrom: Infinity,
  async handle(ctx, r, w) {
    const topics = r.array((t) => ({ name: t.string(), partitions: t.array((p) => ({ index: p.i32(), offset: p.i64() })) }));
    r.i32();
    const { broker } = ctx;
    const results = await Promise.all(topics.map(async (t) => {
      const topic = broker.topics.get(t.name);
      return {
        name: t.name,
        partitions: await Promise.all(t.partitions.map(async (p) => {
          const log = topic?.partitions[p.index];
          if (log === undefined) return { index: p.index, low: -1, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
          const target = p.offset === -1 ? log.highWatermark : p.offset;
          if (target < 0 || target > log.highWatermark) return { index: p.index, low: -1, errorCode: ErrorCode.OFFSET_OUT_OF_RANGE };
          try {
            await log.store.deleteBefore(target);
          } catch (error) {
            if (!(error instanceof StorageError)) throw error;
            return { index: p.index, low: -1, errorCode: ErrorCode.KAFKA_STORAGE_ERROR };
          }
          log.wake();
          return { index: p.index, low: log.logStartOffset, errorCode: 0 };
        })),
      };
    }));
    w.i32(0);
    return w.array(results, (x, t) => {
      x.string(t.name).array(t.partitions, (y, p) => { y.i32(p.index).i64(p.low).i16(p.errorCode); });
    });
  },
};
