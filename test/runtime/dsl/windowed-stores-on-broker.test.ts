// Windowed and session aggregations on the embedded dev cluster (4 partitions): their window and
// session stores are restored from the changelogs (Kafka's WindowKeySchema / SessionKeySchema keys)
// after a restart, and interactive queries read them (app.windowStore, app.sessionStore).
import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { startDevCluster } from 'streamwise/devcluster';
import { KafkaStreams, Serdes, SessionWindows, StreamsBuilder, TimeWindows } from 'streamwise';
import { consumeUntil, createTopics, produce, randomName } from '../streams/helpers/kafka-io';
import { tempStateDir } from '../streams/helpers/state-dir';

let cluster: { bootstrapServers: string[]; close(): Promise<void> };
before(async () => { cluster = await startDevCluster({ port: 0, defaultPartitions: 4 }); });
after(async () => { await cluster.close(); });

test('on the dev cluster: window and session stores restore after a restart and answer interactive queries', async () => {
  const input = randomName('events');
  const sessionsOut = randomName('sessions');
  const appId = randomName('windows');
  await createTopics(cluster.bootstrapServers, [input, sessionsOut]);
  const minute = 60_000;
  const base = Math.floor(Date.now() / minute) * minute;
  const topology = () => {
    const b = new StreamsBuilder();
    const g = b.stream(input).groupByKey();
    g.windowedBy(TimeWindows.ofSizeWithNoGrace(minute)).count({ name: 'per-minute' });
    g.windowedBy(SessionWindows.ofInactivityGapWithNoGrace(10_000)).count({ name: 'sessions' }).toStream()
      .to(sessionsOut, { keySerde: Serdes.SessionWindowed(Serdes.String()), valueSerde: Serdes.Long() });
    return b.build();
  };
  const config = { stateDir: tempStateDir(), applicationId: appId, bootstrapServers: cluster.bootstrapServers, commitIntervalMs: 100 };
  const sessionValue = (r: { keyBytes: Buffer | null; valueBytes: Buffer | null }) => {
    const k = Serdes.SessionWindowed(Serdes.String()).deserialize(r.keyBytes ?? Buffer.alloc(0));
    return [k.key, k.window.start - base, k.window.end - base, r.valueBytes === null ? null : Serdes.Long().deserialize(r.valueBytes)];
  };

  await produce(cluster.bootstrapServers, input, [
    { key: 'a', value: 'x', timestamp: base },
    { key: 'a', value: 'y', timestamp: base + 1000 },
    { key: 'b', value: 'z', timestamp: base },
  ]);
  const first = new KafkaStreams(topology(), config);
  await first.start();
  try {
    await consumeUntil(cluster.bootstrapServers, sessionsOut, (r) => r.map(sessionValue).some(([k, s, e, v]) => k === 'a' && s === 0 && e === 1000 && v === 2));
    assert.equal(first.windowStore<string, number>('per-minute').fetch('a', base), 2);
    assert.deepEqual(first.sessionStore<string, number>('sessions').fetch('a').map(([w, v]) => [w.window.start - base, w.window.end - base, v]), [[0, 1000, 2]]);
  } finally {
    assert.equal(await first.close({ timeoutMs: 30000 }), true);
  }

  // After the restart both stores come back from their changelogs: the next record extends them.
  await produce(cluster.bootstrapServers, input, [{ key: 'a', value: 'w', timestamp: base + 2000 }]);
  const second = new KafkaStreams(topology(), config);
  await second.start();
  try {
    // The restored session [0, 1000] is merged away (a null at its end) into [0, 2000]. As Kafka's
    // WindowedStreamPartitioner, both land on the partition of the inner key 'a' (the input's).
    const merged = (r: unknown[]) => r[0] === 'a' && r[1] === 0 && r[2] === 2000 && r[3] === 3;
    const removed = (r: unknown[]) => r[0] === 'a' && r[1] === 0 && r[2] === 1000 && r[3] === null;
    const out = await consumeUntil(cluster.bootstrapServers, sessionsOut, (r) => r.map(sessionValue).some(merged) && r.map(sessionValue).some(removed));
    const inputPartition = (await consumeUntil(cluster.bootstrapServers, input, (r) => r.some((x) => x.key === 'a'))).find((x) => x.key === 'a')?.partition;
    const partitionsOfA = new Set(out.filter((r) => sessionValue(r)[0] === 'a').map((r) => r.partition));
    assert.deepEqual([...partitionsOfA], [inputPartition], 'every session of a on the inner key\'s partition');
    assert.equal(second.windowStore<string, number>('per-minute').fetch('a', base), 3);
    assert.deepEqual(second.windowStore<string, number>('per-minute').fetch('b', base - minute, base + minute), [[base, 1]]);
    assert.equal(second.sessionStore<string, number>('sessions').fetchSession('a', base, base + 2000), 3);
  } finally {
    assert.equal(await second.close({ timeoutMs: 30000 }), true);
  }
});
