// Queryable KTable filter/mapValues stores on the embedded dev cluster (4 partitions): they log to
// `<appId>-<store>-changelog`, answer interactive queries, and come back after a restart. The
// groupBy over the materialized filter takes its old values from the filter's own store (the source
// table is not materialized), so the count after the restart is right only if that store was restored.
import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { startDevCluster } from 'streamwise/devcluster';
import { KafkaStreams, Serdes, StreamsBuilder } from 'streamwise';
import { consumeUntil, createTopics, produce, randomName } from '../streams/helpers/kafka-io';
import { tempStateDir } from '../streams/helpers/state-dir';
import { untilRunning } from '../streams/helpers/until-running';

let cluster: { bootstrapServers: string[]; close(): Promise<void> };
before(async () => { cluster = await startDevCluster({ port: 0, defaultPartitions: 4 }); });
after(async () => { await cluster.close(); });

test('on the dev cluster: materialized filter and mapValues stores are queryable and restored after a restart', async () => {
  const users = randomName('users');
  const out = randomName('per-color');
  const appId = randomName('table-stores');
  await createTopics(cluster.bootstrapServers, [users, out]);
  const topology = () => {
    const b = new StreamsBuilder();
    const table = b.table<string, string>(users);
    const active = table.filter((_k, color) => color !== '', { storeName: 'active' });
    table.mapValues((color) => color.toUpperCase(), { storeName: 'upper' });
    active.groupBy((_k, color) => [color, color]).count({ name: 'per-color' }).toStream().to(out, { valueSerde: Serdes.Long() });
    return b.build();
  };
  assert.match(topology().describe().toString(), /Processor: KTABLE-FILTER-0000000003 \(stores: \[active\]\)/);
  const config = { stateDir: tempStateDir(), applicationId: appId, bootstrapServers: cluster.bootstrapServers, commitIntervalMs: 100 };
  const latest = (records: { key: string | null; valueBytes: Buffer | null }[]) => {
    const m = new Map<string, number | null>();
    for (const r of records) if (r.key !== null) m.set(r.key, r.valueBytes === null ? null : Serdes.Long().deserialize(r.valueBytes));
    return m;
  };
  await produce(cluster.bootstrapServers, users, [{ key: 'u1', value: 'red' }, { key: 'u2', value: 'red' }, { key: 'u3', value: 'blue' }, { key: 'u4', value: '' }]);
  const first = new KafkaStreams(topology(), config);
  await first.start();
  try {
    await consumeUntil(cluster.bootstrapServers, out, (r) => latest(r).get('red') === 2 && latest(r).get('blue') === 1);
    await untilRunning(first);
    assert.deepEqual(first.store<string, string>('active').all().sort(), [['u1', 'red'], ['u2', 'red'], ['u3', 'blue']]);
    assert.equal(first.store<string, string>('upper').get('u2'), 'RED');
  } finally {
    assert.equal(await first.close({ timeoutMs: 30000 }), true);
  }
  // A key filtered out is a tombstone in the changelog, as Kafka's store.put(key, null) logs one.
  const changelog = await consumeUntil(cluster.bootstrapServers, `${appId}-active-changelog`, (r) => r.length >= 4);
  assert.deepEqual(changelog.map((r) => [r.key, r.value]).sort(), [['u1', 'red'], ['u2', 'red'], ['u3', 'blue'], ['u4', null]]);

  // u1 moves red -> blue: the filter's restored store gives the old value to subtract.
  await produce(cluster.bootstrapServers, users, [{ key: 'u1', value: 'blue' }]);
  const second = new KafkaStreams(topology(), config);
  await second.start();
  try {
    const got = await consumeUntil(cluster.bootstrapServers, out, (r) => latest(r).get('red') === 1 && latest(r).get('blue') === 2);
    // Output from one task does not mean every task has restored (u2's may still be): queries wait for RUNNING.
    await untilRunning(second);
    assert.equal(latest(got).get('red'), 1);
    assert.equal(second.store<string, string>('active').get('u1'), 'blue');
    assert.equal(second.store<string, string>('active').get('u2'), 'red');
    assert.equal(second.store<string, string>('active').get('u4'), null);
    // u2 was not sent again: its upper-cased value comes only from the restored changelog.
    assert.equal(second.store<string, string>('upper').get('u2'), 'RED');
  } finally {
    assert.equal(await second.close({ timeoutMs: 30000 }), true);
  }
});
