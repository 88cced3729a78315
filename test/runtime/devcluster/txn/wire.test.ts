// Producer checks and transaction APIs on the wire: sequence and epoch errors, duplicates answered
// with the original offset, transactional writes outside a transaction refused, Fetch
// read_committed with the last stable offset and aborted transactions, Describe/ListTransactions,
// DescribeProducers.
import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { ErrorCode } from '../../../../runtime/src/devcluster/protocol/error-codes';
import { Reader } from '../../../../runtime/src/devcluster/protocol/reader';
import { Writer } from '../../../../runtime/src/devcluster/protocol/writer';
import { encodeBatch } from '../../../../runtime/src/devcluster/records/records-codec';
import { TRANSACTIONAL_FLAG, withAttributes } from '../../../../runtime/src/devcluster/txn/control-batch';
import { frame, rand, RawClient, startTestCluster } from '../helpers';
import { describeProducers, describeTransactions, listTransactions } from './raw-txn';

let cluster: Awaited<ReturnType<typeof startTestCluster>>;
let kafka: Kafka;
before(async () => {
  cluster = await startTestCluster();
  kafka = new Kafka({ clientId: 'txn-wire', brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING });
});
after(() => cluster.close());

const body = (build: (w: Writer) => void): Buffer => {
  const w = new Writer();
  build(w);
  return Buffer.concat(w.finish());
};

async function call(f: Buffer): Promise<Reader> {
  const c = new RawClient(cluster.port);
  try {
    c.send(f);
    return new Reader(await c.next(), false, 4);
  } finally {
    c.close();
  }
}

async function initProducerId(transactionalId: string | null): Promise<{ errorCode: number; producerId: number; epoch: number }> {
  const r = await call(frame(22, 1, 1, body((w) => w.nullableString(transactionalId).i32(60_000))));
  r.i32();
  return { errorCode: r.i16(), producerId: r.i64(), epoch: r.i16() };
}

/** Produce v7 of one batch to partition 0: the error code and base offset. */
async function produce(topic: string, batch: Buffer, transactionalId: string | null = null): Promise<{ errorCode: number; baseOffset: number }> {
  const r = await call(frame(0, 7, 1, body((w) => w.nullableString(transactionalId).i16(-1).i32(1000).array([topic], (x, t) => {
    x.string(t).array([0], (y) => { y.i32(0).nullableBytes(batch); });
  }))));
  const [p] = r.array((x) => { x.string(); return x.array((y) => { y.i32(); const res = { errorCode: y.i16(), baseOffset: y.i64() }; y.i64(); y.i64(); return res; }); })[0] ?? [];
  assert.ok(p !== undefined);
  return p;
}

const idem = (producerId: number, producerEpoch: number, baseSequence: number, n = 1) =>
  encodeBatch({ producerId, producerEpoch, baseSequence, records: Array.from({ length: n }, (_, i) => ({ key: null, value: Buffer.from(`v${baseSequence + i}`) })) });

