import { NODE_ID, CLUSTER_ID } from '../../broker/broker';
import type { ApiDef } from '../api';
import { decode, encode, type MetadataResponse } from './v0-v9';

export const metadataApi: ApiDef = {
  key: 3, name: 'Metadata', minVersion: 0, maxVersion: 9, flexibleFrom: 9,
  async handle(ctx, r, w) {
    const req = decode(r, ctx.header.apiVersion);
    const { broker } = ctx;
    const names = req.topics ?? [...broker.topics.topics.keys()];
    const topics: MetadataResponse['topics'] = await Promise.all(names.map(async (name) => {
      const topic = await broker.topicFor(name, req.topics !== null && req.allowAutoTopicCreation);
      if (typeof topic === 'number') return { errorCode: topic, name, internal: false, partitions: [] };
      return { errorCode: 0, name, internal: topic.internal, partitions: topic.partitions.map((p) => ({ errorCode: 0, index: p.partition, leader: NODE_ID })) };
    }));
    return encode(w, ctx.header.apiVersion, {
      brokers: [{ nodeId: NODE_ID, host: broker.config.host, port: broker.config.port }],
      clusterId: CLUSTER_ID, controllerId: NODE_ID, topics,
    });
  },
};
