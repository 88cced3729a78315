// kafkajs producing then consuming 200,000 records of 100 bytes against the dev cluster and
// against librdkafka's mock cluster (started with kcat) in the same run; several rounds, medians.
// Usage: node bench/devcluster-throughput.mjs [--records N] [--rounds R]
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { startDevClusterProcess, startMockCluster } from './lib/clusters.mjs';
import { Kafka, logLevel } from 'kafkajs';

const { values } = parseArgs({ options: { records: { type: 'string', default: '200000' }, rounds: { type: 'string', default: '5' } } });
const RECORDS = Number(values.records);
const ROUNDS = Number(values.rounds);
const PARTITIONS = 4; // the mock cluster auto-creates topics with 4 partitions
const BATCH = 1000;
const IN_FLIGHT = 4;
const payload = randomBytes(50).toString('hex'); // 100 bytes

async function round(brokers, label) {
  const kafka = new Kafka({ clientId: `bench-${label}`, brokers, logLevel: logLevel.NOTHING });
  const topic = `bench-${randomBytes(4).toString('hex')}`;
  const producer = kafka.producer({ allowAutoTopicCreation: true });
  await producer.connect();
  const messages = Array.from({ length: BATCH }, (_, i) => ({ key: `k${i % 64}`, value: payload }));
  let t0 = performance.now();
  let sent = 0;
  const worker = async () => {
    while (sent < RECORDS) {
      const n = Math.min(BATCH, RECORDS - sent);
      sent += n;
      await producer.send({ topic, acks: 1, messages: n === BATCH ? messages : messages.slice(0, n) });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const produceMs = performance.now() - t0;
  await producer.disconnect();

  // The mock cluster keeps a bounded log (old segments go): consume what each partition still
  // holds, from its low to its high watermark, and report how many records that was.
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const expected = ends.reduce((n, e) => n + Number(e.high) - Number(e.low), 0);
  const consumer = kafka.consumer({ groupId: `g-${topic}`, maxWaitTimeInMs: 100, maxBytes: 10 << 20 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let got = 0;
  let first = 0;
  let firstCount = 0;
  // Timed from the first fetched batch: group-join delays differ by broker configuration
  // (the mock's initial rebalance delay is seconds) and are not throughput.
  const consumeMs = await new Promise((resolve) => {
    void consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        if (got === 0) { first = performance.now(); firstCount = batch.messages.length; }
        got += batch.messages.length;
        if (got >= expected) resolve(performance.now() - first);
      },
    });
  });
  await consumer.disconnect();
  if (got !== expected) throw new Error(`${label}: consumed ${got} of ${expected}`);
  return { produce: RECORDS / (produceMs / 1000), consume: (got - firstCount) / (consumeMs / 1000), kept: expected };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const fmt = (n) => Math.round(n).toLocaleString('en-US');

export async function run() {
  const ours = await startDevClusterProcess(PARTITIONS);
  const mock = await startMockCluster();
  const results = { dev: [], mock: [] };
  try {
    for (let r = 0; r < ROUNDS; r++) {
      // Alternate the order so neither side always runs on a warmer process.
      const order = r % 2 === 0 ? ['dev', 'mock'] : ['mock', 'dev'];
      for (const side of order) {
        const res = await round([side === 'dev' ? ours.bootstrap : mock.bootstrap], side);
        results[side].push(res);
        const kept = res.kept === RECORDS ? '' : ` (the broker kept ${fmt(res.kept)} of ${fmt(RECORDS)} records)`;
        console.log(`round ${r + 1} ${side.padEnd(4)} produce ${fmt(res.produce)} rec/s  consume ${fmt(res.consume)} rec/s${kept}`);
      }
    }
  } finally {
    mock.close();
    await ours.close();
  }
  const summary = {};
  for (const side of ['dev', 'mock']) {
    summary[side] = { produce: median(results[side].map((x) => x.produce)), consume: median(results[side].map((x) => x.consume)) };
  }
  console.log(`\ndevcluster bench: kafkajs, ${RECORDS} records x 100 bytes, ${PARTITIONS} partitions, ${ROUNDS} rounds (medians)`);
  console.log(`  produce: dev cluster ${fmt(summary.dev.produce)} rec/s | librdkafka mock ${fmt(summary.mock.produce)} rec/s | ratio ${(summary.dev.produce / summary.mock.produce).toFixed(2)}x`);
  console.log(`  consume (timed from the first fetched batch): dev cluster ${fmt(summary.dev.consume)} rec/s | librdkafka mock ${fmt(summary.mock.consume)} rec/s | ratio ${(summary.dev.consume / summary.mock.consume).toFixed(2)}x`);
  return summary;
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
