// An idempotent producer on the wire, batch by batch (no client lets a test resend one exact
// batch after a broker restart): InitProducerId v1 and Produce v7 to one partition.
import { Reader } from '../../../runtime/src/devcluster/protocol/reader';
import { Writer } from '../../../runtime/src/devcluster/protocol/writer';
import { encodeBatch } from '../../../runtime/src/devcluster/records/records-codec';
import { frame, RawClient } from './helpers';

const body = (build: (w: Writer) => void): Buffer => {
  const w = new Writer();
  build(w);
  return Buffer.concat(w.finish());
};

async function call(port: number, f: Buffer): Promise<Reader> {
  const c = new RawClient(port);
  try {
    c.send(f);
    return new Reader(await c.next(), false, 4);
  } finally {
    c.close();
  }
}

export async function initProducerId(port: number): Promise<{ errorCode: number; producerId: number; epoch: number }> {
  const r = await call(port, frame(22, 1, 1, body((w) => w.nullableString(null).i32(60_000))));
  r.i32();
  return { errorCode: r.i16(), producerId: r.i64(), epoch: r.i16() };
}

/** One idempotent batch of `n` records (values `<prefix><sequence>`). */
export const idempotentBatch = (producerId: number, epoch: number, baseSequence: number, n: number, prefix = 'v'): Buffer =>
  encodeBatch({ producerId, producerEpoch: epoch, baseSequence, records: Array.from({ length: n }, (_, i) => ({ key: Buffer.from(`${prefix}${baseSequence + i}`), value: Buffer.from(`${prefix}${baseSequence + i}`) })) });

/** Produce v7 (acks -1) of one batch to `partition`: its error code and base offset. */
export async function produceBatch(port: number, topic: string, partition: number, batch: Buffer): Promise<{ errorCode: number; baseOffset: number }> {
  const r = await call(port, frame(0, 7, 1, body((w) => w.nullableString(null).i16(-1).i32(10_000).array([topic], (x, t) => {
    x.string(t).array([partition], (y, p) => { y.i32(p).nullableBytes(batch); });
  }))));
  const [p] = r.array((x) => { x.string(); return x.array((y) => { y.i32(); const res = { errorCode: y.i16(), baseOffset: y.i64() }; y.i64(); y.i64(); return res; }); })[0] ?? [];
  if (p === undefined) throw new Error('no partition in the produce response');
  return p;
}
