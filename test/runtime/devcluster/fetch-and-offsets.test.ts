// Fetch parks until data arrives or max wait passes; acks=0 gets no response; ListOffsets by time.
import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { Reader } from '../../../runtime/src/devcluster/protocol/reader';
import { Writer } from '../../../runtime/src/devcluster/protocol/writer';
import { encodeBatch } from '../../../runtime/src/devcluster/records/records-codec';
import { frame, rand, RawClient, startTestCluster, within } from './helpers';

let cluster: Awaited<ReturnType<typeof startTestCluster>>;
let kafka: Kafka;
before(async () => {
  cluster = await startTestCluster();
  kafka = new Kafka({ clientId: 'fetch-test', brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING });
});
after(() => cluster.close());

const body = (build: (w: Writer) => void): Buffer => {
  const w = new Writer();
  build(w);
  return Buffer.concat(w.finish());
};

const fetchFrame = (id: number, topic: string, offset: number, maxWaitMs: number, minBytes = 1) =>
  frame(1, 11, id, body((w) => w.i32(-1).i32(maxWaitMs).i32(minBytes).i32(1 << 20).i8(0).i32(0).i32(-1)
    .array([topic], (x, t) => { x.string(t).array([0], (y) => { y.i32(0).i32(-1).i64(offset).i64(-1).i32(1 << 20); }); })
    .array([], () => {}).string('')));

/** Fetch v11 response: high watermark and record bytes of the first partition. */
function fetchResult(res: Buffer): { errorCode: number; highWatermark: number; records: number } {
  const r = new Reader(res, false, 4);
  r.i32(); r.i16(); r.i32();
  const [t] = r.array((x) => ({ name: x.string(), parts: x.array((y) => {
    const p = { index: y.i32(), errorCode: y.i16(), highWatermark: y.i64() };
    y.i64(); y.i64(); y.nullableArray((z) => { z.i64(); z.i64(); }); y.i32();
    return { ...p, records: y.nullableBytes()?.length ?? -1 };
  }) }));
  const p = t?.parts[0];
  assert.ok(p !== undefined);
  return { errorCode: p.errorCode, highWatermark: p.highWatermark, records: p.records };
}

const produceFrame = (id: number, topic: string, acks: number, value: string) =>
  frame(0, 7, id, body((w) => w.nullableString(null).i16(acks).i32(1000).array([topic], (x, t) => {
    x.string(t).array([0], (y) => { y.i32(0).nullableBytes(encodeBatch({ records: [{ key: null, value: Buffer.from(value) }] })); });
  })));

test('a parked fetch is answered as soon as a record arrives, long before its max wait', async () => {
  const topic = rand('park');
  await cluster.createTopic(topic, 1);
  const consumer = new RawClient(cluster.port);
  consumer.send(fetchFrame(1, topic, 0, 60_000));
  const response = consumer.next();
  const producer = new RawClient(cluster.port);
  producer.send(produceFrame(2, topic, 1, 'wake'));
  await within(5000, 'produce ack', producer.next());
  const res = fetchResult(await within(5000, 'the parked fetch (max wait 60 s)', response));
  assert.equal(res.errorCode, 0);
  assert.equal(res.highWatermark, 1);
  assert.ok(res.records > 0);
  consumer.close();
  producer.close();
});

test('a fetch with no data answers empty when its max wait ends; min bytes holds it until enough', async () => {
  const topic = rand('wait');
  await cluster.createTopic(topic, 1);
  const raw = new RawClient(cluster.port);
  // min bytes 0: answered at once even with a long max wait.
  raw.send(fetchFrame(0, topic, 0, 60_000, 0));
  assert.equal(fetchResult(await within(5000, 'the min-bytes-0 fetch', raw.next())).records, 0);
  raw.send(fetchFrame(1, topic, 0, 50));
  const empty = fetchResult(await within(5000, 'the empty fetch', raw.next()));
  assert.deepEqual(empty, { errorCode: 0, highWatermark: 0, records: 0 });
  // min bytes 100: one small batch (about 70 bytes) is not enough, two are.
  raw.send(fetchFrame(2, topic, 0, 60_000, 100));
  const parked = raw.next();
  let answered = false;
  void parked.then(() => { answered = true; });
  const producer = new RawClient(cluster.port);
  producer.send(produceFrame(3, topic, 1, 'one'));
  await within(5000, 'first ack', producer.next());
  assert.equal(answered, false);
  producer.send(produceFrame(4, topic, 1, 'two'));
  await within(5000, 'second ack', producer.next());
  const res = fetchResult(await within(5000, 'the min-bytes fetch', parked));
  assert.equal(res.highWatermark, 2);
  raw.close();
  producer.close();
});

test('acks=0 produce gets no response but is stored, and the connection goes on', async () => {
  const topic = rand('acks0');
  await cluster.createTopic(topic, 1);
  const raw = new RawClient(cluster.port);
  raw.send(produceFrame(1, topic, 0, 'fire'));
  raw.send(frame(18, 0, 2, Buffer.alloc(0)));
  const next = await within(5000, 'the ApiVersions response', raw.next());
  assert.equal(next.readInt32BE(0), 2); // correlation id 2: nothing came for id 1
  raw.send(produceFrame(3, topic, 5, 'bad acks'));
  const bad = new Reader(await within(5000, 'produce response', raw.next()), false, 4);
  bad.array((t) => { t.string(); t.array((p) => { p.i32(); assert.equal(p.i16(), 21); p.i64(); p.i64(); p.i64(); }); });
  raw.close();
  const admin = kafka.admin();
  await admin.connect();
  assert.deepEqual((await admin.fetchTopicOffsets(topic)).map((o) => o.high), ['1']);
  await admin.disconnect();
});

test('ListOffsets by timestamp finds the first record at or after it, inside a batch too', async () => {
  const topic = rand('times');
  await cluster.createTopic(topic, 1);
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: [1000, 2000, 3000].map((t) => ({ value: `t${t}`, timestamp: String(t) })) });
  await producer.send({ topic, messages: [{ value: 't4000', timestamp: '4000' }] });
  await producer.disconnect();
  const admin = kafka.admin();
  await admin.connect();
  const at = async (ts: number) => (await admin.fetchTopicOffsetsByTimestamp(topic, ts))[0]?.offset;
  assert.equal(await at(1500), '1');
  assert.equal(await at(3000), '2');
  assert.equal(await at(3500), '3');
  assert.equal(await at(9000), '4'); // none: kafkajs falls back to the end
  await admin.disconnect();
});
