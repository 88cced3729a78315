// Records the offset series in test/fixtures/lag/ from real groups on the embedded dev cluster:
//   npx tsx test/runtime/lag/record-lag-series.ts [scenario ...]
// Each fixture is { scenario, trackerOptions, snapshots: GroupSnapshot[] } as GroupSampler saw them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKafkaClient, KafkaStreams, silentLogger, StreamsBuilder } from '../../../runtime/src/index';
import type { GroupAssignor, KafkaClient } from '../../../runtime/src/kafka/client';
import { startDevCluster } from '../../../runtime/src/devcluster';
import { GroupSampler, type GroupSnapshot, type LagTrackerOptions } from '../../../runtime/src/lag/index';
import { tempStateDir } from '../streams/helpers/state-dir';

const outDir = fileURLToPath(new URL('../../fixtures/lag/', import.meta.url));
const delay = (ms: number) => new Promise<void>((r) => { setTimeout(r, ms); });

const allToOne: GroupAssignor = {
  name: 'all-to-first', userData: () => Buffer.alloc(0),
  assign(members, counts) {
    const out = new Map<string, { assignment: Record<string, number[]>; userData: Buffer }>();
    members.forEach((m, i) => {
      const assignment: Record<string, number[]> = {};
      if (i === 0) for (const [t, n] of counts) assignment[t] = Array.from({ length: n }, (_, p) => p);
      out.set(m.memberId, { assignment, userData: Buffer.alloc(0) });
    });
    return out;
  },
};

/** Produces `perSecond` records spread over the topic's partitions until stopped. */
function steadyProducer(client: KafkaClient, topic: string, partitions: number, perSecond: number) {
  const producer = client.producer({ idempotent: false });
  let running = true;
  const done = (async () => {
    await producer.connect();
    let n = 0;
    while (running) {
      const batch = Array.from({ length: Math.max(1, Math.round(perSecond / 10)) }, () => ({
        topic, partition: n++ % partitions, key: null, value: Buffer.from(String(n)), headers: {}, timestamp: Date.now(),
      }));
      await producer.send(batch);
      await delay(100);
    }
    await producer.disconnect();
  })();
  return async () => { running = false; await done; };
}

/** A hand-driven consumer: commits `fraction` of what it fetched every `commitMs`, or nothing. */
async function manualGroup(client: KafkaClient, groupId: string, topic: string, behaviour: { commitMs: number; fraction: number; commitUntilMs?: number }) {
  const consumer = client.consumer({ groupId, topics: [topic], assignor: allToOne, fromBeginning: true });
  await consumer.connect();
  const position = new Map<number, number>();
  const started = Date.now();
  void consumer.run(async (batch, ctx) => {
    const lastRecord = batch.records[batch.records.length - 1];
    if (lastRecord !== undefined) { position.set(batch.partition, lastRecord.offset + 1); ctx.resolveOffset(lastRecord.offset); }
  }, {});
  const timer = setInterval(() => {
    if (behaviour.fraction <= 0 || (behaviour.commitUntilMs !== undefined && Date.now() - started > behaviour.commitUntilMs)) return;
    const elapsed = (Date.now() - started) / 1000;
    void consumer.commit([...position].map(([partition, offset]) => ({ topic, partition, offset: Math.min(offset, Math.floor(elapsed * behaviour.fraction * 40)) }))).catch(() => undefined);
  }, behaviour.commitMs);
  return async () => { clearInterval(timer); await consumer.stop(); await consumer.disconnect(); };
}

interface Scenario { name: string; durationMs: number; sampleMs: number; trackerOptions: LagTrackerOptions; run(client: KafkaClient, group: string, topic: string, brokers: string[]): Promise<{ stop(): Promise<void>; midway?(): Promise<void> }> }

