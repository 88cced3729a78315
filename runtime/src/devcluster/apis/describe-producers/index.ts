import { ErrorCode } from '../../protocol/error-codes';
import type { ApiDef } from '../api';
import { decode, encode, type PartitionProducers } from './v0';

export const describeProducersApi: ApiDef = {
  key: 61, name: 'DescribeProducers', minVersion: 0, maxVersion: 0, flexibleFrom: 0,
  handle(ctx, r, w) {
    const topics = decode(r).map((t) => {
      const topic = ctx.broker.topics.get(t.name);
      return {
        name: t.name,
        partitions: t.partitions.map((index): PartitionProducers => {
          const log = topic?.partitions[index];
          if (log === undefined) return { index, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: null, producers: [] };
          return {
            index, errorCode: 0, errorMessage: null,
            producers: log.producerStates.producers().map((p) => ({ producerId: p.producerId, epoch: p.epoch, lastSequence: p.lastSequence, lastTimestamp: p.lastTimestamp, txnStartOffset: p.txnFirstOffset })),
          };
        }),
      };
    });
    return encode(w, topics);
  },
};
