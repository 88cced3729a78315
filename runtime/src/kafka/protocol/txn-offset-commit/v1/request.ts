import type { ClientRequest, TxnOffsetCommitArgs } from '../types';
import { request as requestV0 } from '../v0/request';

/** TxnOffsetCommit Request (Version: 1): the same as v0. */
export function request(args: TxnOffsetCommitArgs): ClientRequest {
  return requestV0(args, 1);
}
