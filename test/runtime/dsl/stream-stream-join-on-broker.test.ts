// A stream-stream left join on the embedded dev cluster (4 partitions): after a restart the window
// stores and the shared store of unmatched records are restored from their changelogs, whose keys
// are in Kafka's WindowKeySchema layout (key + 8-byte start + 4-byte seqnum).
import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { startDevCluster } from 'streamwise/devcluster';
import { JoinWindows, KafkaStreams, StreamsBuilder } from 'streamwise';
import { consumeUntil, createTopics, produce, randomName } from '../streams/helpers/kafka-io';
import { tempStateDir } from '../streams/helpers/state-dir';

let cluster: { bootstrapServers: string[]; close(): Promise<void> };
before(async () => { cluster = await startDevCluster({ port: 0, defaultPartitions: 4 }); });
after(async () => { await cluster.close(); });

test('on the dev cluster: a windowed left join restores its stores after a restart', async () => {
  const left = randomName('left');
  const right = randomName('right');
  const out = randomName('joined');
  const appId = randomName('ssj');
  await createTopics(cluster.bootstrapServers, [left, right, out]);
  const topology = () => {
    const b = new StreamsBuilder();
    b.stream(left).leftJoin(b.stream(right), (l, r) => `${l}+${r ?? 'null'}`, JoinWindows.ofTimeDifferenceWithNoGrace(1000)).to(out);
    return b.build();
  };
  const base = Date.now();
  const config = { stateDir: tempStateDir(), applicationId: appId, bootstrapServers: cluster.bootstrapServers, commitIntervalMs: 100 };

  await produce(cluster.bootstrapServers, left, ['a', 'b', 'c'].map((k) => ({ key: k, value: `L${k}`, timestamp: base })));
  await produce(cluster.bootstrapServers, right, [{ key: 'a', value: 'Ra', timestamp: base + 10 }]);
  const first = new KafkaStreams(topology(), config);
  await first.start();
  try {
    const got = await consumeUntil(cluster.bootstrapServers, out, (r) => r.length >= 1);
    assert.deepEqual(got.map((r) => [r.key, r.value, r.timestamp]), [['a', 'La+Ra', base + 10]]);
  } finally {
    assert.equal(await first.close({ timeoutMs: 30000 }), true);
  }

  // The left window store's changelog: Kafka's key layout, a sequence number per duplicate-keeping put.
  const changelog = await consumeUntil(cluster.bootstrapServers, `${appId}-KSTREAM-JOINTHIS-0000000004-store-changelog`, (r) => r.length >= 3);
  const keys = changelog.map((r) => {
    const k = r.keyBytes ?? Buffer.alloc(0);
    return [k.subarray(0, k.length - 12).toString(), Number(k.readBigInt64BE(k.length - 12)), k.readInt32BE(k.length - 4) > 0];
  });
  assert.deepEqual(keys.sort(), [['a', base, true], ['b', base, true], ['c', base, true]]);

  // Restart: b joins with the restored left store; c, never matched, comes out with a null partner
  // once stream time passes its window (the shared store was restored too).
  await produce(cluster.bootstrapServers, right, [{ key: 'b', value: 'Rb', timestamp: base + 20 }, { key: 'c', value: 'late', timestamp: base + 100_000 }]);
  const second = new KafkaStreams(topology(), config);
  await second.start();
  try {
    const got = await consumeUntil(cluster.bootstrapServers, out, (r) => r.length >= 3);
    assert.deepEqual(got.map((r) => [r.key, r.value, r.timestamp]).sort(), [['a', 'La+Ra', base + 10], ['b', 'Lb+Rb', base + 20], ['c', 'Lc+null', base]]);
  } finally {
    assert.equal(await second.close({ timeoutMs: 30000 }), true);
  }
});
