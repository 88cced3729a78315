import { topicConfigProblem } from '../../broker/topic-config';
import { topicNameProblem } from '../../broker/topic-store';
import { StorageError } from '../../storage/file-ops';
import { ErrorCode } from '../../protocol/error-codes';
import type { ApiDef } from '../api';
import { decode, encode } from './v0-v4';

export const createTopicsApi: ApiDef = {
  key: 19, name: 'CreateTopics', minVersion: 0, maxVersion: 4, flexibleFrom: Infinity,
  async handle(ctx, r, w) {
    const v = ctx.header.apiVersion;
    const req = decode(r, v);
    const { broker } = ctx;
    const results = await Promise.all(req.topics.map(async (t) => {
      const fail = (errorCode: number, errorMessage: string) => ({ name: t.name, errorCode, errorMessage });
      const problem = topicNameProblem(t.name);
      if (problem !== undefined) return fail(ErrorCode.INVALID_TOPIC_EXCEPTION, problem);
      if (broker.topics.get(t.name) !== undefined) return fail(ErrorCode.TOPIC_ALREADY_EXISTS, `topic '${t.name}' already exists`);
      if (t.assignments > 0) return fail(ErrorCode.INVALID_REQUEST, 'manual replica assignments are not supported');
      const partitions = t.numPartitions === -1 ? broker.config.defaultPartitions : t.numPartitions;
      if (partitions < 1 || partitions > 10_000) return fail(ErrorCode.INVALID_PARTITIONS, `invalid partition count ${t.numPartitions}`);
      if (t.replicationFactor !== -1 && t.replicationFactor !== 1) {
        return fail(ErrorCode.INVALID_REPLICATION_FACTOR, `replication factor ${t.replicationFactor} is larger than the 1 broker`);
      }
      const configs: Record<string, string> = {};
      for (const c of t.configs) {
        const bad = topicConfigProblem(c.name, c.value);
        if (bad !== undefined) return fail(ErrorCode.INVALID_CONFIG, bad);
        if (c.value !== null) configs[c.name] = c.value;
      }
      if (!req.validateOnly) {
        try {
          await broker.topics.create(t.name, partitions, configs);
        } catch (error) {
          if (!(error instanceof StorageError)) throw error;
          broker.logger.error(`dev cluster: could not create topic '${t.name}': ${error.message}`);
          return fail(ErrorCode.KAFKA_STORAGE_ERROR, error.message);
        }
        broker.logger.info('dev cluster: created topic', { topic: t.name, partitions });
      }
      return { name: t.name, errorCode: 0, errorMessage: null };
    }));
    return encode(w, v, results);
  },
};
