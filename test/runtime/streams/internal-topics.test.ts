// Internal topics: prefixed with the application id and created with the partition count of
// their sub-topology before processing starts; a repartitioning count runs end to end.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { KafkaStreams, planOf, StreamsBuilder } from 'streamwise';
import { startDevCluster } from 'streamwise/devcluster';
import { resolvePlan } from '../../../runtime/src/streams/internal-topics';
import { consumeUntil, produce, randomName } from './helpers/kafka-io';

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
    const app = new KafkaStreams(topology, { applicationId: appId, bootstrapServers: brokers, commitIntervalMs: 100 });
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
