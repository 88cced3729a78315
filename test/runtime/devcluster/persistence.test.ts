// With dataDir, topics, records and committed offsets survive a restart; without, nothing does.
import { strict as assert } from 'node:assert';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { encodeBatch } from '../../../runtime/src/devcluster/records/records-codec';
import { activeSegment, rand, startTestCluster, within } from './helpers';

const dataDir = mkdtempSync(join(tmpdir(), 'streamwise-devcluster-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

const client = (brokers: string[]) => new Kafka({ clientId: 'persist-test', brokers, logLevel: logLevel.NOTHING });

test('topics, records and committed offsets survive a restart with the same dataDir', async () => {
  const topic = rand('persist');
  const groupId = rand('pg');
  const first = await startTestCluster({ dataDir });
  const kafka1 = client(first.bootstrapServers);
  const producer = kafka1.producer();
  await producer.connect();
  await producer.send({ topic, messages: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }] });
  await producer.send({ topic, messages: [{ key: 'c', value: '3', headers: { h: 'v' } }] });
  await producer.disconnect();
  const admin1 = kafka1.admin();
  await admin1.connect();
  await admin1.createTopics({ topics: [{ topic: `${topic}-x`, numPartitions: 3, configEntries: [{ name: 'retention.ms', value: '42' }] }] });
  await admin1.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '2' }] });
  await admin1.disconnect();
  await first.close();

  // A torn write after the last acknowledged batch is cut off at start.
  const segment = activeSegment(dataDir, topic, 0);
  appendFileSync(segment, Buffer.from([0, 0, 0, 0, 0, 0, 0, 9, 0, 0]));

  const second = await startTestCluster({ dataDir });
  try {
    const kafka2 = client(second.bootstrapServers);
    const admin2 = kafka2.admin();
    await admin2.connect();
    const topics = await admin2.listTopics();
    assert.ok(topics.includes(topic) && topics.includes(`${topic}-x`));
    const meta = await admin2.fetchTopicMetadata({ topics: [`${topic}-x`] });
    assert.equal(meta.topics[0]?.partitions.length, 3);
    const configs = await admin2.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: `${topic}-x`, configNames: ['retention.ms'] }] });
    assert.equal(configs.resources[0]?.configEntries[0]?.configValue, '42');
    assert.deepEqual((await admin2.fetchTopicOffsets(topic)).map((o) => o.high), ['3']);
    const [committed] = await admin2.fetchOffsets({ groupId, topics: [topic] });
    assert.equal(committed?.partitions[0]?.offset, '2');
    await admin2.disconnect();

    // The group resumes at its committed offset; appends continue after the restored ones.
    const producer2 = kafka2.producer();
    await producer2.connect();
    await producer2.send({ topic, messages: [{ key: 'd', value: '4' }] });
    await producer2.disconnect();
    const consumer = kafka2.consumer({ groupId, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const got: string[] = [];
    await within(20_000, 'records after the committed offset', new Promise<void>((resolve) => {
      void consumer.run({ eachMessage: async ({ message }) => {
        got.push(`${message.offset}:${String(message.key)}=${String(message.value)}:${String(message.headers?.h ?? '')}`);
        if (got.length === 2) resolve();
      } });
    }));
    await consumer.disconnect();
    assert.deepEqual(got, ['2:c=3:v', '3:d=4:']);
  } finally {
    await second.close();
  }
});

test('without dataDir a restart starts empty', async () => {
  const topic = rand('mem');
  const first = await startTestCluster();
  await first.createTopic(topic, 1);
  await first.close();
  const second = await startTestCluster();
  try {
    const admin = client(second.bootstrapServers).admin();
    await admin.connect();
    assert.ok(!(await admin.listTopics()).includes(topic));
    await admin.disconnect();
  } finally {
    await second.close();
  }
});

test('a data directory in the earlier layout (topics.json, logs/<topic>-<p>.log, offsets.jsonl) is carried over', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'streamwise-legacy-'));
  try {
    const topic = rand('legacy');
    mkdirSync(join(dir, 'logs'));
    writeFileSync(join(dir, 'topics.json'), JSON.stringify({ [topic]: { partitions: 2, configs: { 'retention.ms': '-1' } } }));
    const batch = encodeBatch({ records: [{ key: Buffer.from('k'), value: Buffer.from('v1') }, { key: null, value: Buffer.from('v2') }] });
    writeFileSync(join(dir, 'logs', `${topic}-1.log`), batch);
    writeFileSync(join(dir, 'offsets.jsonl'), `${JSON.stringify({ g: 'old-group', t: topic, p: 1, o: 2, m: null, e: -1 })}\n{"g":"torn`);
    const cluster = await startTestCluster({ dataDir: dir });
    try {
      const admin = client(cluster.bootstrapServers).admin();
      await admin.connect();
      assert.deepEqual((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, o.high]).sort(), [[0, '0'], [1, '2']]);
      const [committed] = await admin.fetchOffsets({ groupId: 'old-group', topics: [topic] });
      assert.deepEqual(committed?.partitions.map((p) => [p.partition, p.offset]).sort(), [[0, '-1'], [1, '2']]);
      await admin.disconnect();
    } finally {
      await cluster.close();
    }
    assert.ok(!existsSync(join(dir, 'topics.json')) && !existsSync(join(dir, 'offsets.jsonl')) && !existsSync(join(dir, 'logs', `${topic}-1.log`)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
