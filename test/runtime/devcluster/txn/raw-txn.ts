// DescribeTransactions / ListTransactions on the wire (kafkajs has no admin call for them).
import { Reader } from '../../../../runtime/src/devcluster/protocol/reader';
import { Writer } from '../../../../runtime/src/devcluster/protocol/writer';
import { frame, RawClient } from '../helpers';

export interface DescribedTxn { errorCode: number; transactionalId: string; state: string; timeoutMs: number; producerId: number; producerEpoch: number; topics: { topic: string; partitions: number[] }[] }

async function call(port: number, apiKey: number, version: number, body: Writer): Promise<Reader> {
  const client = new RawClient(port);
  try {
    client.send(frame(apiKey, version, 1, Buffer.concat(body.tags().finish()), true));
    const res = await client.next();
    const r = new Reader(res, true, 4);
    r.tags(); // response header v1
    return r;
  } finally {
    client.close();
  }
}

export async function describeTransactions(port: number, ids: string[]): Promise<DescribedTxn[]> {
  const w = new Writer(true).array(ids, (x, id) => { x.string(id); });
  const r = await call(port, 65, 0, w);
  r.i32();
  return r.array((x) => {
    const d = {
      errorCode: x.i16(), transactionalId: x.string(), state: x.string(), timeoutMs: x.i32(),
      startMs: x.i64(), producerId: x.i64(), producerEpoch: x.i16(),
      topics: x.array((t) => { const y = { topic: t.string(), partitions: t.array((p) => p.i32()) }; t.tags(); return y; }),
    };
    x.tags();
    return d;
  });
}

export async function listTransactions(port: number, states: string[]): Promise<{ unknown: string[]; txns: { transactionalId: string; producerId: number; state: string }[] }> {
  const w = new Writer(true).array(states, (x, s) => { x.string(s); }).array([], () => {}).i64(-1);
  const r = await call(port, 66, 1, w);
  r.i32();
  if (r.i16() !== 0) throw new Error('ListTransactions failed');
  const unknown = r.array((x) => x.string());
  const txns = r.array((x) => { const t = { transactionalId: x.string(), producerId: x.i64(), state: x.string() }; x.tags(); return t; });
  return { unknown, txns };
}

export async function describeProducers(port: number, topic: string, partition: number): Promise<{ errorCode: number; producers: { producerId: number; epoch: number; lastSequence: number; txnStartOffset: number }[] }> {
  const w = new Writer(true).array([topic], (x, t) => { x.string(t).array([partition], (y, p) => { y.i32(p); }).tags(); });
  const r = await call(port, 61, 0, w);
  r.i32();
  const [t] = r.array((x) => {
    x.string();
    const parts = x.array((y) => {
      y.i32();
      const errorCode = y.i16();
      y.nullableString();
      const producers = y.array((z) => {
        const p = { producerId: z.i64(), epoch: z.i32(), lastSequence: z.i32() };
        z.i64(); z.i32();
        const out = { ...p, txnStartOffset: z.i64() };
        z.tags();
        return out;
      });
      y.tags();
      return { errorCode, producers };
    });
    x.tags();
    return parts[0];
  });
  if (t === undefined) throw new Error('DescribeProducers: no partition in the answer');
  return t;
}
