import { WireWriter } from '../../wire';
import { encoded, TXN_OFFSET_COMMIT_API_KEY, type ClientRequest, type TxnOffsetCommitArgs } from '../types';

/**
 * TxnOffsetCommit Request (Version: 3, flexible) => transactional_id group_id producer_id
 *   producer_epoch generation_id member_id group_instance_id [topics] TAG_BUFFER
 *   topics => name [partitions] TAG_BUFFER
 *     partitions => partition_index committed_offset committed_leader_epoch committed_metadata TAG_BUFFER
 * Flexible versions use request header v2, which is kafkajs' header v1 plus an empty tag buffer:
 * the body starts with it.
 */
export function request(args: TxnOffsetCommitArgs): ClientRequest {
  const g = args.group ?? { memberId: '', generationId: -1, groupInstanceId: null };
  return {
    apiKey: TXN_OFFSET_COMMIT_API_KEY, apiVersion: 3, apiName: 'TxnOffsetCommit',
    encode: async () => encoded(new WireWriter()
      .tags()
      .compactString(args.transactionalId).compactString(args.groupId).int64(args.producerId).int16(args.producerEpoch)
      .int32(g.generationId).compactString(g.memberId).compactNullableString(g.groupInstanceId)
      .compactArray(args.topics, (w, t) => {
        w.compactString(t.topic).compactArray(t.partitions, (x, p) => {
          x.int32(p.partition).int64(p.offset).int32(-1).compactNullableString(p.metadata ?? null).tags();
        }).tags();
      })
      .tags()
      .toBuffer()),
  };
}
