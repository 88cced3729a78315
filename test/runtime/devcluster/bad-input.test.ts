// Bad input closes only the offending connection (or gets the protocol's error code), logs one
// clear line, and loses nothing that was acknowledged.
import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { Reader } from '../../../runtime/src/devcluster/protocol/reader';
import { Writer } from '../../../runtime/src/devcluster/protocol/writer';
import { crc32c } from '../../../runtime/src/devcluster/protocol/crc32c';
import { encodeBatch } from '../../../runtime/src/devcluster/records/records-codec';
import { frame, rand, RawClient, startTestCluster, within } from './helpers';

let cluster: Awaited<ReturnType<typeof startTestCluster>>;
let kafka: Kafka;

before(async () => {
  cluster = await startTestCluster({ maxFrameBytes: 64 * 1024, autoCreateTopics: false });
  kafka = new Kafka({ clientId: 'bad-input-test', brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING });
});
after(() => cluster.close());

const body = (build: (w: Writer) => void): Buffer => {
  const w = new Writer();
  build(w);
  return Buffer.concat(w.finish());
};

function produceBody(topic: string, records: Buffer): Buffer {
  return body((w) => w.nullableString(null).i16(1).i32(5000)
    .array([topic], (x, t) => { x.string(t).array([0], (y, p) => { y.i32(p).nullableBytes(records); }); }));
}

/** Produce v3 response: the first partition's error code and base offset. */
function produceResult(res: Buffer): { errorCode: number; baseOffset: number } {
  const r = new Reader(res, false, 4);
  const [topic] = r.array((t) => ({ name: t.string(), parts: t.array((p) => ({ index: p.i32(), errorCode: p.i16(), baseOffset: p.i64(), time: p.i64() })) }));
  const part = topic?.parts[0];
  assert.ok(part !== undefined);
  return { errorCode: part.errorCode, baseOffset: part.baseOffset };
}

async function expectClosed(data: Buffer, logPattern: RegExp): Promise<void> {
  const before = cluster.lines.length;
  const raw = new RawClient(cluster.port);
  raw.send(data);
  await within(5000, 'the broker closing the bad connection', raw.closed);
  const logged = cluster.lines.slice(before).filter((l) => l.level === 'warn');
  assert.equal(logged.length, 1, JSON.stringify(logged));
  assert.match(logged[0]?.message ?? '', logPattern);
}

/** A kafkajs round trip on a fresh topic: the broker still serves other clients. */
async function stillServes(): Promise<void> {
  const topic = rand('alive');
  await cluster.createTopic(topic, 1);
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: [{ value: 'ok' }] });
  await producer.disconnect();
  const admin = kafka.admin();
  await admin.connect();
  assert.deepEqual((await admin.fetchTopicOffsets(topic)).map((o) => o.high), ['1']);
  await admin.disconnect();
}

test('an oversized frame closes that connection only, with one log line', async () => {
  const head = Buffer.alloc(4);
  head.writeInt32BE(64 * 1024 + 1);
  await expectClosed(head, /frame of 65537 bytes exceeds the limit of 65536/);
  const neg = Buffer.alloc(4);
  neg.writeInt32BE(-5);
  await expectClosed(neg, /negative frame size/);
  await stillServes();
});

test('truncated requests, unknown APIs and unknown versions close the connection', async () => {
  await expectClosed(frame(3, 1, 7, Buffer.from([0, 0, 0, 1, 0])), /malformed request: truncated frame/);
  await expectClosed(frame(999, 0, 8, Buffer.alloc(0)), /unknown API key 999/);
  await expectClosed(frame(3, 99, 9, Buffer.alloc(0)), /unsupported Metadata version 99/);
  await expectClosed(Buffer.from([0, 0, 0, 2, 0, 3]), /truncated frame/);
  await stillServes();
});

test('an unknown ApiVersions version is answered in v0 form with UNSUPPORTED_VERSION and the list', async () => {
  const raw = new RawClient(cluster.port);
  raw.send(frame(18, 42, 11, Buffer.alloc(0)));
  const res = await within(5000, 'ApiVersions response', raw.next());
  const r = new Reader(res);
  assert.equal(r.i32(), 11);
  assert.equal(r.i16(), 35);
  const keys = r.array((x) => ({ key: x.i16(), min: x.i16(), max: x.i16() }));
  assert.ok(keys.some((k) => k.key === 0 && k.min === 0 && k.max === 7));
  raw.close();
});

