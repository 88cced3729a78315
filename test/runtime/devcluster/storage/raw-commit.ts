// Simple (memberless) offset commits and fetches over a raw connection: one request, one answer,
// no client retries in between, so a test sees exactly what the broker said.
import { frame, RawClient } from '../helpers';

const str = (s: string) => { const b = Buffer.from(s); const h = Buffer.alloc(2); h.writeInt16BE(b.length); return Buffer.concat([h, b]); };
const i32 = (n: number) => { const b = Buffer.alloc(4); b.writeInt32BE(n); return b; };
const i64 = (n: number) => { const b = Buffer.alloc(8); b.writeBigInt64BE(BigInt(n)); return b; };

async function roundTrip(port: number, request: Buffer): Promise<Buffer> {
  const raw = new RawClient(port);
  try {
    raw.send(request);
    return await Promise.race([raw.next(), raw.closed.then(() => { throw new Error('connection closed'); })]);
  } finally {
    raw.close();
  }
}

/** OffsetCommit v2; returns the partition's error code. */
export async function commitRaw(port: number, groupId: string, topic: string, partition: number, offset: number): Promise<number> {
  const body = Buffer.concat([str(groupId), i32(-1), str(''), i64(-1), i32(1), str(topic), i32(1), i32(partition), i64(offset), str('')]);
  const res = await roundTrip(port, frame(8, 2, 7, body));
  // correlation id, topics [name, partitions [index, error]]
  const nameLength = res.readInt16BE(8);
  return res.readInt16BE(4 + 4 + 2 + nameLength + 4 + 4);
}

/** OffsetFetch v1 of one partition; -1 when nothing is committed. */
export async function fetchCommitted(port: number, groupId: string, topic: string, partition: number): Promise<number> {
  const body = Buffer.concat([str(groupId), i32(1), str(topic), i32(1), i32(partition)]);
  const res = await roundTrip(port, frame(9, 1, 8, body));
  const nameLength = res.readInt16BE(8);
  return Number(res.readBigInt64BE(4 + 4 + 2 + nameLength + 4 + 4));
}
