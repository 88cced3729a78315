// The streams runtime reads topics that librdkafka (kcat) wrote with snappy, lz4 and zstd: the
// codecs registered behind kafkajs-adapter.ts. The batches on disk are checked to be compressed,
// so the test cannot pass on uncompressed data.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { KafkaStreams, StreamsBuilder } from 'streamwise';
import { kcat, partitionDir, rand, requireKcat, startTestCluster } from '../devcluster/helpers';
import { consumeUntil } from '../streams/helpers/kafka-io';
import { tempStateDir } from '../streams/helpers/state-dir';

const dataDir = mkdtempSync(join(tmpdir(), 'streamwise-codecs-'));
let cluster: Awaited<ReturnType<typeof startTestCluster>>;
before(async () => { requireKcat(); cluster = await startTestCluster({ dataDir }); });
after(async () => { await cluster.close(); rmSync(dataDir, { recursive: true, force: true }); });

/** Codec ids (attributes & 7) of the stored batches of a partition. */
function storedCodecs(topic: string): number[] {
  const dir = partitionDir(dataDir, topic, 0);
  const out: number[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.log')).sort()) {
    const data = readFileSync(join(dir, name));
    for (let at = 0; at + 61 <= data.length; at += 12 + data.readInt32BE(at + 8)) out.push(data.readInt16BE(at + 21) & 7);
  }
  return out;
}

for (const [codec, id] of [['snappy', 2], ['lz4', 3], ['zstd', 4]] as const) {
  test(`a topology reads a topic librdkafka wrote with ${codec}`, async () => {
    const input = rand(`in-${codec}`);
    const output = rand(`out-${codec}`);
    await cluster.createTopic(input, 1);
    await cluster.createTopic(output, 1);
    const lines = Array.from({ length: 200 }, (_, i) => `k${i % 7}:value ${i} ${'x'.repeat(40)}`);
    const produced = await kcat(['-b', cluster.bootstrapServers.join(','), '-P', '-t', input, '-p', '0', '-K', ':', '-z', codec, '-X', 'linger.ms=50'], `${lines.join('\n')}\n`);
    assert.equal(produced.code, 0, produced.stderr);
    const codecs = storedCodecs(input);
    assert.ok(codecs.length > 0 && codecs.every((c) => c === id), `stored batches: codecs ${codecs.join(',')}`);
    const builder = new StreamsBuilder();
    builder.stream<string, string>(input).mapValues((v) => v.toUpperCase()).to(output);
    const app = new KafkaStreams(builder.build(), { stateDir: tempStateDir(), applicationId: rand(`codec-${codec}`), bootstrapServers: cluster.bootstrapServers, commitIntervalMs: 100 });
    const states: string[] = [];
    app.onStateChange((s) => { states.push(s); });
    await app.start();
    try {
      const got = await consumeUntil(cluster.bootstrapServers, output, (r) => r.length >= lines.length, 60_000);
      assert.deepEqual(got.map((r) => `${r.key}:${r.value}`), lines.map((l) => { const [k, v] = l.split(':'); return `${k}:${(v ?? '').toUpperCase()}`; }));
      assert.ok(!states.includes('ERROR'), states.join(' > '));
    } finally {
      await app.close();
    }
  });
}
