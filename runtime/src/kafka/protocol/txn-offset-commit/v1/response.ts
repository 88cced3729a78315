import { parser, type ClientResponse, type ErrorFromCode, type TxnOffsetCommitResponse } from '../types';
import { decodeV0 } from '../v0/response';

/** v1+ brokers answer before throttling (KIP-219): the client throttles itself, as kafkajs' v1. */
export function clientSideThrottle(decoded: TxnOffsetCommitResponse): TxnOffsetCommitResponse {
  return { ...decoded, throttleTime: 0, clientSideThrottleTime: decoded.throttleTime };
}

/** TxnOffsetCommit Response (Version: 1): the same layout as v0. */
export function response(errorFromCode: ErrorFromCode): ClientResponse {
  return { decode: async (raw) => clientSideThrottle(decodeV0(raw)), parse: parser(errorFromCode) };
}
