// With dataDir, topics, records and committed offsets survive a restart; without, nothing does.
import { strict as assert } from 'node:assert';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { OffsetStore } from '../../../runtime/src/devcluster/broker/offset-store';
import { rand, startTestCluster, within } from './helpers';

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
  const segment = readdirSync(join(dataDir, 'logs')).find((f) => f.startsWith(`${topic}-0`));
  assert.ok(segment !== undefined);
  appendFileSync(join(dataDir, 'logs', segment), Buffer.from([0, 0, 0, 0, 0, 0, 0, 9, 0, 0]));

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

test('the committed-offsets file is compacted at start once it has grown, keeping the latest commits', () => {
  const dir = mkdtempSync(join(tmpdir(), 'streamwise-offsets-'));
  try {
    const first = new OffsetStore(dir);
    for (let i = 0; i <= 1100; i++) first.commit('g', 't', 0, { offset: i, metadata: null, leaderEpoch: -1 });
    first.commit('g', 't', 1, { offset: 7, metadata: 'm', leaderEpoch: 2 });
    first.close();
    const file = join(dir, 'offsets.jsonl');
    assert.equal(readFileSync(file, 'utf8').trim().split('\n').length, 1102);
    const second = new OffsetStore(dir);
    try {
      assert.equal(readFileSync(file, 'utf8').trim().split('\n').length, 2);
      assert.deepEqual(second.get('g', 't', 0), { offset: 1100, metadata: null, leaderEpoch: -1 });
      assert.deepEqual(second.get('g', 't', 1), { offset: 7, metadata: 'm', leaderEpoch: 2 });
    } finally {
      second.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
