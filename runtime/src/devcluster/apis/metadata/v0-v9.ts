// Metadata v0-v9 (v9 flexible).
import type { Reader } from '../../protocol/reader';
import type { Writer } from '../../protocol/writer';

export interface MetadataRequest { topics: string[] | null; allowAutoTopicCreation: boolean }

export function decode(r: Reader, v: number): MetadataRequest {
  const topics = r.nullableArray((x) => { const n = x.string(); x.tags(); return n; });
  const allowAutoTopicCreation = v >= 4 ? r.bool() : true;
  if (v >= 8) { r.bool(); r.bool(); }
  r.tags();
  // v0 has no null: an empty list means every topic.
  return { topics: v === 0 && topics !== null && topics.length === 0 ? null : topics, allowAutoTopicCreation };
}

export interface MetadataPartition { errorCode: number; index: number; leader: number; replicas: number[]; isr: number[]; offline: number[] }

export interface MetadataResponse {
  brokers: { nodeId: number; host: string; port: number }[];
  clusterId: string; controllerId: number;
  topics: { errorCode: number; name: string; internal: boolean; partitions: MetadataPartition[] }[];
}

export function encode(w: Writer, v: number, res: MetadataResponse): Writer {
  if (v >= 3) w.i32(0);
  w.array(res.brokers, (x, b) => {
    x.i32(b.nodeId).string(b.host).i32(b.port);
    if (v >= 1) x.nullableString(null);
    x.tags();
  });
  if (v >= 2) w.nullableString(res.clusterId);
  if (v >= 1) w.i32(res.controllerId);
  w.array(res.topics, (x, t) => {
    x.i16(t.errorCode).string(t.name);
    if (v >= 1) x.bool(t.internal);
    x.array(t.partitions, (y, p) => {
      y.i16(p.errorCode).i32(p.index).i32(p.leader);
      if (v >= 7) y.i32(0);
      y.array(p.replicas, (z, n) => { z.i32(n); });
      y.array(p.isr, (z, n) => { z.i32(n); });
      if (v >= 5) y.array(p.offline, (z, n) => { z.i32(n); });
      y.tags();
    });
    if (v >= 8) x.i32(-2147483648);
    x.tags();
  });
  if (v >= 8) w.i32(-2147483648);
  return w.tags();
}
