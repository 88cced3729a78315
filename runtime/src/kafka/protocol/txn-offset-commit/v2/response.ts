import type { ClientResponse, ErrorFromCode } from '../types';
import { response as responseV1 } from '../v1/response';

/** TxnOffsetCommit Response (Version: 2): the same as v1. */
export function response(errorFromCode: ErrorFromCode): ClientResponse {
  return responseV1(errorFromCode);
}
