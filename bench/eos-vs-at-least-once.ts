// The gateway-log router (filter, parse JSON, branch into four sinks) as KafkaStreams under
// exactly_once_v2 next to the same app under at_least_once, on the same embedded dev cluster in
// the same run, each with its Kafka Streams defaults (commit every 100 ms under EOS, 30 s
// otherwise). A run lasts from start() until close() returned: EOS output is only visible once
// its last transaction committed, and close() commits both. Prints records/s for both per round,
// the medians and the ratio EOS / at-least-once (goal >= 0.7).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { KafkaStreams } from 'streamwise';
import { startDevCluster } from 'streamwise/devcluster';
import { RAW_TOPIC, buildGatewayRouter } from '../examples/gateway-log-router';
import { sampleLogLines } from '../examples/gateway-on-dev-cluster';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PARTITIONS = 4;
type Guarantee = 'at_least_once' | 'exactly_once_v2';

const stateDir = mkdtempSync(join(tmpdir(), 'bench-eos-'));
process.once('exit', () => rmSync(stateDir, { recursive: true, force: true }));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function run(brokers: string[], guarantee: Guarantee, round: number): Promise<number> {
  // Its own state directory: another run of this bench on the machine must not find it locked.
  const app = new KafkaStreams(buildGatewayRouter(), { applicationId: `bench-${guarantee}-${round}`, bootstrapServers: brokers, processingGuarantee: guarantee, stateDir });
  const started = performance.now();
  await app.start();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if ((app.metrics().topics[RAW_TOPIC]?.recordsIn ?? 0) >= RECORDS) { clearInterval(timer); resolve(); }
    }, 5);
  });
  await app.close();
  const elapsed = performance.now() - started;
  return RECORDS / (elapsed / 1000);
}

async function main(): Promise<void> {
  const cluster = await startDevCluster({ port: 0, defaultPartitions: PARTITIONS });
  try {
    const brokers = cluster.bootstrapServers;
    await cluster.createTopic(RAW_TOPIC, PARTITIONS);
    const lines = sampleLogLines(RECORDS);
    const kafka = new Kafka({ clientId: 'bench-input', brokers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    for (let i = 0; i < lines.length; i += 10_000) {
      await producer.send({ topic: RAW_TOPIC, acks: -1, messages: lines.slice(i, i + 10_000).map((r) => ({ key: r.key, value: r.value })) });
    }
    await producer.disconnect();
    console.log(`gateway router, ${RECORDS} records, ${PARTITIONS} partitions, dev cluster ${brokers.join(',')}`);
    const eos: number[] = [];
    const alos: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // Alternate the order so neither side always runs on a warmer process.
      if (round % 2 === 1) {
        eos.push(await run(brokers, 'exactly_once_v2', round));
        alos.push(await run(brokers, 'at_least_once', round));
      } else {
        alos.push(await run(brokers, 'at_least_once', round));
        eos.push(await run(brokers, 'exactly_once_v2', round));
      }
      console.log(`round ${round}: exactly_once_v2 ${Math.round(eos[eos.length - 1] ?? 0)} rec/s, at_least_once ${Math.round(alos[alos.length - 1] ?? 0)} rec/s`);
    }
    const a = median(eos);
    const b = median(alos);
    console.log(`median of ${ROUNDS}: exactly_once_v2 ${Math.round(a)} rec/s, at_least_once ${Math.round(b)} rec/s, ratio ${(a / b).toFixed(2)} (goal >= 0.7)`);
  } finally {
    await cluster.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
