// StreamsAdmin.topicReplication through the kafkajs adapter, against our dev cluster (one broker,
// DescribeConfigs) and librdkafka's mock cluster (three brokers, no DescribeConfigs).
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { createKafkaClient, silentLogger } from 'streamwise';
import { startDevCluster } from 'streamwise/devcluster';
import { startMockCluster } from '../streams/helpers/mock-cluster';

const name = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

test('dev cluster: replication factor from Metadata, min.insync.replicas from DescribeConfigs (default and set at creation); missing topics absent', async () => {
  const cluster = await startDevCluster({ port: 0 });
  const admin = createKafkaClient({ brokers: cluster.bootstrapServers, clientId: 'replication-test', logger: silentLogger }).admin();
  try {
    await admin.connect();
    const [plain, strict, missing] = [name('plain'), name('strict'), name('missing')];
    await admin.createTopics([{ topic: plain, partitions: 2 }, { topic: strict, partitions: 3, configs: { 'min.insync.replicas': '2' } }]);
    const facts = await admin.topicReplication([plain, strict, missing]);
    assert.deepEqual(Object.fromEntries(facts), {
      [plain]: { replicationFactor: 1, minInsyncReplicas: 1 },
      [strict]: { replicationFactor: 1, minInsyncReplicas: 2 },
    });
    assert.deepEqual(await admin.topicReplication([]), new Map());
  } finally {
    await admin.disconnect();
    await cluster.close();
  }
});

test('librdkafka mock cluster with 3 brokers: replication factor 3; min.insync.replicas not known (no DescribeConfigs) is left out', async () => {
  const mock = await startMockCluster(3);
  const client = createKafkaClient({ brokers: mock.brokers, clientId: 'replication-test', logger: silentLogger });
  const producer = client.producer({ idempotent: false });
  const admin = client.admin();
  try {
    const topic = name('auto');
    await producer.connect();
    await producer.send([{ topic, key: null, value: Buffer.from('x'), headers: {}, timestamp: Date.now() }]); // auto-creates it
    await admin.connect();
    assert.deepEqual(Object.fromEntries(await admin.topicReplication([topic])), { [topic]: { replicationFactor: 3 } });
  } finally {
    await producer.disconnect();
    await admin.disconnect();
    await mock.close();
  }
});
