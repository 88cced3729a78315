// Kafka's __consumer_offsets record format (GroupMetadataManager): offset commits (key version 1,
// value version 1) and group metadata (key version 2, value version 1), so lag tools that read the
// topic (Burrow) understand it. Tombstones (null values) delete.
import { Reader } from '../protocol/reader';
import { Writer } from '../protocol/writer';

export interface OffsetKey { kind: 'offset'; group: string; topic: string; partition: number }
export interface GroupKey { kind: 'group'; group: string }

export interface OffsetValue { offset: number; metadata: string; commitTimestamp: number; expireTimestamp: number }

export interface GroupMemberValue {
  memberId: string; clientId: string; clientHost: string; rebalanceTimeoutMs: number; sessionTimeoutMs: number;
  subscription: Buffer; assignment: Buffer;
}
export interface GroupValue { protocolType: string; generation: number; protocol: string | null; leader: string | null; members: GroupMemberValue[] }

const join = (w: Writer): Buffer => Buffer.concat(w.finish());

export function encodeOffsetKey(group: string, topic: string, partition: number): Buffer {
  return join(new Writer().i16(1).string(group).string(topic).i32(partition));
}

export function encodeGroupKey(group: string): Buffer {
  return join(new Writer().i16(2).string(group));
}

export function encodeOffsetValue(v: OffsetValue): Buffer {
  return join(new Writer().i16(1).i64(v.offset).string(v.metadata).i64(v.commitTimestamp).i64(v.expireTimestamp));
}

export function encodeGroupValue(v: GroupValue): Buffer {
  const w = new Writer().i16(1).string(v.protocolType).i32(v.generation).nullableString(v.protocol).nullableString(v.leader);
  w.array(v.members, (x, m) => {
    x.string(m.memberId).string(m.clientId).string(m.clientHost).i32(m.rebalanceTimeoutMs).i32(m.sessionTimeoutMs);
    x.nullableBytes(m.subscription).nullableBytes(m.assignment);
  });
  return join(w);
}

export function decodeKey(buf: Buffer): OffsetKey | GroupKey | undefined {
  const r = new Reader(buf);
  const version = r.i16();
  if (version === 0 || version === 1) return { kind: 'offset', group: r.string(), topic: r.string(), partition: r.i32() };
  if (version === 2) return { kind: 'group', group: r.string() };
  return undefined;
}

/** Offset commit values v0-v3 (as any Kafka version wrote them). */
export function decodeOffsetValue(buf: Buffer): OffsetValue & { leaderEpoch: number } {
  const r = new Reader(buf);
  const version = r.i16();
  const offset = r.i64();
  const leaderEpoch = version >= 3 ? r.i32() : -1;
  const metadata = r.string();
  const commitTimestamp = r.i64();
  const expireTimestamp = version === 1 ? r.i64() : -1;
  return { offset, leaderEpoch, metadata, commitTimestamp, expireTimestamp };
}

/** Java's String.hashCode, for the partition a group's records go to (as Kafka picks it). */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

export function offsetsPartitionFor(group: string, partitions: number): number {
  return (javaStringHash(group) & 0x7fffffff) % partitions;
}