const scenarios: Scenario[] = [
  {
    // The bug of issue 12: Kafka Streams' default 30 s commit interval, keeping up with 40 records/s.
    name: 'keeps-up-30s-commits', durationMs: 125_000, sampleMs: 1000, trackerOptions: {},
    async run(client, group, topic, brokers) {
      const b = new StreamsBuilder();
      b.stream(topic).mapValues((v: string) => v.toUpperCase()).to(`${topic}-out`);
      const app = new KafkaStreams(b.build(), { stateDir: tempStateDir(), applicationId: group, bootstrapServers: brokers });
      await app.start();
      const stopProducer = steadyProducer(client, topic, 2, 40);
      return { stop: async () => { await stopProducer(); await app.close(); } };
    },
  },
  {
    // Commits at a quarter of the produce rate every second: falls behind.
    name: 'falling-behind', durationMs: 8000, sampleMs: 200, trackerOptions: { assumedCommitIntervalMs: 1000 },
    async run(client, group, topic) {
      const stopGroup = await manualGroup(client, group, topic, { commitMs: 1000, fraction: 0.25 });
      const stopProducer = steadyProducer(client, topic, 2, 40);
      return { stop: async () => { await stopProducer(); await stopGroup(); } };
    },
  },
  {
    // Commits for 2 s, then stays in the group without committing while records keep arriving.
    name: 'stalled', durationMs: 8000, sampleMs: 200, trackerOptions: { assumedCommitIntervalMs: 1000 },
    async run(client, group, topic) {
      const stopGroup = await manualGroup(client, group, topic, { commitMs: 500, fraction: 0.5, commitUntilMs: 2000 });
      const stopProducer = steadyProducer(client, topic, 2, 40);
      return { stop: async () => { await stopProducer(); await stopGroup(); } };
    },
  },
  {
    // An active member that has not committed yet (records waiting).
    name: 'no-commits-yet', durationMs: 3000, sampleMs: 200, trackerOptions: {},
    async run(client, group, topic) {
      const stopGroup = await manualGroup(client, group, topic, { commitMs: 1000, fraction: 0 });
      const stopProducer = steadyProducer(client, topic, 2, 40);
      return { stop: async () => { await stopProducer(); await stopGroup(); } };
    },
  },
  {
    // Commits for 2 s, then every member leaves while records keep arriving.
    name: 'stopped', durationMs: 5000, sampleMs: 200, trackerOptions: { assumedCommitIntervalMs: 1000 },
    async run(client, group, topic) {
      const stopGroup = await manualGroup(client, group, topic, { commitMs: 500, fraction: 0.5 });
      const stopProducer = steadyProducer(client, topic, 2, 40);
      setTimeout(() => { void stopGroup(); }, 2000);
      return { stop: async () => { await stopProducer(); } };
    },
  },
];

async function record(s: Scenario): Promise<void> {
  const cluster = await startDevCluster({ port: 0, defaultPartitions: 2 });
  const brokers = cluster.bootstrapServers;
  const client = createKafkaClient({ brokers, clientId: 'lag-recorder', logger: silentLogger });
  const admin = client.admin();
  await admin.connect();
  const topic = `lag-${s.name}`;
  const group = `group-${s.name}`;
  await admin.createTopics([{ topic, partitions: 2 }, { topic: `${topic}-out`, partitions: 2 }]);
  const running = await s.run(client, group, topic, brokers);
  const sampler = new GroupSampler(admin, group);
  const snapshots: GroupSnapshot[] = [];
  const start = Date.now();
  while (Date.now() - start < s.durationMs) {
    snapshots.push(await sampler.sample());
    await delay(s.sampleMs);
  }
  await running.stop();
  await admin.disconnect();
  await cluster.close();
  // Times relative to the first sample keep the fixtures readable.
  const t0 = snapshots[0]?.time ?? 0;
  const relative = snapshots.map((x) => ({ ...x, time: x.time - t0 }));
  writeFileSync(join(outDir, `${s.name}.json`), `${JSON.stringify({ scenario: s.name, trackerOptions: s.trackerOptions, snapshots: relative }, null, 1)}\n`);
  process.stdout.write(`${s.name}: ${snapshots.length} snapshots\n`);
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  for (const s of scenarios.filter((x) => wanted.length === 0 || wanted.includes(x.name))) await record(s);
}
void main();
