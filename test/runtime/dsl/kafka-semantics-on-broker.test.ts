// The Kafka semantics of kafka-semantics.test.ts, on the embedded dev cluster (4 partitions per
// topic): null values skipped by count, aggregate timestamps, null-key left joins, one shared
// repartition for two joins, joins against a derived table, two streams on one topic.
import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { startDevCluster } from 'streamwise/devcluster';
import { KafkaStreams, StreamsBuilder } from 'streamwise';
import { consumeUntil, createTopics, produce, randomName, type Received } from '../streams/helpers/kafka-io';
import { tempStateDir } from '../streams/helpers/state-dir';

let cluster: { bootstrapServers: string[]; close(): Promise<void> };
before(async () => { cluster = await startDevCluster({ port: 0, defaultPartitions: 4 }); });
after(async () => { await cluster.close(); });

const pairs = (rs: Received[]): [string | null, string | null][] => rs.map((r) => [r.key, r.value]);
const sorted = <T>(xs: T[]): T[] => [...xs].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

test('on the dev cluster: count skips nulls and stamps max timestamps; left join keeps null keys; two joins share one repartition', async () => {
  const t = { in: randomName('in'), counts: randomName('counts'), tbl: randomName('tbl'), clicks: randomName('clicks'), left: randomName('left'), inner: randomName('inner'), joins: randomName('joins'), both: randomName('both') };
  const b = new StreamsBuilder();
  b.stream(t.in).groupByKey().count({ name: 'counts' }).toStream().mapValues((n) => String(n)).to(t.counts);
  const table = b.table(t.tbl, { name: 'tbl-store' });
  const clicks = b.stream(t.clicks);
  clicks.leftJoin(table, (v, tv) => `${v}+${tv}`).to(t.left);
  clicks.join(table, (v, tv) => `${v}+${tv}`).to(t.inner);
  const rekeyed = b.stream(t.joins).selectKey((_k, v) => v);
  rekeyed.join(table, (v, tv) => `A:${v}+${tv}`).to(t.both);
  rekeyed.join(table.filter((_k, v) => v !== 'hidden'), (v, tv) => `B:${v}+${tv}`).to(t.both);
  const topology = b.build();
  const model = topology.describe().toJSON();
  assert.deepEqual(model.internalTopics.filter((x) => x.endsWith('-repartition')), ['KSTREAM-KEY-SELECT-0000000013-repartition']);

  const appId = randomName('semantics');
  await createTopics(cluster.bootstrapServers, [t.in, t.clicks, t.joins]);
  await produce(cluster.bootstrapServers, t.tbl, [{ key: 'x', value: 'X' }, { key: 'h', value: 'hidden' }]);
  const app = new KafkaStreams(topology, { stateDir: tempStateDir(), applicationId: appId, bootstrapServers: cluster.bootstrapServers, commitIntervalMs: 100 });
  await app.start();
  try {
    // Stream records must meet a loaded table: wait for it through an interactive query.
    await consumeUntil(cluster.bootstrapServers, `${appId}-tbl-store-changelog`, (r) => r.length >= 2);
    await produce(cluster.bootstrapServers, t.in, [
      { key: '1', value: 'A', timestamp: 5 }, { key: '1', value: 'C', timestamp: 3 }, { key: '1', value: null, timestamp: 20 }, { key: '1', value: 'D', timestamp: 4 },
    ]);
    await produce(cluster.bootstrapServers, t.clicks, [{ key: null, value: 'n' }, { key: 'x', value: 'v' }, { key: 'nope', value: 'w' }]);
    await produce(cluster.bootstrapServers, t.joins, [{ key: '1', value: 'x' }, { key: '2', value: 'h' }, { key: '3', value: 'x' }]);

    const counts = await consumeUntil(cluster.bootstrapServers, t.counts, (r) => r.length >= 3);
    assert.deepEqual(counts.map((r) => [r.key, r.value, r.timestamp]), [['1', '1', 5], ['1', '2', 5], ['1', '3', 5]]);
    const left = await consumeUntil(cluster.bootstrapServers, t.left, (r) => r.length >= 3);
    assert.deepEqual(sorted(pairs(left)), sorted([[null, 'n+null'], ['x', 'v+X'], ['nope', 'w+null']]));
    const inner = await consumeUntil(cluster.bootstrapServers, t.inner, (r) => r.length >= 1);
    assert.deepEqual(pairs(inner), [['x', 'v+X']]);
    const both = await consumeUntil(cluster.bootstrapServers, t.both, (r) => r.length >= 5);
    assert.deepEqual(sorted(pairs(both)), sorted([['x', 'A:x+X'], ['x', 'A:x+X'], ['h', 'A:h+hidden'], ['x', 'B:x+X'], ['x', 'B:x+X']]));
    // Each record went through the shared repartition topic once.
    const repartitioned = await consumeUntil(cluster.bootstrapServers, `${appId}-KSTREAM-KEY-SELECT-0000000013-repartition`, (r) => r.length >= 3);
    assert.equal(repartitioned.length, 3);
    assert.equal(app.store<string, number>('counts').get('1'), 3);
  } finally {
    assert.equal(await app.close({ timeoutMs: 30000 }), true);
  }
});

test('on the dev cluster: two streams on one topic each get every record', async () => {
  const input = randomName('in');
  const out = randomName('out');
  const b = new StreamsBuilder();
  b.stream(input).mapValues((v) => `a:${v}`).to(out);
  b.stream(input).mapValues((v) => `b:${v}`).to(out);
  const app = new KafkaStreams(b.build(), { stateDir: tempStateDir(), applicationId: randomName('same-topic'), bootstrapServers: cluster.bootstrapServers, commitIntervalMs: 100 });
  await produce(cluster.bootstrapServers, input, [{ key: 'k1', value: '1' }, { key: 'k2', value: '2' }]);
  await app.start();
  try {
    const got = await consumeUntil(cluster.bootstrapServers, out, (r) => r.length >= 4);
    assert.deepEqual(sorted(got.map((r) => r.value)), ['a:1', 'a:2', 'b:1', 'b:2']);
  } finally {
    assert.equal(await app.close({ timeoutMs: 30000 }), true);
  }
});
