// Records reach a partition in the order they were sent: a groupBy().count() over many keys
// writes each key's counts 1, 2, 3, ... to the output topic and to the store's changelog, on
// librdkafka's mock cluster and on the embedded dev cluster, in several apps at once to catch a race.
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { KafkaStreams, StreamsBuilder } from 'streamwise';
import { clusterKinds, type TestCluster } from './helpers/clusters';
import { kafka, produce, randomName, waitFor } from './helpers/kafka-io';
import { tempStateDir } from './helpers/state-dir';

const KEYS = 40;
const RECORDS = 8_000;
// Apps running at the same time on one broker: each is one repetition of the race.
const APPS = 4;

/** Every record of `topics` up to their current end offsets, by topic, in log order per partition
 *  (one consumer for all: a group join costs seconds on the mock cluster). */
async function readAll(brokers: string[], topics: string[]): Promise<Map<string, { partition: number; key: string; value: Buffer }[]>> {
  const client = kafka(brokers);
  const admin = client.admin();
  await admin.connect();
  const want = new Map<string, number>();
  for (const topic of topics) for (const e of await admin.fetchTopicOffsets(topic)) if (Number(e.high) > 0) want.set(`${topic}/${e.partition}`, Number(e.high));
  await admin.disconnect();
  const out = new Map<string, { partition: number; key: string; value: Buffer; offset: number }[]>(topics.map((t) => [t, []]));
  const consumer = client.consumer({ groupId: randomName('order-reader'), maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out reading ${topics.join(', ')}: ${want.size} partition(s) left`)), 60_000);
      void consumer.run({
        eachBatch: async ({ batch }) => {
          const tp = `${batch.topic}/${batch.partition}`;
          const end = want.get(tp) ?? 0;
          for (const m of batch.messages) {
            if (Number(m.offset) >= end) continue;
            out.get(batch.topic)?.push({ partition: batch.partition, key: m.key?.toString() ?? '', value: m.value ?? Buffer.alloc(0), offset: Number(m.offset) });
            if (Number(m.offset) === end - 1) want.delete(tp);
          }
          if (want.size === 0) { clearTimeout(timer); resolve(); }
        },
      }).catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  for (const list of out.values()) list.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
  return out;
}

/** Fails with the first key whose values do not go up by exactly one, in log order. */
function assertCountsInOrder(what: string, records: { key: string; value: number }[], perKey: number): void {
  const seen = new Map<string, number[]>();
  for (const r of records) {
    let list = seen.get(r.key);
    if (list === undefined) seen.set(r.key, (list = []));
    list.push(r.value);
  }
  assert.equal(seen.size, KEYS, `${what}: keys`);
  for (const [key, values] of seen) {
    for (let i = 1; i < values.length; i++) {
      const prev = values[i - 1] ?? 0;
      const cur = values[i] ?? 0;
      if (cur <= prev) {
        assert.fail(`${what}: key ${key} out of order at position ${i}: ... ${values.slice(Math.max(0, i - 4), i + 4).join(' ')} ...`);
      }
    }
    assert.equal(values[values.length - 1], perKey, `${what}: key ${key} ends at ${perKey}`);
  }
}

async function runCount(brokers: string[]): Promise<{ output: string; changelog: string }> {
  const input = randomName('in');
  const output = randomName('out');
  const appId = randomName('order');
  const values = Array.from({ length: RECORDS }, (_, i) => ({ key: `in${i % 7}`, value: `k${i % KEYS}` }));
  await produce(brokers, input, values);
  const builder = new StreamsBuilder();
  builder.stream<string, string>(input).groupBy((_k, v) => v).count({ name: 'counts' }).toStream().mapValues((n) => String(n)).to(output);
  const app = new KafkaStreams(builder.build(), { stateDir: tempStateDir(), applicationId: appId, bootstrapServers: brokers, commitIntervalMs: 200 });
  await app.start();
  // Each input record makes three: a repartition record, a changelog update and an output update.
  await waitFor<number>((l) => { const t = setInterval(() => l(app.metrics().produced), 20); return () => clearInterval(t); },
    (produced) => produced >= 3 * RECORDS, 90_000, 'every update produced');
  assert.equal(await app.close({ timeoutMs: 30_000 }), true);
  return { output, changelog: `${appId}-counts-changelog` };
}

for (const kind of clusterKinds) describe(kind.name, () => {
  let cluster: TestCluster;
  before(async () => { cluster = await kind.start(); });
  after(async () => { await cluster.close(); });

  test(`groupBy().count() in ${APPS} apps at once: per-key output and changelog sequences strictly increasing`, async () => {
    const runs = await Promise.all(Array.from({ length: APPS }, () => runCount(cluster.brokers)));
    const read = await readAll(cluster.brokers, runs.flatMap((r) => [r.output, r.changelog]));
    const perKey = RECORDS / KEYS;
    for (const r of runs) {
      assertCountsInOrder(`output ${r.output}`, (read.get(r.output) ?? []).map((x) => ({ key: x.key, value: Number(x.value.toString()) })), perKey);
      assertCountsInOrder(`changelog ${r.changelog}`, (read.get(r.changelog) ?? []).map((x) => ({ key: x.key, value: Number(x.value.readBigInt64BE(0)) })), perKey);
    }
  });
});
