import { OFFSETS_TOPIC } from '../../broker/topic-store';
import { ErrorCode } from '../../protocol/error-codes';
import type { ApiDef } from '../api';
import { decode, encode } from './v0-v3';

// Adds the group's __consumer_offsets partition to the transaction (TxnOffsetCommit writes there).
export const addOffsetsToTxnApi: ApiDef = {
  key: 25, name: 'AddOffsetsToTxn', minVersion: 0, maxVersion: 3, flexibleFrom: 3,
  async handle(ctx, r, w) {
    const req = decode(r);
    const { broker } = ctx;
    if (req.groupId === '') return encode(w, ErrorCode.INVALID_GROUP_ID);
    let code = await broker.txns.addPartitions(req.transactionalId, req.producerId, req.producerEpoch, [{ topic: OFFSETS_TOPIC, partition: broker.offsets.partitionOf(req.groupId) }]);
    if (code === ErrorCode.PRODUCER_FENCED && ctx.header.apiVersion < 2) code = ErrorCode.INVALID_PRODUCER_EPOCH;
    return encode(w, code);
  },
};
