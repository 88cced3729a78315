import { ErrorCode } from '../../protocol/error-codes';
import type { ApiDef } from '../api';
import { decode, encode } from './v0-v3';

export const deleteTopicsApi: ApiDef = {
  key: 20, name: 'DeleteTopics', minVersion: 0, maxVersion: 3, flexibleFrom: Infinity,
  handle(ctx, r, w) {
    const req = decode(r);
    const results = req.names.map((name) => {
      const deleted = ctx.broker.topics.delete(name);
      if (deleted) ctx.broker.logger.info('dev cluster: deleted topic', { topic: name });
      return { name, errorCode: deleted ? 0 : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
    });
    return encode(w, ctx.header.apiVersion, results);
  },
};
