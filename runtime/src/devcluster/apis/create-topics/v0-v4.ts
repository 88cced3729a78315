// CreateTopics v0-v4.
import type { Reader } from '../../protocol/reader';
import type { Writer } from '../../protocol/writer';

export interface CreateTopic {
  name: string; numPartitions: number; replicationFactor: number; assignments: number;
  configs: { name: string; value: string | null }[];
}

export function decode(r: Reader, v: number): { topics: CreateTopic[]; timeoutMs: number; validateOnly: boolean } {
  const topics = r.array((t) => ({
    name: t.string(),
    numPartitions: t.i32(),
    replicationFactor: t.i16(),
    assignments: t.array((a) => { a.i32(); a.array((b) => b.i32()); return 0; }).length,
    configs: t.array((c) => ({ name: c.string(), value: c.nullableString() })),
  }));
  const timeoutMs = r.i32();
  const validateOnly = v >= 1 ? r.bool() : false;
  return { topics, timeoutMs, validateOnly };
}

export function encode(w: Writer, v: number, topics: { name: string; errorCode: number; errorMessage: string | null }[]): Writer {
  if (v >= 2) w.i32(0);
  return w.array(topics, (x, t) => {
    x.string(t.name).i16(t.errorCode);
    if (v >= 1) x.nullableString(t.errorMessage);
  });
}
