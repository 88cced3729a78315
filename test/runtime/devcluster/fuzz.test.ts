// Throws random and mutated valid frames at the broker (seeded, bounded in count and time), then
// checks nothing acknowledged was lost and a kafkajs client still produces and consumes.
import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { Writer } from '../../../runtime/src/devcluster/protocol/writer';
import { encodeBatch } from '../../../runtime/src/devcluster/records/records-codec';
import { frame, rand, RawClient, startTestCluster, within } from './helpers';

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const ITERATIONS = 300;
const BUDGET_MS = 20_000;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const body = (build: (w: Writer) => void, flex = false): Buffer => {
  const w = new Writer(flex);
  build(w);
  return Buffer.concat(w.finish());
};

/** Valid requests of most APIs, to mutate. */
function corpus(topic: string, group: string): Buffer[] {
  const batch = encodeBatch({ records: [{ key: Buffer.from('k'), value: Buffer.from('v'), headers: [{ key: 'h', value: Buffer.from('x') }] }] });
  const gz = encodeBatch({ compression: 'gzip', records: [{ key: null, value: Buffer.from('gz') }] });
  const produce = (records: Buffer) => body((w) => w.nullableString(null).i16(1).i32(1000)
    .array([topic], (x, t) => { x.string(t).array([0], (y, p) => { y.i32(p).nullableBytes(records); }); }));
  return [
    frame(18, 0, 1, Buffer.alloc(0)),
    frame(18, 3, 2, body((w) => w.string('fuzz').string('1').tags(), true), true),
    frame(3, 1, 3, body((w) => w.array([topic], (x, t) => { x.string(t); }))),
    frame(3, 9, 4, body((w) => w.array([topic], (x, t) => { x.string(t).tags(); }).bool(true).bool(false).bool(false).tags(), true), true),
    frame(0, 3, 5, produce(batch)),
    frame(0, 7, 6, produce(gz)),
    frame(1, 11, 7, body((w) => w.i32(-1).i32(10).i32(1).i32(1 << 20).i8(0).i32(0).i32(-1)
      .array([topic], (x, t) => { x.string(t).array([0], (y) => { y.i32(0).i32(-1).i64(0).i64(-1).i32(1 << 20); }); })
      .array([], () => {}).string(''))),
    frame(2, 2, 8, body((w) => w.i32(-1).i8(0).array([topic], (x, t) => { x.string(t).array([0], (y) => { y.i32(0).i64(-1); }); }))),
    frame(10, 1, 9, body((w) => w.string(group).i8(0))),
    frame(11, 5, 10, body((w) => w.string(group).i32(6000).i32(100).string('').nullableString(null).string('consumer')
      .array(['range'], (x, n) => { x.string(n).nullableBytes(Buffer.from([0, 1, 2])); }))),
    frame(12, 3, 11, body((w) => w.string(group).i32(1).string('m').nullableString(null))),
    frame(8, 7, 12, body((w) => w.string(group).i32(-1).string('').nullableString(null)
      .array([topic], (x, t) => { x.string(t).array([0], (y) => { y.i32(0).i64(1).i32(-1).nullableString(null); }); }))),
    frame(9, 6, 13, body((w) => w.string(group).nullableArray([topic], (x, t) => { x.string(t).array([0], (y, p) => { y.i32(p); }).tags(); }).tags(), true), true),
    frame(15, 4, 14, body((w) => w.array([group], (x, g) => { x.string(g); }).bool(false))),
    frame(16, 2, 15, Buffer.alloc(0)),
    frame(19, 4, 16, body((w) => w.array([`${topic}-new`], (x, t) => { x.string(t).i32(2).i16(1).array([], () => {}).array([], () => {}); }).i32(1000).bool(false))),
    frame(32, 2, 17, body((w) => w.array([topic], (x, t) => { x.i8(2).string(t).nullableArray(null, () => {}); }).bool(false))),
    frame(22, 1, 18, body((w) => w.nullableString(null).i32(1000))),
  ];
}

