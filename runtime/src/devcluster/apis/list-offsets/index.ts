import { ErrorCode } from '../../protocol/error-codes';
import { StorageError } from '../../storage/file-ops';
import type { ApiDef } from '../api';
import { decode, encode, type ListOffsetsResult } from './v0-v5';

const LATEST = -1;
const EARLIEST = -2;
const READ_COMMITTED = 1;

export const listOffsetsApi: ApiDef = {
  key: 2, name: 'ListOffsets', minVersion: 0, maxVersion: 5, flexibleFrom: Infinity,
  async handle(ctx, r, w) {
    const req = decode(r, ctx.header.apiVersion);
    const topics = await Promise.all(req.topics.map(async (t) => {
      const topic = ctx.broker.topics.get(t.name);
      return {
        name: t.name,
        partitions: await Promise.all(t.partitions.map(async (p): Promise<ListOffsetsResult> => {
          const log = topic?.partitions[p.index];
          if (log === undefined) return { index: p.index, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, timestamp: -1, offset: -1 };
          if (log.offline !== undefined) return { index: p.index, errorCode: ErrorCode.KAFKA_STORAGE_ERROR, timestamp: -1, offset: -1 };
          // As Kafka: read_committed clients see the last stable offset as the end, and offsets by time only below it.
          const end = req.isolationLevel === READ_COMMITTED ? log.lastStableOffset : log.highWatermark;
          if (p.timestamp === LATEST) return { index: p.index, errorCode: 0, timestamp: -1, offset: end };
          if (p.timestamp === EARLIEST) return { index: p.index, errorCode: 0, timestamp: -1, offset: log.logStartOffset };
          let found;
          try {
            found = await log.offsetForTimestamp(p.timestamp);
          } catch (error) {
            if (!(error instanceof StorageError)) throw error;
            return { index: p.index, errorCode: ErrorCode.KAFKA_STORAGE_ERROR, timestamp: -1, offset: -1 };
          }
          return found === undefined || found.offset >= end
            ? { index: p.index, errorCode: 0, timestamp: -1, offset: -1 }
            : { index: p.index, errorCode: 0, timestamp: found.timestamp, offset: found.offset };
        })),
      };
    }));
    return encode(w, ctx.header.apiVersion, topics);
  },
};
