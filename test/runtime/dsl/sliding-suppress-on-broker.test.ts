// Sliding windows and suppress(untilWindowCloses) on the embedded dev cluster (4 partitions): the
// sliding window store and the suppression buffer come back from their changelogs after a restart,
// so the next records extend the restored windows and the final result is emitted once.
import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { startDevCluster } from 'streamwise/devcluster';
import { BufferConfig, KafkaStreams, Serdes, SlidingWindows, StreamsBuilder, Suppressed, TimeWindows } from 'streamwise';
import { consumeUntil, createTopics, produce, randomName, type Received } from '../streams/helpers/kafka-io';
import { tempStateDir } from '../streams/helpers/state-dir';

let cluster: { bootstrapServers: string[]; close(): Promise<void> };
before(async () => { cluster = await startDevCluster({ port: 0, defaultPartitions: 4 }); });
after(async () => { await cluster.close(); });

test('on the dev cluster: a sliding window store and a suppression buffer restore after a restart', async () => {
  const input = randomName('events');
  const slidingOut = randomName('sliding');
  const finalOut = randomName('final');
  const appId = randomName('sliding-suppress');
  await createTopics(cluster.bootstrapServers, [input, slidingOut, finalOut]);
  const d = 10_000;
  const base = Math.floor(Date.now() / d) * d;
  const windowed = Serdes.TimeWindowed(Serdes.String(), d);
  const topology = () => {
    const b = new StreamsBuilder();
    const g = b.stream(input, { keySerde: Serdes.String(), valueSerde: Serdes.String() }).groupByKey();
    g.windowedBy(SlidingWindows.ofTimeDifferenceWithNoGrace(d)).count({ name: 'sliding' }).toStream().to(slidingOut, { keySerde: windowed, valueSerde: Serdes.Long() });
    g.windowedBy(TimeWindows.ofSizeWithNoGrace(d))
      .count({ name: 'tumbling' })
      .suppress(Suppressed.untilWindowCloses(BufferConfig.unbounded()).withName('final'))
      .toStream()
      .to(finalOut, { keySerde: windowed, valueSerde: Serdes.Long() });
    return b.build();
  };
  const config = { stateDir: tempStateDir(), applicationId: appId, bootstrapServers: cluster.bootstrapServers, commitIntervalMs: 100 };
  const row = (r: Received) => {
    const k = windowed.deserialize(r.keyBytes ?? Buffer.alloc(0));
    return [k.key, k.window.start - base, k.window.end - base, r.valueBytes === null ? null : Serdes.Long().deserialize(r.valueBytes)];
  };
  const has = (rows: unknown[][], want: unknown[]) => rows.some((r) => JSON.stringify(r) === JSON.stringify(want));

  await produce(cluster.bootstrapServers, input, [
    { key: 'a', value: 'x', timestamp: base },
    { key: 'a', value: 'y', timestamp: base + 1000 },
    { key: 'b', value: 'v', timestamp: base + 2000 },
  ]);
  const first = new KafkaStreams(topology(), config);
  await first.start();
  try {
    // a@1000: the right window of a@0 and its own left window [-9000, 1000] holding both.
    await consumeUntil(cluster.bootstrapServers, slidingOut, (r) => has(r.map(row), ['a', -9000, 1000, 2]) && has(r.map(row), ['a', 1, 10001, 1]));
    assert.deepEqual(first.windowStore<string, number>('sliding').fetch('a', base - d, base + d), [[base - d, 1], [base - 9000, 2], [base + 1, 1]]);
    // The buffer holds the open window's count, and the buffer's changelog has it in Kafka's v3 layout.
    const logged = await consumeUntil(cluster.bootstrapServers, `${appId}-final-store-changelog`, (r) => r.some((x) => x.valueBytes !== null));
    assert.equal(logged[0]?.headers.v, '\u0003');
  } finally {
    assert.equal(await first.close({ timeoutMs: 30000 }), true);
  }

  // a@5000 joins the restored windows; the records at 20000 close [0, 10000). b's window gets no
  // update after the restart: only the restored buffer holds its count.
  await produce(cluster.bootstrapServers, input, [
    { key: 'a', value: 'z', timestamp: base + 5000 },
    { key: 'a', value: 'w', timestamp: base + 20000 },
    { key: 'b', value: 'u', timestamp: base + 20000 },
  ]);
  const second = new KafkaStreams(topology(), config);
  await second.start();
  try {
    const sliding = await consumeUntil(cluster.bootstrapServers, slidingOut, (r) => has(r.map(row), ['a', -5000, 5000, 3]) && has(r.map(row), ['a', 10000, 20000, 1]));
    // The restored right window of a@1000's predecessor took a@5000 too.
    assert.ok(has(sliding.map(row), ['a', 1, 10001, 2]), JSON.stringify(sliding.map(row)));
    const finals = await consumeUntil(cluster.bootstrapServers, finalOut, (r) => has(r.map(row), ['a', 0, 10000, 3]) && has(r.map(row), ['b', 0, 10000, 1]));
    // One final result per window, with every record of it, before and after the restart.
    assert.deepEqual(finals.map(row).sort(), [['a', 0, 10000, 3], ['b', 0, 10000, 1]]);
  } finally {
    assert.equal(await second.close({ timeoutMs: 30000 }), true);
  }
});