function mutate(rng: () => number, valid: Buffer[]): Buffer {
  const pick = valid[Math.floor(rng() * valid.length)] ?? Buffer.alloc(4);
  const f = Buffer.from(pick);
  const kind = Math.floor(rng() * 6);
  if (kind === 0) { // random bytes with a plausible size prefix
    const n = Math.floor(rng() * 64);
    const out = Buffer.alloc(4 + n);
    out.writeInt32BE(n);
    for (let i = 4; i < out.length; i++) out[i] = Math.floor(rng() * 256);
    return out;
  }
  if (kind === 1) { // flip bytes after the size
    for (let i = 0; i < 1 + Math.floor(rng() * 4); i++) {
      const at = 4 + Math.floor(rng() * (f.length - 4));
      f[at] = Math.floor(rng() * 256);
    }
    return f;
  }
  if (kind === 2) { // truncate the body, size prefix adjusted
    const keep = 4 + Math.floor(rng() * (f.length - 4));
    const out = f.subarray(0, keep);
    out.writeInt32BE(keep - 4);
    return out;
  }
  if (kind === 3) { // another API key or version
    f.writeInt16BE(Math.floor(rng() * 70) - 3, 4 + Math.floor(rng() * 2) * 2);
    return f;
  }
  if (kind === 4) { // a lying size prefix
    f.writeInt32BE(Math.floor(rng() * 2 ** 31) - 2 ** 30);
    return f;
  }
  return f; // valid as is
}

let cluster: Awaited<ReturnType<typeof startTestCluster>>;
before(async () => { cluster = await startTestCluster({ maxFrameBytes: 1 << 20, defaultPartitions: 2 }); });
after(() => cluster.close());

test(`fuzzed frames never break the broker (seed ${SEED}; rerun with FUZZ_SEED=${SEED})`, async () => {
  const rng = mulberry32(SEED);
  const kafka = new Kafka({ clientId: 'fuzz-check', brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING });
  const keep = rand('keep');
  await cluster.createTopic(keep, 1);
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: keep, messages: [{ key: 'a', value: 'acknowledged' }] });

  const valid = corpus(rand('fz'), rand('fg'));
  const started = Date.now();
  let sent = 0;
  try {
    for (let i = 0; i < ITERATIONS && Date.now() - started < BUDGET_MS; i++) {
      const raw = new RawClient(cluster.port);
      const n = 1 + Math.floor(rng() * 4);
      for (let k = 0; k < n; k++) raw.send(mutate(rng, valid));
      // A sentinel ApiVersions request: answered once the others were, unless the connection
      // was closed or is parked (a fuzzed fetch or join may legitimately wait).
      raw.send(frame(18, 0, 999_999, Buffer.alloc(0)));
      await Promise.race([raw.closed, (async () => { for (;;) if ((await raw.next()).readInt32BE(0) === 999_999) return; })(),
        new Promise<void>((resolve) => setTimeout(resolve, 500))]);
      raw.close();
      sent += n;
    }
    const internal = cluster.lines.filter((l) => l.level === 'error');
    assert.deepEqual(internal.map((l) => l.message), [], 'no internal errors');
    assert.ok(cluster.lines.some((l) => l.level === 'warn' && /closing connection/.test(l.message)), 'bad frames were rejected');

    await producer.send({ topic: keep, messages: [{ key: 'b', value: 'after fuzz' }] });
    const consumer = kafka.consumer({ groupId: rand('fuzz-g'), maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic: keep, fromBeginning: true });
    const got: string[] = [];
    await within(20_000, 'consuming after the fuzz', new Promise<void>((resolve) => {
      void consumer.run({ eachMessage: async ({ message }) => {
        got.push(String(message.value));
        if (got.length === 2) resolve();
      } });
    }));
    await consumer.disconnect();
    assert.deepEqual(got, ['acknowledged', 'after fuzz']);
    assert.ok(sent > 0);
  } catch (error) {
    throw new Error(`fuzz failed with FUZZ_SEED=${SEED}: ${(error as Error).message}`, { cause: error });
  } finally {
    await producer.disconnect();
  }
});
