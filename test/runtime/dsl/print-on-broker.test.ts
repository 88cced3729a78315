// KStream.print on the embedded dev cluster: every record of every partition's task is printed
// through the app's `stdout` option, labelled as in the driver.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { startDevCluster } from 'streamwise/devcluster';
import { KafkaStreams, Printed, StreamsBuilder } from 'streamwise';
import { createTopics, produce, randomName } from '../streams/helpers/kafka-io';
import { tempStateDir } from '../streams/helpers/state-dir';

test('on the dev cluster: print writes one [label]: key, value line per record from every task', async () => {
  const cluster = await startDevCluster({ port: 0, defaultPartitions: 3 });
  try {
    const input = randomName('input');
    await createTopics(cluster.bootstrapServers, [input], 3);
    const b = new StreamsBuilder();
    b.stream(input).mapValues((v) => v.toUpperCase()).print(Printed.toSysOut<string, string>().withLabel('upper'));
    const keys = Array.from({ length: 12 }, (_v, i) => `k${i}`);
    const lines: string[] = [];
    let done: () => void = () => {};
    const all = new Promise<void>((resolve) => { done = resolve; });
    const app = new KafkaStreams(b.build(), {
      stateDir: tempStateDir(),
      applicationId: randomName('printer'),
      bootstrapServers: cluster.bootstrapServers,
      commitIntervalMs: 100,
      stdout: (text) => {
        lines.push(text);
        if (lines.length === keys.length) done();
      },
    });
    await app.start();
    try {
      await produce(cluster.bootstrapServers, input, keys.map((k) => ({ key: k, value: `v-${k}` })));
      await all;
      assert.deepEqual([...lines].sort(), keys.map((k) => `[upper]: ${k}, V-${k.toUpperCase()}\n`).sort());
    } finally {
      assert.equal(await app.close({ timeoutMs: 30000 }), true);
    }
  } finally {
    await cluster.close();
  }
});
