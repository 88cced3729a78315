import { WireReader } from '../../wire';
import { parser, type ClientResponse, type ErrorFromCode, type TxnOffsetCommitResponse } from '../types';

/**
 * TxnOffsetCommit Response (Version: 0) => throttle_time_ms [topics]
 *   topics => name [partitions]
 *     partitions => partition_index error_code
 */
export function decodeV0(raw: Buffer): TxnOffsetCommitResponse {
  const r = new WireReader(raw);
  const throttleTime = r.int32();
  const topics = r.array((t) => ({ topic: t.string(), partitions: t.array((p) => ({ partition: p.int32(), errorCode: p.int16() })) }));
  return { throttleTime, topics };
}

export function response(errorFromCode: ErrorFromCode): ClientResponse {
  return { decode: async (raw) => decodeV0(raw), parse: parser(errorFromCode) };
}
