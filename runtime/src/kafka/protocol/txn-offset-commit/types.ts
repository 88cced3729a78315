// TxnOffsetCommit (API key 28) as kafkajs' request definitions shape it: one folder per version,
// each with request and response. kafkajs implements v0-v1 only; v3 (KIP-447) adds the consumer
// group metadata so the group coordinator can fence a member of an older generation.

export const TXN_OFFSET_COMMIT_API_KEY = 28;

export interface TxnOffsetCommitArgs {
  transactionalId: string;
  groupId: string;
  producerId: number | string;
  producerEpoch: number;
  topics: { topic: string; partitions: { partition: number; offset: string; metadata?: string | null }[] }[];
  /** v3: the member whose generation the offsets belong to; a zombie's stale generation is refused. */
  group?: TxnGroupMetadata;
}

/** Kafka's ConsumerGroupMetadata; without it v3 sends -1 / '' / null, which the coordinator does not check. */
export interface TxnGroupMetadata { memberId: string; generationId: number; groupInstanceId: string | null }

/** A kafkajs-shaped request: kafkajs writes its header (request header v1) in front of encode(). */
export interface ClientRequest {
  apiKey: number; apiVersion: number; apiName: string;
  /** kafkajs' Encoder contract: the bytes are read from `buffer` once `buf` is a Buffer. */
  encode(): Promise<{ buf: Buffer; buffer: Buffer }>;
}

export interface TxnOffsetCommitResponse {
  throttleTime: number;
  clientSideThrottleTime?: number;
  topics: { topic: string; partitions: { partition: number; errorCode: number }[] }[];
}

export interface ClientResponse {
  decode(raw: Buffer): Promise<TxnOffsetCommitResponse>;
  /** Throws the error of the first failed partition, built by the client's error factory. */
  parse(data: TxnOffsetCommitResponse): Promise<TxnOffsetCommitResponse>;
}

export type ErrorFromCode = (code: number) => Error;

export function encoded(buf: Buffer): { buf: Buffer; buffer: Buffer } {
  return { buf, buffer: buf };
}

export function parser(errorFromCode: ErrorFromCode): (data: TxnOffsetCommitResponse) => Promise<TxnOffsetCommitResponse> {
  return async (data) => {
    for (const t of data.topics) {
      const failed = t.partitions.find((p) => p.errorCode !== 0);
      if (failed !== undefined) throw errorFromCode(failed.errorCode);
    }
    return data;
  };
}
