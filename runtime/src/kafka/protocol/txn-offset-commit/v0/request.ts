import { WireWriter } from '../../wire';
import { encoded, TXN_OFFSET_COMMIT_API_KEY, type ClientRequest, type TxnOffsetCommitArgs } from '../types';

/**
 * TxnOffsetCommit Request (Version: 0) => transactional_id group_id producer_id producer_epoch [topics]
 *   topics => name [partitions]
 *     partitions => partition_index committed_offset committed_metadata (NULLABLE_STRING)
 */
export function request(args: TxnOffsetCommitArgs, apiVersion = 0): ClientRequest {
  return {
    apiKey: TXN_OFFSET_COMMIT_API_KEY, apiVersion, apiName: 'TxnOffsetCommit',
    encode: async () => encoded(new WireWriter()
      .string(args.transactionalId).string(args.groupId).int64(args.producerId).int16(args.producerEpoch)
      .array(args.topics, (w, t) => {
        w.string(t.topic).array(t.partitions, (x, p) => { x.int32(p.partition).int64(p.offset).nullableString(p.metadata ?? null); });
      })
      .toBuffer()),
  };
}
