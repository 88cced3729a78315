// DescribeLogDirs v1 on the wire: the one log directory and each partition's size, checked
// against the segment files on disk.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { describeLogDirs } from '../admin-wire';
import { partitionDir, rand, startTestCluster } from '../helpers';

const dataDir = mkdtempSync(join(tmpdir(), 'streamwise-logdirs-'));
let cluster: Awaited<ReturnType<typeof startTestCluster>>;
before(async () => { cluster = await startTestCluster({ dataDir, offsetsTopicPartitions: 2 }); });
after(async () => { await cluster.close(); rmSync(dataDir, { recursive: true, force: true }); });

const bytesOnDisk = (topic: string, p: number): number => {
  const dir = partitionDir(dataDir, topic, p);
  return readdirSync(dir).filter((n) => n.endsWith('.log')).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
};

test('partition sizes match the segment files; every topic when none is named, only the named ones otherwise', async () => {
  const topic = rand('dirs');
  const other = rand('other');
  await cluster.createTopic(topic, 3);
  await cluster.createTopic(other, 1);
  const producer = new Kafka({ clientId: 'logdirs', brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  await producer.send({ topic, acks: -1, messages: [{ value: 'a'.repeat(500), partition: 0 }, { value: 'b', partition: 0 }, { value: 'c'.repeat(2000), partition: 2 }] });
  await producer.disconnect();
  const named = await describeLogDirs(cluster.port, [{ name: topic, partitions: [0, 1, 2, 7] }]);
  assert.equal(named.length, 1);
  assert.deepEqual([named[0]?.errorCode, named[0]?.path], [0, dataDir]);
  assert.deepEqual(named[0]?.topics.map((t) => t.name), [topic]);
  const sizes = named[0]?.topics[0]?.partitions.map((p) => [p.index, p.size]);
  assert.deepEqual(sizes, [[0, bytesOnDisk(topic, 0)], [1, 0], [2, bytesOnDisk(topic, 2)]], 'partition 7 does not exist and is left out');
  assert.ok((sizes?.[0]?.[1] ?? 0) > 500 && (sizes?.[2]?.[1] ?? 0) > 2000);
  const all = await describeLogDirs(cluster.port, null);
  const names = all[0]?.topics.map((t) => t.name) ?? [];
  assert.ok(names.includes(topic) && names.includes(other) && names.includes('__consumer_offsets'), names.join(','));
});

test('in memory the log directory is named "memory"', async () => {
  const mem = await startTestCluster();
  try {
    const topic = rand('mem');
    await mem.createTopic(topic, 1);
    const dirs = await describeLogDirs(mem.port, [{ name: topic, partitions: [0] }]);
    assert.deepEqual(dirs.map((d) => [d.errorCode, d.path, d.topics[0]?.partitions[0]?.size]), [[0, 'memory', 0]]);
  } finally {
    await mem.close();
  }
});
