import { NODE_ID, CLUSTER_ID } from '../../broker/broker';
import type { PartitionLog } from '../../broker/partition-log';
import { ErrorCode } from '../../protocol/error-codes';
import type { ApiDef } from '../api';
import { decode, encode, type MetadataPartition, type MetadataResponse } from './v0-v9';

/** An offline partition (its folder failed to load, or an fsync failed) has no leader, as in
 *  Kafka when the only replica's log dir is offline: LEADER_NOT_AVAILABLE, leader -1, the
 *  replica listed as offline (the ISR keeps its last member, as Kafka's does). */
function partitionMetadata(p: PartitionLog): MetadataPartition {
  if (p.offline !== undefined) return { errorCode: ErrorCode.LEADER_NOT_AVAILABLE, index: p.partition, leader: -1, replicas: [NODE_ID], isr: [NODE_ID], offline: [NODE_ID] };
  return { errorCode: 0, index: p.partition, leader: NODE_ID, replicas: [NODE_ID], isr: [NODE_ID], offline: [] };
}

export const metadataApi: ApiDef = {
  key: 3, name: 'Metadata', minVersion: 0, maxVersion: 9, flexibleFrom: 9,
  async handle(ctx, r, w) {
    const req = decode(r, ctx.header.apiVersion);
    const { broker } = ctx;
    const names = req.topics ?? [...broker.topics.topics.keys()];
    const topics: MetadataResponse['topics'] = await Promise.all(names.map(async (name) => {
      const topic = await broker.topicFor(name, req.topics !== null && req.allowAutoTopicCreation);
      if (typeof topic === 'number') return { errorCode: topic, name, internal: false, partitions: [] };
      return { errorCode: 0, name, internal: topic.internal, partitions: topic.partitions.map((p) => partitionMetadata(p)) };
    }));
    return encode(w, ctx.header.apiVersion, {
      brokers: [{ nodeId: NODE_ID, host: broker.config.host, port: broker.config.port }],
      clusterId: CLUSTER_ID, controllerId: NODE_ID, topics,
    });
  },
};
