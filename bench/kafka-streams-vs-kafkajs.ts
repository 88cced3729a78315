// KafkaStreams running the gateway-log router (filter, parse JSON, branch into four sinks) over
// 200,000 records on the embedded dev cluster, next to a hand-written kafkajs
// consume-transform-produce loop doing the same work on the same broker in the same run.
// Prints records/s for both per round, the medians and the ratio (goal >= 1.0).
import { Kafka, logLevel } from 'kafkajs';
import { KafkaStreams } from 'streamwise';
import { startDevCluster } from 'streamwise/devcluster';
import { ENDPOINT_TOPICS, RAW_TOPIC, buildGatewayRouter, parseLog } from '../examples/gateway-log-router';
import { sampleLogLines } from '../examples/gateway-on-dev-cluster';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PARTITIONS = 4;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

function route(line: string): string | undefined {
  if (line.trim() === '' || line.includes('"healthcheck"')) return undefined;
  const log = parseLog(line);
  if (log === null) return undefined;
  if (log.path.startsWith('/viewer')) return ENDPOINT_TOPICS.viewer;
  if (log.path.startsWith('/comment')) return ENDPOINT_TOPICS.comment;
  if (log.path.startsWith('/purchase')) return ENDPOINT_TOPICS.purchase;
  return ENDPOINT_TOPICS.other;
}

async function runStreams(brokers: string[], round: number, expectedOut: number): Promise<number> {
  const app = new KafkaStreams(buildGatewayRouter(), { applicationId: `bench-streams-${round}`, bootstrapServers: brokers, commitIntervalMs: 1000 });
  const started = performance.now();
  await app.start();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const m = app.metrics();
      if ((m.topics[RAW_TOPIC]?.recordsIn ?? 0) >= RECORDS && m.produced >= expectedOut) { clearInterval(timer); resolve(); }
    }, 5);
  });
  const elapsed = performance.now() - started;
  await app.close();
  return RECORDS / (elapsed / 1000);
}

async function runKafkajsLoop(brokers: string[], round: number, expectedOut: number): Promise<number> {
  const kafka = new Kafka({ clientId: `bench-loop-${round}`, brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId: `bench-loop-${round}`, maxWaitTimeInMs: 100 });
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topics: [RAW_TOPIC], fromBeginning: true });
  let consumed = 0;
  let produced = 0;
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    consumer.run({
      eachBatch: async ({ batch }) => {
        const byTopic = new Map<string, { key: Buffer | null; value: string }[]>();
        for (const m of batch.messages) {
          const value = m.value?.toString() ?? '';
          const topic = route(value);
          if (topic === undefined) continue;
          const log = parseLog(value);
          const list = byTopic.get(topic) ?? [];
          list.push({ key: m.key, value: JSON.stringify(log) });
          byTopic.set(topic, list);
        }
        const topicMessages = [...byTopic].map(([topic, messages]) => ({ topic: `loop-${topic}`, messages }));
        if (topicMessages.length > 0) await producer.sendBatch({ topicMessages, acks: -1 });
        consumed += batch.messages.length;
        produced += topicMessages.reduce((n, t) => n + t.messages.length, 0);
        if (consumed >= RECORDS && produced >= expectedOut) resolve();
      },
    }).catch(reject);
  });
  const elapsed = performance.now() - started;
  await consumer.disconnect();
  await producer.disconnect();
  return RECORDS / (elapsed / 1000);
}

async function main(): Promise<void> {
  const cluster = await startDevCluster({ port: 0, defaultPartitions: PARTITIONS });
  try {
    const brokers = cluster.bootstrapServers;
    await cluster.createTopic(RAW_TOPIC, PARTITIONS);
    const lines = sampleLogLines(RECORDS);
    const expectedOut = lines.filter((r) => route(r.value?.toString() ?? '') !== undefined).length;
    const kafka = new Kafka({ clientId: 'bench-input', brokers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    for (let i = 0; i < lines.length; i += 10_000) {
      await producer.send({ topic: RAW_TOPIC, acks: -1, messages: lines.slice(i, i + 10_000).map((r) => ({ key: r.key, value: r.value })) });
    }
    await producer.disconnect();
    console.log(`gateway router, ${RECORDS} records (${expectedOut} routed), ${PARTITIONS} partitions, dev cluster ${brokers.join(',')}`);
    const ours: number[] = [];
    const peer: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // Alternate the order so neither side always runs on a warmer process.
      if (round % 2 === 1) {
        ours.push(await runStreams(brokers, round, expectedOut));
        peer.push(await runKafkajsLoop(brokers, round, expectedOut));
      } else {
        peer.push(await runKafkajsLoop(brokers, round, expectedOut));
        ours.push(await runStreams(brokers, round, expectedOut));
      }
      console.log(`round ${round}: KafkaStreams ${Math.round(ours[ours.length - 1] ?? 0)} rec/s, kafkajs loop ${Math.round(peer[peer.length - 1] ?? 0)} rec/s`);
    }
    const a = median(ours);
    const b = median(peer);
    console.log(`median of ${ROUNDS}: KafkaStreams ${Math.round(a)} rec/s, hand-written kafkajs loop ${Math.round(b)} rec/s, ratio ${(a / b).toFixed(2)} (goal >= 1.0)`);
  } finally {
    await cluster.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