test('idempotent produce: a retry gets the original offset, a gap or an old epoch is refused', async () => {
  const topic = rand('idem');
  await cluster.createTopic(topic, 1);
  const { producerId } = await initProducerId(null);
  assert.deepEqual(await produce(topic, idem(producerId, 0, 0, 3)), { errorCode: 0, baseOffset: 0 });
  assert.deepEqual(await produce(topic, idem(producerId, 0, 3, 2)), { errorCode: 0, baseOffset: 3 });
  assert.deepEqual(await produce(topic, idem(producerId, 0, 0, 3)), { errorCode: 0, baseOffset: 0 });
  assert.equal((await produce(topic, idem(producerId, 0, 9))).errorCode, ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
  assert.deepEqual(await produce(topic, idem(producerId, 1, 0)), { errorCode: 0, baseOffset: 5 });
  assert.equal((await produce(topic, idem(producerId, 0, 5))).errorCode, ErrorCode.INVALID_PRODUCER_EPOCH);
  const admin = kafka.admin();
  await admin.connect();
  assert.equal((await admin.fetchTopicOffsets(topic))[0]?.high, '6');
  await admin.disconnect();
});

test('a transactional batch outside an open transaction of that partition is refused', async () => {
  const topic = rand('notxn');
  await cluster.createTopic(topic, 1);
  const id = rand('tx');
  const { producerId, epoch } = await initProducerId(id);
  const batch = withAttributes(idem(producerId, epoch, 0), TRANSACTIONAL_FLAG);
  assert.equal((await produce(topic, batch, id)).errorCode, ErrorCode.INVALID_TXN_STATE);
  // An unknown producer id is refused too (no transactional id holds it).
  assert.equal((await produce(topic, withAttributes(idem(producerId + 100_000, 0, 0), TRANSACTIONAL_FLAG), id)).errorCode, ErrorCode.INVALID_PRODUCER_ID_MAPPING);
  // A second InitProducerId bumps the epoch.
  assert.deepEqual(await initProducerId(id), { errorCode: 0, producerId, epoch: epoch + 1 });
});

test('Fetch read_committed: LSO, aborted transactions, Describe/ListTransactions, DescribeProducers', async () => {
  const topic = rand('rc');
  await cluster.createTopic(topic, 1);
  const txnId = rand('kj-tx');
  const producer = kafka.producer({ transactionalId: txnId, idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    const aborted = await producer.transaction();
    await aborted.send({ topic, messages: [{ value: 'a' }, { value: 'b' }] });
    await aborted.abort(); // 0-1, marker 2
    const open = await producer.transaction();
    await open.send({ topic, messages: [{ value: 'c' }] }); // 3, open
    const [d] = await describeTransactions(cluster.port, [txnId]);
    assert.equal(d?.state, 'Ongoing');
    assert.deepEqual(d?.topics, [{ topic, partitions: [0] }]);
    const producers = await describeProducers(cluster.port, topic, 0);
    assert.deepEqual(producers.producers.map((p) => ({ id: p.producerId, start: p.txnStartOffset })), [{ id: d?.producerId, start: 3 }]);
    const listed = await listTransactions(cluster.port, ['Ongoing', 'Nonsense']);
    assert.deepEqual(listed.unknown, ['Nonsense']);
    assert.ok(listed.txns.some((t) => t.transactionalId === txnId && t.state === 'Ongoing' && t.producerId === d?.producerId));
    const r = await call(frame(1, 11, 1, body((w) => w.i32(-1).i32(0).i32(0).i32(1 << 20).i8(1).i32(0).i32(-1)
      .array([topic], (x, t) => { x.string(t).array([0], (y) => { y.i32(0).i32(-1).i64(0).i64(-1).i32(1 << 20); }); })
      .array([], () => {}).string(''))));
    r.i32(); r.i16(); r.i32();
    const [part] = r.array((x) => { x.string(); return x.array((y) => ({
      index: y.i32(), errorCode: y.i16(), highWatermark: y.i64(), lastStableOffset: y.i64(), logStartOffset: y.i64(),
      aborted: y.nullableArray((z) => ({ producerId: z.i64(), firstOffset: z.i64() })), replica: y.i32(), records: y.nullableBytes(),
    })); })[0] ?? [];
    assert.equal(part?.highWatermark, 4);
    assert.equal(part?.lastStableOffset, 3);
    assert.deepEqual(part?.aborted, [{ producerId: d?.producerId, firstOffset: 0 }]);
    // Two batches up to the LSO: the aborted data and its marker; nothing of the open transaction.
    const records = part?.records ?? Buffer.alloc(0);
    const first = records.readInt32BE(8) + 12;
    assert.equal(Number(records.readBigInt64BE(first)), 2);
    assert.equal(records.length, first + records.readInt32BE(first + 8) + 12);
    await open.commit();
    assert.equal((await describeTransactions(cluster.port, [txnId]))[0]?.state, 'CompleteCommit');
    assert.equal((await describeTransactions(cluster.port, ['no-such-id']))[0]?.errorCode, ErrorCode.TRANSACTIONAL_ID_NOT_FOUND);
  } finally {
    await producer.disconnect();
  }
});

test('coordinator answers: timeout bound, wrong state, fencing per version, unknown partitions', async () => {
  const topic = rand('coord');
  await cluster.createTopic(topic, 1);
  const id = rand('tx');
  const tooLong = await call(frame(22, 1, 1, body((w) => w.nullableString(id).i32(900_001))));
  tooLong.i32();
  assert.equal(tooLong.i16(), ErrorCode.INVALID_TRANSACTION_TIMEOUT);
  const first = await initProducerId(id);
  const endTxn = async (v: number, producerId: number, epoch: number, commit: boolean): Promise<number> => {
    const flex = v >= 3;
    const w = new Writer(flex).string(id).i64(producerId).i16(epoch).bool(commit);
    const r = new Reader(await (async () => {
      const c = new RawClient(cluster.port);
      try { c.send(frame(26, v, 1, Buffer.concat(w.tags().finish()), flex)); return await c.next(); } finally { c.close(); }
    })(), flex, 4);
    if (flex) r.tags();
    r.i32();
    return r.i16();
  };
  assert.equal(await endTxn(1, first.producerId, first.epoch, true), ErrorCode.INVALID_TXN_STATE);
  assert.equal(await endTxn(1, first.producerId + 1, first.epoch, true), ErrorCode.INVALID_PRODUCER_ID_MAPPING);
  const second = await initProducerId(id);
  // The older epoch is fenced: PRODUCER_FENCED from v2 on, INVALID_PRODUCER_EPOCH for older clients.
  assert.equal(await endTxn(1, first.producerId, first.epoch, true), ErrorCode.INVALID_PRODUCER_EPOCH);
  assert.equal(await endTxn(3, first.producerId, first.epoch, true), ErrorCode.PRODUCER_FENCED);
  const add = await call(frame(24, 1, 1, body((w) => w.string(id).i64(second.producerId).i16(second.epoch)
    .array([topic, 'no-such-topic'], (x, t) => { x.string(t).array([0], (y) => { y.i32(0); }); }))));
  add.i32();
  const codes = add.array((x) => ({ name: x.string(), codes: x.array((y) => { y.i32(); return y.i16(); }) }));
  assert.deepEqual(codes, [{ name: topic, codes: [ErrorCode.OPERATION_NOT_ATTEMPTED] }, { name: 'no-such-topic', codes: [ErrorCode.UNKNOWN_TOPIC_OR_PARTITION] }]);
  // Nothing was added: the transaction is still empty.
  assert.equal((await describeTransactions(cluster.port, [id]))[0]?.state, 'Empty');
});
