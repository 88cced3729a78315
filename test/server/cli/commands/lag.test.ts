// `streamwise lag --group ID`: committed offsets, end offsets, lag and status of a real group.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { KafkaStreams, StreamsBuilder } from 'streamwise';
import { startDevCluster } from 'streamwise/devcluster';
import { consumeUntil, produce, randomName } from '../../../runtime/streams/helpers/kafka-io';
import { startMockCluster } from '../../../runtime/streams/helpers/mock-cluster';
import { runCliToEnd } from './cli-helpers';

interface LagJson { version: number; group: string; status: string; totalLag: number; partitions: { topic: string; partition: number; committed: number; end: number; lag: number; status: string }[] }

test('lag reports a caught-up group as OK and a stopped one with new input as STOP (text and json)', async () => {
  const cluster = await startDevCluster({ port: 0, defaultPartitions: 2 });
  try {
    const brokers = cluster.bootstrapServers;
    const input = randomName('lag-in');
    const output = randomName('lag-out');
    const group = randomName('lag-app');
    await produce(brokers, input, Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, value: `v${i}` })));
    const builder = new StreamsBuilder();
    builder.stream<string, string>(input).to(output);
    const app = new KafkaStreams(builder.build(), { applicationId: group, bootstrapServers: brokers, commitIntervalMs: 50 });
    await app.start();
    await consumeUntil(brokers, output, (r) => r.length >= 20);
    assert.equal(await app.close({ timeoutMs: 20000 }), true);

    const ok = await runCliToEnd(['lag', '--group', group, '--brokers', brokers.join(','), '--format', 'json', '--samples', '2', '--interval', '50']);
    assert.equal(ok.code, 0, ok.stderr);
    const okJson = JSON.parse(ok.stdout) as LagJson;
    assert.equal(okJson.status, 'OK');
    assert.equal(okJson.totalLag, 0);
    assert.equal(okJson.partitions.reduce((n, p) => n + p.committed, 0), 20);

    await produce(brokers, input, Array.from({ length: 10 }, (_, i) => ({ key: `n${i}`, value: `n${i}` })));
    const stop = await runCliToEnd(['lag', '--group', group, '--brokers', brokers.join(','), '--samples', '2', '--interval', '50']);
    assert.equal(stop.code, 0, stop.stderr);
    assert.match(stop.stdout, new RegExp(`group ${group}: STOP \\(total lag 10`));
    assert.match(stop.stdout, /TOPIC\s+PARTITION\s+COMMITTED\s+END\s+LAG\s+CONSUMED\/S\s+PRODUCED\/S\s+STATUS/);
    assert.match(stop.stdout, /STOP \(no running member while behind\)/);
  } finally {
    await cluster.close();
  }
});

test('lag: unknown group, unreachable brokers and missing --group give clear errors', async () => {
  const cluster = await startDevCluster({ port: 0 });
  try {
    const none = await runCliToEnd(['lag', '--group', randomName('nobody'), '--brokers', cluster.bootstrapServers.join(','), '--samples', '1']);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /has no committed offsets/);
  } finally {
    await cluster.close();
  }
  const down = await runCliToEnd(['lag', '--group', 'g', '--brokers', '127.0.0.1:1', '--samples', '1']);
  assert.equal(down.code, 1);
  assert.match(down.stderr, /cannot reach brokers/);
  const usage = await runCliToEnd(['lag']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--group ID is required/);
});

test('lag against librdkafka\'s mock cluster (no DescribeGroups): a group behind with unmoving offsets is STALL', async () => {
  const cluster = await startMockCluster(1);
  try {
    const input = randomName('lag-in');
    const output = randomName('lag-out');
    const group = randomName('lag-app');
    await produce(cluster.brokers, input, [{ key: 'a', value: '1', partition: 0 }, { key: 'b', value: '2', partition: 1 }]);
    const builder = new StreamsBuilder();
    builder.stream<string, string>(input).to(output);
    const app = new KafkaStreams(builder.build(), { applicationId: group, bootstrapServers: cluster.brokers, commitIntervalMs: 50 });
    await app.start();
    await consumeUntil(cluster.brokers, output, (r) => r.length >= 2);
    assert.equal(await app.close({ timeoutMs: 20000 }), true);
    await produce(cluster.brokers, input, [{ key: 'c', value: '3', partition: 0 }]);
    const r = await runCliToEnd(['lag', '--group', group, '--brokers', cluster.brokers.join(','), '--format', 'json', '--samples', '2', '--interval', '50']);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as LagJson;
    assert.equal(json.status, 'STALL');
    assert.equal(json.totalLag, 1);
    const p0 = json.partitions.find((p) => p.partition === 0);
    assert.deepEqual([p0?.committed, p0?.end, p0?.lag, p0?.status], [1, 2, 1, 'STALL']);
  } finally {
    await cluster.close();
  }
});
