// Dead-letter records: the original record (key, value, headers) plus headers naming the error
// and where the record came from, so it can be inspected and replayed.
import type { ProducedRecord } from '../kafka/client';
import { DLQ_HEADERS } from '../processor/stream-task';

// Same header names as the engine's dead letters (KIP-1034 names plus the node).
export { DLQ_HEADERS };

export interface DeadLetterSource {
  topic: string; partition?: number; offset?: number; node: string;
  handler: 'processing' | 'deserialization' | 'production';
}

export function deadLetterRecord(
  deadLetterTopic: string,
  original: { key: Buffer | null; value: Buffer | null; headers: Record<string, Buffer>; timestamp: number },
  error: unknown,
  source: DeadLetterSource,
): ProducedRecord {
  const headers: Record<string, Buffer> = { ...original.headers };
  headers[DLQ_HEADERS.message] = Buffer.from(error instanceof Error ? error.message : String(error));
  headers[DLQ_HEADERS.exception] = Buffer.from(error instanceof Error ? error.name : typeof error);
  headers[DLQ_HEADERS.topic] = Buffer.from(source.topic);
  if (source.partition !== undefined) headers[DLQ_HEADERS.partition] = Buffer.from(String(source.partition));
  if (source.offset !== undefined) headers[DLQ_HEADERS.offset] = Buffer.from(String(source.offset));
  headers[DLQ_HEADERS.node] = Buffer.from(source.node);
  return { topic: deadLetterTopic, key: original.key, value: original.value, headers, timestamp: original.timestamp };
}
