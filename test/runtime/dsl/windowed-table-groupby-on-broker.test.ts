// KTable.groupBy over a windowed count on the embedded dev cluster (4 partitions): the Change with
// the initializer's old value (a new window: Change(1, 0)) crosses the repartition topic in Kafka's
// ChangedSerializer layout and the subtractor sees the 0, as in the driver test.
import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { startDevCluster } from 'streamwise/devcluster';
import { KafkaStreams, Serdes, StreamsBuilder, TimeWindows } from 'streamwise';
import { consumeUntil, createTopics, produce, randomName } from '../streams/helpers/kafka-io';
import { tempStateDir } from '../streams/helpers/state-dir';

let cluster: { bootstrapServers: string[]; close(): Promise<void> };
before(async () => { cluster = await startDevCluster({ port: 0, defaultPartitions: 4 }); });
after(async () => { await cluster.close(); });

test('on the dev cluster: a KTable.groupBy subtractor over a windowed count sees 0 for a new window', async () => {
  const input = randomName('events');
  const out = randomName('audit');
  const appId = randomName('windowed-groupby');
  await createTopics(cluster.bootstrapServers, [input, out]);
  const b = new StreamsBuilder();
  b.stream<string, string>(input).groupByKey().windowedBy(TimeWindows.ofSizeWithNoGrace(10)).count()
    .groupBy((wk, count) => [wk.key, count], { keySerde: Serdes.String(), valueSerde: Serdes.Long() })
    .aggregate(() => '', (_k, v, agg: string) => `${agg}+${v}`, (_k, v, agg: string) => `${agg}-${v}`, { name: 'audit', valueSerde: Serdes.String() })
    .toStream()
    .to(out);
  await produce(cluster.bootstrapServers, input, [{ key: 'a', value: 'x', timestamp: 0 }, { key: 'a', value: 'y', timestamp: 5 }, { key: 'a', value: 'z', timestamp: 10 }]);
  const app = new KafkaStreams(b.build(), { stateDir: tempStateDir(), applicationId: appId, bootstrapServers: cluster.bootstrapServers, commitIntervalMs: 100 });
  await app.start();
  try {
    const got = await consumeUntil(cluster.bootstrapServers, out, (r) => r.length >= 3);
    assert.deepEqual(got.map((r) => r.value), ['+1', '+1-1+2', '+1-1+2-0+1']);
    assert.equal(app.store<string, string>('audit').get('a'), '+1-1+2-0+1');
  } finally {
    assert.equal(await app.close({ timeoutMs: 30000 }), true);
  }
});
