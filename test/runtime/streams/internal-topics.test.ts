// Internal topics: prefixed with the application id and created with the partition count of
// their sub-topology before processing starts; a repartitioning count runs end to end.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { JoinWindows, KafkaStreams, planOf, StreamsBuilder } from 'streamwise';
import { startDevCluster } from 'streamwise/devcluster';
import { resolvePlan } from '../../../runtime/src/streams/internal-topics';
import { consumeUntil, produce, randomName } from './helpers/kafka-io';
import { tempStateDir } from './helpers/state-dir';

test('resolvePlan: repartition topics take the writer\'s partitions, changelogs one per task', () => {
  const plans = [
    { id: 0, sourceTopics: ['words'], internalSourceTopics: [], sinkTopics: [], internalSinkTopics: ['by-word-repartition'], stores: [] },
    { id: 1, sourceTopics: ['by-word-repartition'], internalSourceTopics: ['by-word-repartition'], sinkTopics: ['out'], internalSinkTopics: [], stores: [{ name: 'by-word', changelogTopic: 'by-word-changelog' }] },
  ];
  const p = resolvePlan('app', plans, new Map([['words', 6]]));
  assert.deepEqual(p.internalTopics, [{ topic: 'app-by-word-repartition', partitions: 6 }, { topic: 'app-by-word-changelog', partitions: 6 }]);
  assert.equal(p.topicToSubTopology.get('app-by-word-repartition'), 1);
  assert.throws(() => resolvePlan('app', plans, new Map()), /source topic\(s\) words do not exist/);
});

// Kafka's RepartitionTopics + CopartitionedTopicsEnforcer: a join's repartition topic takes the
// partition count of the other (source) side, not of the sub-topology writing it.
test('resolvePlan: a repartitioned stream joined to a table takes the table topic\'s partitions (CopartitionedTopicsEnforcer)', () => {
  const b = new StreamsBuilder();
  const users = b.table('users');
  const joined = b.stream('clicks').selectKey((_k, v) => v).join(users, (c, u) => `${u}:${c}`);
  joined.to('enriched');
  // Downstream of the join: written by the join's sub-topology, counted before co-partitioning (as Kafka).
  joined.groupBy((_k, v) => v).count({ name: 'per-user' });
  const topology = b.build();
  const groups = topology.describe().toJSON().copartitionGroups;
  assert.deepEqual(groups, [['KSTREAM-KEY-SELECT-0000000004-repartition', 'users']]);
  const p = resolvePlan('app', planOf(topology), new Map([['clicks', 6], ['users', 2]]), groups);
  // Sub-topology 0 is the join (the table came first), 1 reads clicks, 2 counts per user.
  assert.deepEqual(p.subTopologies.map((s) => s.partitions), [2, 6, 6]);
  assert.deepEqual(p.internalTopics, [
    { topic: 'app-per-user-repartition', partitions: 6 },
    { topic: 'app-KSTREAM-KEY-SELECT-0000000004-repartition', partitions: 2 },
    // Changelogs as Kafka's UnwindowedUnversionedChangelogTopicConfig: compacted.
    { topic: 'app-users-STATE-STORE-0000000000-changelog', partitions: 2, configs: { 'cleanup.policy': 'compact' } },
    { topic: 'app-per-user-changelog', partitions: 6, configs: { 'cleanup.policy': 'compact' } },
  ]);
  // Without the groups (the old rule) the repartition topic took the writer's 6.
  assert.equal(resolvePlan('app', planOf(topology), new Map([['clicks', 6], ['users', 2]])).subTopologies[0]?.partitions, 6);
});

test('resolvePlan: co-partitioned source topics must match (Topics not co-partitioned); repartition-only groups take the largest', () => {
  const b = new StreamsBuilder();
  b.stream('orders').join(b.table('customers'), (o, c) => `${o}/${c}`).to('out');
  const t = b.build();
  const groups = t.describe().toJSON().copartitionGroups ?? [];
  assert.deepEqual(groups, [['customers', 'orders']]);
  assert.throws(() => resolvePlan('app', planOf(t), new Map([['orders', 3], ['customers', 2]]), groups), (e: Error) => {
    assert.equal(e.name, 'CopartitionError');
    assert.match(e.message, /^Topics not co-partitioned: \[\{customers=2, orders=3\}\]/);
    return true;
  });
  assert.equal(resolvePlan('app', planOf(t), new Map([['orders', 2], ['customers', 2]]), groups).subTopologies[0]?.partitions, 2);

  // Both sides re-keyed (stream-stream join): two repartition topics, both the larger writer count.
  const b2 = new StreamsBuilder();
  const left = b2.stream('l').selectKey((_k, v) => v);
  const right = b2.stream('r').selectKey((_k, v) => v);
  left.join(right, (x, y) => x + y, JoinWindows.ofTimeDifferenceWithNoGrace(1000), { name: 'lr' }).to('o');
  const t2 = b2.build();
  const g2 = t2.describe().toJSON().copartitionGroups ?? [];
  assert.deepEqual(g2, [['lr-left-repartition', 'lr-right-repartition']]);
  const p2 = resolvePlan('app', planOf(t2), new Map([['l', 3], ['r', 5]]), g2);
  assert.deepEqual(p2.internalTopics.filter((x) => x.topic.endsWith('-repartition')), [
    { topic: 'app-lr-left-repartition', partitions: 5 },
    { topic: 'app-lr-right-repartition', partitions: 5 },
  ]);
});

