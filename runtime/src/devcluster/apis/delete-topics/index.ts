import { ErrorCode } from '../../protocol/error-codes';
import { StorageError } from '../../storage/file-ops';
import type { ApiDef } from '../api';
import { decode, encode } from './v0-v3';

export const deleteTopicsApi: ApiDef = {
  key: 20, name: 'DeleteTopics', minVersion: 0, maxVersion: 3, flexibleFrom: Infinity,
  async handle(ctx, r, w) {
    const req = decode(r);
    const results = await Promise.all(req.names.map(async (name) => {
      if (ctx.broker.topics.get(name)?.internal === true) return { name, errorCode: ErrorCode.INVALID_TOPIC_EXCEPTION };
      let deleted: boolean;
      try {
        deleted = await ctx.broker.deleteTopic(name);
      } catch (error) {
        if (!(error instanceof StorageError)) throw error;
        ctx.broker.logger.error(`dev cluster: could not delete topic '${name}': ${error.message}`);
        return { name, errorCode: ErrorCode.KAFKA_STORAGE_ERROR };
      }
      if (deleted) ctx.broker.logger.info('dev cluster: deleted topic', { topic: name });
      return { name, errorCode: deleted ? 0 : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
    }));
    return encode(w, ctx.header.apiVersion, results);
  },
};