test('missing topics get UNKNOWN_TOPIC_OR_PARTITION when auto-creation is off', async () => {
  const raw = new RawClient(cluster.port);
  const missing = rand('missing');
  raw.send(frame(3, 4, 1, body((w) => w.array([missing], (x, t) => { x.string(t); }).bool(true))));
  const meta = new Reader(await within(5000, 'metadata', raw.next()), false, 4);
  meta.i32();
  meta.array((b) => { b.i32(); b.string(); b.i32(); b.nullableString(); });
  meta.nullableString();
  meta.i32();
  const [t] = meta.array((x) => ({ error: x.i16(), name: x.string() , _i: x.bool(), _p: x.array(() => 0) }));
  assert.deepEqual([t?.error, t?.name], [3, missing]);
  raw.send(frame(20, 1, 3, body((w) => w.array([missing], (x, t) => { x.string(t); }).i32(1000))));
  const del = new Reader(await within(5000, 'delete topics', raw.next()), false, 4);
  del.i32();
  assert.deepEqual(del.array((x) => [x.string(), x.i16()]), [[missing, 3]]);
  raw.send(frame(0, 3, 2, produceBody(missing, encodeBatch({ records: [{ key: null, value: Buffer.from('x') }] }))));
  assert.equal(produceResult(await within(5000, 'produce', raw.next())).errorCode, 3);
  raw.close();
});

test('an unknown compression codec and corrupt batches get their error codes and append nothing', async () => {
  const topic = rand('codec');
  await cluster.createTopic(topic, 1);
  const raw = new RawClient(cluster.port);
  const unknown = encodeBatch({ records: [{ key: null, value: Buffer.from('x') }] });
  unknown.writeInt16BE(5, 21); // codec 5: none such in Kafka
  unknown.writeUInt32BE(crc32c(unknown, 21), 17);
  const before = cluster.lines.length;
  raw.send(frame(0, 3, 1, produceBody(topic, unknown)));
  assert.equal(produceResult(await within(5000, 'produce', raw.next())).errorCode, 76);
  assert.match(cluster.lines.slice(before).map((l) => l.message).join('\n'), /unknown compression codec 5/);
  const corrupt = encodeBatch({ records: [{ key: null, value: Buffer.from('y') }] });
  corrupt.writeUInt8(corrupt.readUInt8(corrupt.length - 1) ^ 0xff, corrupt.length - 1);
  raw.send(frame(0, 3, 2, produceBody(topic, corrupt)));
  assert.equal(produceResult(await within(5000, 'produce', raw.next())).errorCode, 2);
  const good = encodeBatch({ records: [{ key: null, value: Buffer.from('z') }] });
  raw.send(frame(0, 3, 3, produceBody(topic, good)));
  assert.deepEqual(produceResult(await within(5000, 'produce', raw.next())), { errorCode: 0, baseOffset: 0 });
  raw.close();
});

test('an idempotent producer retrying its last batch is stored once', async () => {
  const topic = rand('dedupe');
  await cluster.createTopic(topic, 1);
  const raw = new RawClient(cluster.port);
  const batch = () => encodeBatch({ producerId: 77, producerEpoch: 0, baseSequence: 0, records: [{ key: null, value: Buffer.from('once') }] });
  raw.send(frame(0, 3, 1, produceBody(topic, batch())));
  raw.send(frame(0, 3, 2, produceBody(topic, batch())));
  const first = produceResult(await within(5000, 'produce', raw.next()));
  const retry = produceResult(await within(5000, 'produce', raw.next()));
  assert.deepEqual([first, retry], [{ errorCode: 0, baseOffset: 0 }, { errorCode: 0, baseOffset: 0 }]);
  raw.close();
  const admin = kafka.admin();
  await admin.connect();
  assert.deepEqual((await admin.fetchTopicOffsets(topic)).map((o) => o.high), ['1']);
  await admin.disconnect();
});