test('a groupBy count creates <appId>-...-repartition and -changelog with the source\'s partitions, and counts right', async () => {
  const cluster = await startDevCluster({ port: 0, defaultPartitions: 1 });
  try {
    const brokers = cluster.bootstrapServers;
    const input = randomName('words');
    const output = randomName('counts');
    const appId = randomName('wc');
    await cluster.createTopic(input, 3);
    const builder = new StreamsBuilder();
    builder.stream<string, string>(input).groupBy((_k, v) => v).count({ name: 'by-word' }).toStream().mapValues((n) => String(n)).to(output);
    const topology = builder.build();
    const words = ['a', 'b', 'a', 'c', 'a', 'b'];
    await produce(brokers, input, words.map((w, i) => ({ key: `k${i}`, value: w })));
    const app = new KafkaStreams(topology, { stateDir: tempStateDir(), applicationId: appId, bootstrapServers: brokers, commitIntervalMs: 100 });
    await app.start();
    const admin = new Kafka({ brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const internal = planOf(topology).flatMap((p) => [...p.internalSinkTopics, ...p.stores.map((s) => s.changelogTopic)]).map((t) => `${appId}-${t}`);
      assert.ok(internal.length >= 2);
      const meta = await admin.fetchTopicMetadata({ topics: internal });
      for (const t of meta.topics) assert.equal(t.partitions.length, 3, `${t.name} has 3 partitions`);
    } finally {
      await admin.disconnect();
    }
    const got = await consumeUntil(brokers, output, (r) => {
      const last = new Map(r.map((x) => [x.key, x.value]));
      return last.get('a') === '3' && last.get('b') === '2' && last.get('c') === '1';
    });
    assert.ok(got.length >= 3);
    await app.close();
  } finally {
    await cluster.close();
  }
});

test('on the dev cluster: a re-keyed stream joined to a 2-partition table goes through a 2-partition repartition topic, and every click meets its user', async () => {
  const cluster = await startDevCluster({ port: 0, defaultPartitions: 1 });
  try {
    const brokers = cluster.bootstrapServers;
    const clicks = randomName('clicks');
    const users = randomName('users');
    const out = randomName('enriched');
    const appId = randomName('copart');
    await cluster.createTopic(clicks, 4);
    await cluster.createTopic(users, 2);
    const b = new StreamsBuilder();
    const table = b.table(users, { name: 'users-store' });
    b.stream(clicks).selectKey((_k, v) => v).join(table, (c, u) => `${u}:${c}`).to(out);
    const topology = b.build();
    const userIds = Array.from({ length: 12 }, (_v, i) => `u${i}`);
    await produce(brokers, users, userIds.map((id) => ({ key: id, value: id.toUpperCase() })));
    const app = new KafkaStreams(topology, { stateDir: tempStateDir(), applicationId: appId, bootstrapServers: brokers, commitIntervalMs: 100 });
    await app.start();
    try {
      await consumeUntil(brokers, `${appId}-users-store-changelog`, (r) => r.length >= userIds.length);
      const admin = new Kafka({ brokers, logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      try {
        const meta = await admin.fetchTopicMetadata({ topics: [`${appId}-KSTREAM-KEY-SELECT-0000000003-repartition`, `${appId}-users-store-changelog`] });
        assert.deepEqual(meta.topics.map((t) => [t.name, t.partitions.length]).sort(), [[`${appId}-KSTREAM-KEY-SELECT-0000000003-repartition`, 2], [`${appId}-users-store-changelog`, 2]]);
      } finally {
        await admin.disconnect();
      }
      // Clicks keyed at random: after the re-key each lands on its user's partition.
      await produce(brokers, clicks, userIds.map((id, i) => ({ key: `c${i}`, value: id })));
      const got = await consumeUntil(brokers, out, (r) => r.length >= userIds.length);
      assert.deepEqual(got.map((r) => `${r.key}=${r.value}`).sort(), userIds.map((id) => `${id}=${id.toUpperCase()}:${id}`).sort());
    } finally {
      assert.equal(await app.close({ timeoutMs: 30000 }), true);
    }
  } finally {
    await cluster.close();
  }
});
