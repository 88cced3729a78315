// Interactive queries while a task restores its store (Kafka's InvalidStateStoreException): a
// query that would read a partly restored store is refused, never answered with null or an old
// value, and the app is RUNNING only once every assigned task has restored (Kafka's
// PARTITIONS_ASSIGNED -> RUNNING), so a caller who waits for RUNNING reads the whole state.
import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { InvalidStateStoreError, KafkaStreams, silentLogger, type StreamsState } from 'streamwise';
import { startDevCluster } from 'streamwise/devcluster';
import type { StreamsEvent } from 'streamwise/model';
import { consumeUntil, createTopics, produce, randomName } from './helpers/kafka-io';
import { testTopology } from './helpers/test-topology';
import { tempStateDir } from './helpers/state-dir';

let cluster: { bootstrapServers: string[]; close(): Promise<void> };
before(async () => { cluster = await startDevCluster({ port: 0, defaultPartitions: 2 }); });
after(async () => { await cluster.close(); });

test('while its task restores, a store refuses queries; at RUNNING it answers every key from the changelog', async () => {
  const input = randomName('in');
  const output = randomName('out');
  const appId = randomName('iq-restore');
  await createTopics(cluster.bootstrapServers, [input, output]);
  const keys = Array.from({ length: 200 }, (_, i) => `k${i}`);
  await produce(cluster.bootstrapServers, input, keys.flatMap((key) => [{ key, value: 'a' }, { key, value: 'b' }]));
  const config = { stateDir: tempStateDir(), applicationId: appId, bootstrapServers: cluster.bootstrapServers, commitIntervalMs: 100, logger: silentLogger };
  const first = new KafkaStreams(testTopology({ input, output, count: true }), config);
  await first.start();
  await consumeUntil(cluster.bootstrapServers, output, (records) => records.filter((r) => r.value === '2').length === keys.length);
  assert.equal(await first.close({ timeoutMs: 30000 }), true);

  // A fresh state directory: the second instance rebuilds every count from the changelog.
  const second = new KafkaStreams(testTopology({ input, output, count: true }), { ...config, stateDir: tempStateDir() });
  const answersDuringRestore: unknown[] = [];
  const refusals: InvalidStateStoreError[] = [];
  const query = (): void => {
    try {
      answersDuringRestore.push(second.store<string, number>('counts').get('k7'));
    } catch (error) {
      if (!(error instanceof InvalidStateStoreError)) throw error;
      refusals.push(error);
    }
  };
  // The assignment event comes as the tasks are created, before any restore can have ended.
  second.events.on('event', (e: StreamsEvent) => { if (e.type === 'assignment') query(); });
  const running = new Promise<void>((resolve) => {
    second.onStateChange((state: StreamsState) => { if (state === 'RUNNING') resolve(); });
  });
  await second.start();
  try {
    await running;
    assert.ok(refusals.length > 0, 'a query during the restore was refused');
    assert.deepEqual(answersDuringRestore, [], 'no query was answered from a partly restored store');
    assert.match(refusals[0]?.message ?? '', /state store 'counts' cannot answer yet: tasks? 0_\d.* still restoring it from the changelog; retry once the app is RUNNING/);
    const store = second.store<string, number>('counts');
    for (const key of keys) assert.equal(store.get(key), 2, key);
    assert.equal(store.all().length, keys.length);
  } finally {
    assert.equal(await second.close({ timeoutMs: 30000 }), true);
  }
});
