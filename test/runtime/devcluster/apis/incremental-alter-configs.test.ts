// IncrementalAlterConfigs v0 and v1 (flexible) on the wire; the result is read back with kafkajs'
// DescribeConfigs, an independent decoder.
import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { ConfigOp, incrementalAlterConfigs } from '../admin-wire';
import { rand, startTestCluster } from '../helpers';

let cluster: Awaited<ReturnType<typeof startTestCluster>>;
before(async () => { cluster = await startTestCluster(); });
after(() => cluster.close());

async function describe(topic: string, names: string[]): Promise<Record<string, string>> {
  const admin = new Kafka({ clientId: 'iac-test', brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const res = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: topic, configNames: names }] });
    return Object.fromEntries((res.resources[0]?.configEntries ?? []).map((e) => [e.configName, e.configValue]));
  } finally {
    await admin.disconnect();
  }
}

for (const version of [0, 1] as const) {
  test(`v${version}: set, delete, append and subtract change single configs and leave the others`, async () => {
    const topic = rand('iac');
    await cluster.createTopic(topic, 1);
    let res = await incrementalAlterConfigs(cluster.port, version, [{ topic, ops: [
      { name: 'retention.ms', op: ConfigOp.Set, value: '60000' },
      { name: 'segment.bytes', op: ConfigOp.Set, value: '4096' },
    ] }]);
    assert.deepEqual(res, [{ errorCode: 0, message: null, type: 2, name: topic }]);
    res = await incrementalAlterConfigs(cluster.port, version, [{ topic, ops: [
      { name: 'retention.ms', op: ConfigOp.Delete, value: null },
      { name: 'cleanup.policy', op: ConfigOp.Append, value: 'delete' },
      { name: 'cleanup.policy', op: ConfigOp.Append, value: 'compact' },
    ] }]);
    assert.equal(res[0]?.errorCode, 0, String(res[0]?.message));
    assert.deepEqual(await describe(topic, ['retention.ms', 'segment.bytes', 'cleanup.policy']),
      { 'retention.ms': '604800000', 'segment.bytes': '4096', 'cleanup.policy': 'delete,compact' });
    res = await incrementalAlterConfigs(cluster.port, version, [{ topic, ops: [{ name: 'cleanup.policy', op: ConfigOp.Subtract, value: 'delete' }] }]);
    assert.equal(res[0]?.errorCode, 0);
    assert.equal((await describe(topic, ['cleanup.policy']))['cleanup.policy'], 'compact');
  });

  test(`v${version}: bad input gets a specific error per resource and changes nothing`, async () => {
    const topic = rand('iacbad');
    await cluster.createTopic(topic, 1);
    const res = await incrementalAlterConfigs(cluster.port, version, [
      { topic, ops: [{ name: 'retention.ms', op: ConfigOp.Set, value: 'soon' }] },
      { topic, ops: [{ name: 'no.such.config', op: ConfigOp.Set, value: '1' }] },
      { topic, ops: [{ name: 'retention.ms', op: 9, value: '1' }] },
      { topic: rand('missing'), ops: [{ name: 'retention.ms', op: ConfigOp.Set, value: '1' }] },
    ]);
    assert.deepEqual(res.map((r) => r.errorCode), [40, 40, 42, 3], 'INVALID_CONFIG, INVALID_CONFIG, INVALID_REQUEST, UNKNOWN_TOPIC_OR_PARTITION');
    assert.match(res[0]?.message ?? '', /invalid value 'soon' for retention\.ms/);
    assert.match(res[1]?.message ?? '', /unknown topic config 'no\.such\.config'/);
    assert.match(res[2]?.message ?? '', /unknown config operation 9/);
    assert.equal((await describe(topic, ['retention.ms']))['retention.ms'], '604800000');
  });
}
