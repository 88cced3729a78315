// Dead-letter records: the original record (key, value, headers) plus headers naming the error
// and where the record came from, so it can be inspected and replayed.
import type { ProducedRecord } from '../kafka/client';

export const DLQ_HEADERS = {
  error: 'streamwise.error',
  errorClass: 'streamwise.error.class',
  topic: 'streamwise.error.topic',
  partition: 'streamwise.error.partition',
  offset: 'streamwise.error.offset',
  node: 'streamwise.error.node',
  handler: 'streamwise.error.handler',
} as const;

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
  headers[DLQ_HEADERS.error] = Buffer.from(error instanceof Error ? error.message : String(error));
  headers[DLQ_HEADERS.errorClass] = Buffer.from(error instanceof Error ? error.name : typeof error);
  headers[DLQ_HEADERS.topic] = Buffer.from(source.topic);
  if (source.partition !== undefined) headers[DLQ_HEADERS.partition] = Buffer.from(String(source.partition));
  if (source.offset !== undefined) headers[DLQ_HEADERS.offset] = Buffer.from(String(source.offset));
  headers[DLQ_HEADERS.node] = Buffer.from(source.node);
  headers[DLQ_HEADERS.handler] = Buffer.from(source.handler);
  return { topic: deadLetterTopic, key: original.key, value: original.value, headers, timestamp: original.timestamp };
}
