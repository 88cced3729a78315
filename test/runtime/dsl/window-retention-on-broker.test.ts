// A window store from a supplier (Stores.persistentWindowStore with a 60 s retention) on the
// embedded dev cluster: a closed window stays queryable past size + grace, and after a restart it
// comes back from the changelog. With the default retention (1 s) the restored later window would
// expire it, so the restored value shows both the restore and the supplier's retention.
import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { startDevCluster } from 'streamwise/devcluster';
import { KafkaStreams, Serdes, Stores, StreamsBuilder, TimeWindows } from 'streamwise';
import { consumeUntil, createTopics, kafka, produce, randomName } from '../streams/helpers/kafka-io';
import { tempStateDir } from '../streams/helpers/state-dir';

let cluster: { bootstrapServers: string[]; close(): Promise<void> };
before(async () => { cluster = await startDevCluster({ port: 0, defaultPartitions: 4 }); });
after(async () => { await cluster.close(); });

test('on the dev cluster: a supplier window store keeps windows for its retention and restores them after a restart', async () => {
  const input = randomName('events');
  const out = randomName('per-second');
  const appId = randomName('retention');
  await createTopics(cluster.bootstrapServers, [input, out], 1);
  const base = Math.floor(Date.now() / 1000) * 1000;
  const windowed = Serdes.TimeWindowed(Serdes.String(), 1000);
  const topology = () => {
    const b = new StreamsBuilder();
    b.stream(input).groupByKey().windowedBy(TimeWindows.ofSizeWithNoGrace(1000))
      .count({ storeSupplier: Stores.persistentWindowStore('per-second', 60_000, 1000, false) })
      .toStream().to(out, { keySerde: windowed, valueSerde: Serdes.Long() });
    return b.build();
  };
  assert.match(topology().describe().toString(), /Processor: KSTREAM-AGGREGATE-0000000001 \(stores: \[per-second\]\)/);
  const config = { stateDir: tempStateDir(), applicationId: appId, bootstrapServers: cluster.bootstrapServers, commitIntervalMs: 100 };
  const seen = (key: string, start: number, count: number) => (r: { keyBytes: Buffer | null; valueBytes: Buffer | null }[]) =>
    r.some((x) => {
      const k = windowed.deserialize(x.keyBytes ?? Buffer.alloc(0));
      return k.key === key && k.window.start === start && x.valueBytes !== null && Serdes.Long().deserialize(x.valueBytes) === count;
    });

  await produce(cluster.bootstrapServers, input, [
    { key: 'a', value: 'x', timestamp: base },
    { key: 'a', value: 'y', timestamp: base + 500 },
    { key: 'b', value: 'z', timestamp: base + 5000 },
  ]);
  const first = new KafkaStreams(topology(), config);
  await first.start();
  try {
    await consumeUntil(cluster.bootstrapServers, out, seen('b', base + 5000, 1));
    // Stream time is 5 s past a's window, which closed after 1 s: still in the store.
    assert.equal(first.windowStore<string, number>('per-second').fetch('a', base), 2);
    // Kafka's WindowedChangelogTopicConfig: compacted and deleted after the retention plus one day.
    const admin = kafka(cluster.bootstrapServers).admin();
    await admin.connect();
    try {
      const described = await admin.describeConfigs({ resources: [{ type: 2, name: `${appId}-per-second-changelog`, configNames: ['cleanup.policy', 'retention.ms'] }], includeSynonyms: false });
      const entries = Object.fromEntries((described.resources[0]?.configEntries ?? []).map((e) => [e.configName, e.configValue]));
      assert.deepEqual(entries, { 'cleanup.policy': 'compact,delete', 'retention.ms': String(60_000 + 86_400_000) });
    } finally {
      await admin.disconnect();
    }
  } finally {
    assert.equal(await first.close({ timeoutMs: 30000 }), true);
  }

  await produce(cluster.bootstrapServers, input, [{ key: 'c', value: 'w', timestamp: base + 6000 }]);
  const second = new KafkaStreams(topology(), config);
  await second.start();
  try {
    await consumeUntil(cluster.bootstrapServers, out, seen('c', base + 6000, 1));
    // a's window was not sent again: it comes only from the restored changelog.
    assert.equal(second.windowStore<string, number>('per-second').fetch('a', base), 2);
    assert.equal(second.windowStore<string, number>('per-second').fetch('b', base + 5000), 1);
  } finally {
    assert.equal(await second.close({ timeoutMs: 30000 }), true);
  }
});
