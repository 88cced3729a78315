// KTable.groupBy().count() on the embedded dev cluster (4 partitions): updates move counts between
// keys through the Change repartition topic, and after a restart the source table and the counts
// are restored, so a later update subtracts from the restored count.
import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { startDevCluster } from 'streamwise/devcluster';
import { KafkaStreams, Serdes, StreamsBuilder } from 'streamwise';
import { consumeUntil, createTopics, produce, randomName } from '../streams/helpers/kafka-io';
import { tempStateDir } from '../streams/helpers/state-dir';

let cluster: { bootstrapServers: string[]; close(): Promise<void> };
before(async () => { cluster = await startDevCluster({ port: 0, defaultPartitions: 4 }); });
after(async () => { await cluster.close(); });

test('on the dev cluster: a KTable.groupBy count restores after a restart and subtracts old values', async () => {
  const users = randomName('users');
  const out = randomName('per-color');
  const appId = randomName('grouped-table');
  await createTopics(cluster.bootstrapServers, [users, out]);
  const topology = () => {
    const b = new StreamsBuilder();
    b.table(users).groupBy((_k, color) => [color, color]).count({ name: 'per-color' }).toStream().to(out, { valueSerde: Serdes.Long() });
    return b.build();
  };
  const config = { stateDir: tempStateDir(), applicationId: appId, bootstrapServers: cluster.bootstrapServers, commitIntervalMs: 100 };
  const latest = (records: { key: string | null; valueBytes: Buffer | null }[]) => {
    const m = new Map<string, number | null>();
    for (const r of records) if (r.key !== null) m.set(r.key, r.valueBytes === null ? null : Serdes.Long().deserialize(r.valueBytes));
    return m;
  };
  await produce(cluster.bootstrapServers, users, [{ key: 'u1', value: 'red' }, { key: 'u2', value: 'red' }, { key: 'u3', value: 'blue' }]);
  const first = new KafkaStreams(topology(), config);
  await first.start();
  try {
    await consumeUntil(cluster.bootstrapServers, out, (r) => latest(r).get('red') === 2 && latest(r).get('blue') === 1);
  } finally {
    assert.equal(await first.close({ timeoutMs: 30000 }), true);
  }
  // u1 moves red -> blue: needs u1's restored old value (the source table) and the restored counts.
  await produce(cluster.bootstrapServers, users, [{ key: 'u1', value: 'blue' }]);
  const second = new KafkaStreams(topology(), config);
  await second.start();
  try {
    const got = await consumeUntil(cluster.bootstrapServers, out, (r) => latest(r).get('red') === 1 && latest(r).get('blue') === 2);
    assert.equal(latest(got).get('red'), 1);
    assert.equal(second.store<string, number>('per-color').get('blue'), 2);
  } finally {
    assert.equal(await second.close({ timeoutMs: 30000 }), true);
  }
});
