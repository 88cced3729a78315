// Memory of the dev cluster with a data directory: RSS while 1 GB of records is produced through
// kafkajs, after reading it all back, after a restart on the same directory, and (retention.bytes
// 128 MiB) while another 1 GB flows through a topic that keeps only its newest segments.
// Prints MiB. Peer: the same broker with no data directory (everything in memory) for the first
// phase, so the ratio says how much the disk layout saves. BENCH_LOG_MB (default 1024).
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel } from 'kafkajs';
import { startDevCluster } from 'streamwise/devcluster';

const LOG_MB = Number(process.env.BENCH_LOG_MB ?? 1024);
const rssMb = () => Math.round(process.memoryUsage().rss / 1024 / 1024);
const value = Buffer.alloc(1000, 'x');

async function produce(brokers, topic, mb, onProgress) {
  const producer = new Kafka({ clientId: 'rss-bench', brokers, logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  const perSend = 500;
  const sends = Math.ceil((mb * 1024 * 1024) / (perSend * value.length));
  for (let i = 0; i < sends; i++) {
    await producer.send({ topic, acks: -1, messages: Array.from({ length: perSend }, () => ({ value })) });
    if (i % Math.ceil(sends / 8) === 0) onProgress(Math.round((i * perSend * value.length) / 1024 / 1024));
  }
  await producer.disconnect();
}

async function readAll(brokers, topic, expected) {
  const consumer = new Kafka({ clientId: 'rss-read', brokers, logLevel: logLevel.NOTHING }).consumer({ groupId: `rss-${Date.now()}`, maxBytes: 8 * 1024 * 1024 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let n = 0;
  await new Promise((resolve) => {
    void consumer.run({ eachBatch: async ({ batch }) => { n += batch.messages.length; if (n >= expected) resolve(); } });
  });
  await consumer.disconnect();
  return n;
}

/** MiB of a topic's segment files (its folders are named by the topic id in topics.journal). */
function diskMb(dataDir, topic) {
  const line = readFileSync(join(dataDir, 'topics.journal'), 'utf8').split('\n').map((l) => { try { return JSON.parse(l.slice(9)); } catch { return undefined; } }).find((e) => e?.op === 'create' && e.name === topic);
  if (line === undefined) return -1;
  let bytes = 0;
  for (const d of readdirSync(join(dataDir, 'logs')).filter((n) => n.startsWith(`${line.id}-`))) {
    for (const f of readdirSync(join(dataDir, 'logs', d))) bytes += statSync(join(dataDir, 'logs', d, f)).size;
  }
  return Math.round(bytes / 1024 / 1024);
}

async function phase(dataDir) {
  const base = rssMb();
  const cluster = await startDevCluster({ port: 0, dataDir, defaultPartitions: 1 });
  const topic = 'rss-log';
  await cluster.createTopic(topic, 1);
  const samples = [];
  const t0 = performance.now();
  await produce(cluster.bootstrapServers, topic, LOG_MB, (mb) => samples.push(`${mb}MB:${rssMb()}`));
  const secs = (performance.now() - t0) / 1000;
  const afterProduce = rssMb();
  const count = Math.ceil((LOG_MB * 1024 * 1024) / (500 * value.length)) * 500;
  await readAll(cluster.bootstrapServers, topic, count);
  const afterRead = rssMb();
  await cluster.close();
  return { base, samples, afterProduce, afterRead, secs };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'streamwise-rss-'));
  try {
    console.log(`dev cluster RSS, ${LOG_MB} MB of 1 KB records (kafkajs producer, acks=all), RSS of this process in MiB`);
    const disk = await phase(dir);
    console.log(`with --data-dir: start ${disk.base}, while producing ${disk.samples.join(' ')}, after producing ${disk.afterProduce}, after reading it all ${disk.afterRead} (${(LOG_MB / disk.secs).toFixed(0)} MB/s in)`);
    // Retention checked every second here (Kafka's default is 5 minutes), so segments really go.
    const restarted = await startDevCluster({ port: 0, dataDir: dir, retentionCheckIntervalMs: 1000 });
    console.log(`restart on the same directory: RSS ${rssMb()} after loading the ${LOG_MB} MB log`);
    const kept = 'rss-retained';
    const admin = new Kafka({ clientId: 'rss-admin', brokers: restarted.bootstrapServers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: kept, numPartitions: 1, configEntries: [{ name: 'retention.bytes', value: String(128 * 1024 * 1024) }, { name: 'segment.bytes', value: String(32 * 1024 * 1024) }] }] });
    const ret = [];
    await produce(restarted.bootstrapServers, kept, LOG_MB, (mb) => ret.push(`${mb}MB:${rssMb()}/${diskMb(dir, kept)}`));
    console.log(`retention.bytes 128 MiB (segments 32 MiB, checked every second), ${LOG_MB} MB through it: RSS/MiB on disk ${ret.join(' ')}, end ${rssMb()}/${diskMb(dir, kept)}`);
    await admin.disconnect();
    await restarted.close();
    const mem = await phase(undefined);
    console.log(`peer (same broker, in memory): after producing ${mem.afterProduce}, after reading ${mem.afterRead}`);
    console.log(`ratio in-memory RSS / data-dir RSS after producing: ${(mem.afterProduce / disk.afterProduce).toFixed(2)} (goal >= 1.0: the log is not held in RAM)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => { console.error(error); process.exitCode = 1; });
