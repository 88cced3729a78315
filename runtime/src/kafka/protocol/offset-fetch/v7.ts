// OffsetFetch v7 (API key 9, flexible): require_stable (KIP-447). kafkajs speaks v1-v4, which
// cannot ask for it; an answer to a stable fetch says UNSTABLE_OFFSET_COMMIT for a partition whose
// offsets a transaction still holds (committed or aborted once it ends).
import { WireReader, WireWriter } from '../wire';

export const OFFSET_FETCH_API_KEY = 9;

export interface OffsetFetchArgs { groupId: string; topics: { topic: string; partitions: { partition: number }[] }[] | null }

/** kafkajs' decoded OffsetFetch shape (its consumer and admin read these fields). */
export interface OffsetFetchResponse {
  throttleTime: number;
  clientSideThrottleTime?: number;
  responses: { topic: string; partitions: { partition: number; offset: string; metadata: string | null; errorCode: number }[] }[];
  errorCode: number;
}

/**
 * OffsetFetch Request (Version: 7) => group_id [topics] require_stable TAG_BUFFER
 *   topics => name [partition_indexes] TAG_BUFFER
 * The body starts with the empty tag buffer of request header v2 (kafkajs writes header v1).
 */
export function request(args: OffsetFetchArgs, requireStable: boolean) {
  const w = new WireWriter().tags().compactString(args.groupId);
  // Compact nullable array: 0 is null (every partition of the group).
  if (args.topics === null) w.uvarint(0);
  else w.compactArray(args.topics, (x, t) => { x.compactString(t.topic).compactArray(t.partitions, (y, p) => { y.int32(p.partition); }).tags(); });
  const buf = w.bool(requireStable).tags().toBuffer();
  return { apiKey: OFFSET_FETCH_API_KEY, apiVersion: 7, apiName: 'OffsetFetch', encode: async () => ({ buf, buffer: buf }) };
}

/**
 * OffsetFetch Response (Version: 7) => throttle_time_ms [topics] error_code TAG_BUFFER
 *   topics => name [partitions] TAG_BUFFER
 *     partitions => partition_index committed_offset committed_leader_epoch metadata error_code TAG_BUFFER
 * kafkajs reads response header v0: header v1's tag buffer is read here.
 */
export function decode(raw: Buffer): OffsetFetchResponse {
  const r = new WireReader(raw);
  r.tags();
  const throttleTime = r.int32();
  const responses = r.compactArray((t) => {
    const topic = t.compactString();
    const partitions = t.compactArray((p) => {
      const partition = p.int32();
      const offset = p.int64();
      p.int32();
      const x = { partition, offset, metadata: p.compactNullableString(), errorCode: p.int16() };
      p.tags();
      return x;
    });
    t.tags();
    return { topic, partitions };
  });
  const errorCode = r.int16();
  r.tags();
  // v4+ brokers answer before throttling (KIP-219): the client throttles itself, as kafkajs' v4.
  return { throttleTime: 0, clientSideThrottleTime: throttleTime, responses, errorCode };
}

/** Throws the group's error, else the first failed partition's, as kafkajs' own parse does. */
export function parser(errorFromCode: (code: number) => Error) {
  return async (data: OffsetFetchResponse): Promise<OffsetFetchResponse> => {
    if (data.errorCode !== 0) throw errorFromCode(data.errorCode);
    for (const t of data.responses) {
      const failed = t.partitions.find((p) => p.errorCode !== 0);
      if (failed !== undefined) throw errorFromCode(failed.errorCode);
    }
    return data;
  };
}
