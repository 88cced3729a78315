// emitStrategy(onWindowClose) on the embedded dev cluster: the last emitted close time is committed
// with the input offsets (Kafka's processor metadata in the offset commit), so a window emitted
// before a restart is not emitted again after it, although the restored store still holds it.
import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { startDevCluster } from 'streamwise/devcluster';
import { EmitStrategy, KafkaStreams, Serdes, StreamsBuilder, TimeWindows } from 'streamwise';
import { consumeUntil, createTopics, kafka, produce, randomName } from '../streams/helpers/kafka-io';
import { tempStateDir } from '../streams/helpers/state-dir';

let cluster: { bootstrapServers: string[]; close(): Promise<void> };
before(async () => { cluster = await startDevCluster({ port: 0, defaultPartitions: 4 }); });
after(async () => { await cluster.close(); });

test('on the dev cluster: onWindowClose does not emit a window again after a restart', async () => {
  const input = randomName('events');
  const finalOut = randomName('final');
  const appId = randomName('emit-final');
  await createTopics(cluster.bootstrapServers, [input, finalOut]);
  const size = 10_000;
  const base = Math.floor(Date.now() / size) * size;
  const windowed = Serdes.TimeWindowed(Serdes.String(), size);
  const topology = () => {
    const b = new StreamsBuilder();
    b.stream(input, { keySerde: Serdes.String(), valueSerde: Serdes.String() })
      .groupByKey()
      .windowedBy(TimeWindows.ofSizeAndGrace(size, 5000))
      .emitStrategy(EmitStrategy.onWindowClose())
      .count({ name: 'counts' })
      .toStream()
      .to(finalOut, { keySerde: windowed, valueSerde: Serdes.Long() });
    return b.build();
  };
  const config = { stateDir: tempStateDir(), applicationId: appId, bootstrapServers: cluster.bootstrapServers, commitIntervalMs: 100 };
  const changelog = `${appId}-counts-changelog`;
  // A run of the app until the counts changelog holds `count` for the window starting at `start`.
  const runUntil = async (start: number, count: number) => {
    const app = new KafkaStreams(topology(), config);
    await app.start();
    try {
      await consumeUntil(cluster.bootstrapServers, changelog, (r) =>
        r.some((x) => x.keyBytes !== null && x.keyBytes.length >= 12 && Number(x.keyBytes.readBigInt64BE(x.keyBytes.length - 12)) === start && x.valueBytes !== null && Serdes.Long().deserialize(x.valueBytes) === count));
    } finally {
      assert.equal(await app.close({ timeoutMs: 30000 }), true);
    }
  };
  // Each run starts with a fresh node, so its first record passes the 1000 ms emit interval.
  await produce(cluster.bootstrapServers, input, [{ key: 'a', value: 'x', timestamp: base }, { key: 'a', value: 'y', timestamp: base + 1000 }]);
  await runUntil(base, 2);
  // a@15000: close time 10000, [0, 10000) is final and emitted (the store keeps it: retention 15000).
  await produce(cluster.bootstrapServers, input, [{ key: 'a', value: 'z', timestamp: base + 15000 }]);
  await runUntil(base + size, 1);
  // a@15001: close time 10001. Without the committed last emit time, [0, 10000) would go out again.
  await produce(cluster.bootstrapServers, input, [{ key: 'a', value: 'w', timestamp: base + 15001 }]);
  await runUntil(base + size, 2);

  const admin = kafka(cluster.bootstrapServers).admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(finalOut);
    assert.equal(ends.reduce((n, p) => n + Number(p.high), 0), 1, 'one final result in the output topic');
    const committed = await admin.fetchOffsets({ groupId: appId, topics: [input] });
    const meta = committed.flatMap((t) => t.partitions).find((p) => p.metadata !== null && p.metadata !== '')?.metadata;
    assert.ok(meta !== undefined && meta !== null, 'the offsets carry processor metadata');
    // Kafka's TopicPartitionMetadata: magic 2, partition time, one entry "counts" -> close time.
    const bytes = Buffer.from(meta, 'base64');
    assert.equal(bytes.readInt8(0), 2);
    assert.equal(bytes.readInt32BE(9), 1);
    assert.equal(bytes.subarray(17, 17 + bytes.readInt32BE(13)).toString(), 'counts');
    // 10000: at 10001 no window ended between the bounds, so Kafka keeps the last emit time.
    assert.equal(Number(bytes.readBigInt64BE(bytes.length - 8)), base + 10000);
  } finally {
    await admin.disconnect();
  }
  const out = await consumeUntil(cluster.bootstrapServers, finalOut, (r) => r.length >= 1);
  const k = windowed.deserialize(out[0]?.keyBytes ?? Buffer.alloc(0));
  assert.deepEqual([k.key, k.window.start - base, Serdes.Long().deserialize(out[0]?.valueBytes ?? Buffer.alloc(8))], ['a', 0, 2]);
});
