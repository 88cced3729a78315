import { WireReader } from '../../wire';
import { parser, type ClientResponse, type ErrorFromCode, type TxnOffsetCommitResponse } from '../types';
import { clientSideThrottle } from '../v1/response';

/**
 * TxnOffsetCommit Response (Version: 3, flexible) => throttle_time_ms [topics] TAG_BUFFER
 *   topics => name [partitions] TAG_BUFFER
 *     partitions => partition_index error_code TAG_BUFFER
 * kafkajs reads response header v0 (the correlation id): header v1's tag buffer is read here.
 */
export function decodeV3(raw: Buffer): TxnOffsetCommitResponse {
  const r = new WireReader(raw);
  r.tags();
  const throttleTime = r.int32();
  const topics = r.compactArray((t) => {
    const topic = t.compactString();
    const partitions = t.compactArray((p) => {
      const x = { partition: p.int32(), errorCode: p.int16() };
      p.tags();
      return x;
    });
    t.tags();
    return { topic, partitions };
  });
  r.tags();
  return clientSideThrottle({ throttleTime, topics });
}

export function response(errorFromCode: ErrorFromCode): ClientResponse {
  return { decode: async (raw) => decodeV3(raw), parse: parser(errorFromCode) };
}
