// `streamwise lag --group ID`: kafka-consumer-groups' columns, members, rates and a status judged
// over a window of several commit intervals, against real groups.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { KafkaStreams, StreamsBuilder } from 'streamwise';
import type { GroupLagReport } from 'streamwise/model';
import { startDevCluster } from 'streamwise/devcluster';
import { consumeUntil, produce, randomName } from '../../../runtime/streams/helpers/kafka-io';
import { startMockCluster } from '../../../runtime/streams/helpers/mock-cluster';
import { runCliToEnd, startCli } from './cli-helpers';
import { tempStateDir } from '../../../runtime/streams/helpers/state-dir';

test('lag: a caught-up group is OK at once; a stopped one with new input is STOP; --fail-on sets the exit code', async () => {
  const cluster = await startDevCluster({ port: 0, defaultPartitions: 2 });
  try {
    const brokers = cluster.bootstrapServers;
    const input = randomName('lag-in');
    const output = randomName('lag-out');
    const group = randomName('lag-app');
    await produce(brokers, input, Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, value: `v${i}` })));
    const builder = new StreamsBuilder();
    builder.stream<string, string>(input).to(output);
    const app = new KafkaStreams(builder.build(), { stateDir: tempStateDir(), applicationId: group, bootstrapServers: brokers, commitIntervalMs: 50 });
    await app.start();
    await consumeUntil(brokers, output, (r) => r.length >= 20);
    assert.equal(await app.close({ timeoutMs: 20000 }), true);

    const ok = await runCliToEnd(['lag', '--group', group, '--brokers', brokers.join(','), '--format', 'json', '--fail-on', 'warn']);
    assert.equal(ok.code, 0, ok.stderr);
    const okJson = JSON.parse(ok.stdout) as GroupLagReport;
    assert.equal(okJson.status, 'OK');
    assert.equal(okJson.totalLag, 0);
    assert.equal(okJson.partitions.reduce((n, p) => n + (p.committed ?? 0), 0), 20);

    await produce(brokers, input, Array.from({ length: 10 }, (_, i) => ({ key: `n${i}`, value: `n${i}` })));
    const stop = await runCliToEnd(['lag', '--group', group, '--brokers', brokers.join(',')]);
    assert.equal(stop.code, 0, stop.stderr);
    assert.match(stop.stdout, new RegExp(`^group ${group}: STOP: .*total lag 10, 2 partition\\(s\\), 0 member\\(s\\)`));
    assert.match(stop.stdout, /TOPIC\s+PARTITION\s+CURRENT-OFFSET\s+LOG-END-OFFSET\s+LAG\s+CONSUMER-ID\s+HOST\s+CLIENT-ID\s+RATE\/S\s+CATCH-UP\s+STATUS/);
    assert.match(stop.stdout, /STOP \(no active member while behind\)/);
    for (const [failOn, code] of [['stop', 1], ['stall', 1], ['warn', 1]] as const) {
      const r = await runCliToEnd(['lag', '--group', group, '--brokers', brokers.join(','), '--fail-on', failOn]);
      assert.equal(r.code, code, `--fail-on ${failOn}: ${r.stderr}`);
    }
  } finally {
    await cluster.close();
  }
});

test('lag: a Kafka Streams app on the default 30 s commit interval that keeps up is OK, with its member columns', async () => {
  const cluster = await startDevCluster({ port: 0, defaultPartitions: 2 });
  const brokers = cluster.bootstrapServers;
  const input = randomName('lag30-in');
  const group = randomName('lag30-app');
  const builder = new StreamsBuilder();
  builder.stream<string, string>(input).mapValues((v) => v.toUpperCase()).to(randomName('lag30-out'));
  const app = new KafkaStreams(builder.build(), { stateDir: tempStateDir(), applicationId: group, bootstrapServers: brokers });
  let producing = true;
  const producer = (async () => {
    for (let i = 0; producing; i++) await produce(brokers, input, Array.from({ length: 10 }, (_, j) => ({ key: `k${j}`, value: `v${i}-${j}` })));
  })();
  try {
    await app.start();
    const run = startCli(['lag', '--group', group, '--brokers', brokers.join(','), '--format', 'json', '--interval', '500', '--fail-on', 'warn']);
    const code = await run.exit;
    assert.equal(code, 0, run.stderr());
    const report = JSON.parse(run.stdout()) as GroupLagReport;
    assert.equal(report.status, 'OK', report.message);
    assert.equal(report.members.length, 1);
    assert.equal(report.partitions.length, 2);
    for (const p of report.partitions) {
      assert.equal(p.status, 'OK');
      assert.ok(p.committed !== null && p.committed > 0);
      assert.equal(p.consumerId, report.members[0]?.memberId);
      assert.match(p.host ?? '', /127\.0\.0\.1/);
      assert.match(p.clientId ?? '', new RegExp(group));
    }
  } finally {
    producing = false;
    await producer;
    await app.close({ timeoutMs: 20000 });
    await cluster.close();
  }
});

test('lag against librdkafka\'s mock cluster (no DescribeGroups): a group behind with unmoving offsets is STALL once the window is full', async () => {
  const cluster = await startMockCluster(1);
  try {
    const input = randomName('lag-in');
    const output = randomName('lag-out');
    const group = randomName('lag-app');
    await produce(cluster.brokers, input, [{ key: 'a', value: '1', partition: 0 }, { key: 'b', value: '2', partition: 1 }]);
    const builder = new StreamsBuilder();
    builder.stream<string, string>(input).to(output);
    const app = new KafkaStreams(builder.build(), { stateDir: tempStateDir(), applicationId: group, bootstrapServers: cluster.brokers, commitIntervalMs: 50 });
    await app.start();
    await consumeUntil(cluster.brokers, output, (r) => r.length >= 2);
    assert.equal(await app.close({ timeoutMs: 20000 }), true);
    await produce(cluster.brokers, input, [{ key: 'c', value: '3', partition: 0 }]);
    const early = await runCliToEnd(['lag', '--group', group, '--brokers', cluster.brokers.join(','), '--format', 'json', '--samples', '2', '--interval', '50']);
    assert.equal(early.code, 0, early.stderr);
    const pending = JSON.parse(early.stdout) as GroupLagReport;
    assert.equal(pending.status, 'PENDING');
    assert.match(pending.message, /^window not full yet \(0 of 3 commits; commit interval assumed 30 s\)/);
    const r = await runCliToEnd(['lag', '--group', group, '--brokers', cluster.brokers.join(','), '--format', 'json', '--interval', '50', '--commit-interval', '100', '--timeout', '20000', '--fail-on', 'stall']);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const json = JSON.parse(r.stdout) as GroupLagReport;
    assert.equal(json.status, 'STALL');
    assert.equal(json.totalLag, 1);
    assert.equal(json.groupState, null);
    const p0 = json.partitions.find((p) => p.partition === 0);
    assert.deepEqual([p0?.committed, p0?.end, p0?.lag, p0?.status], [1, 2, 1, 'STALL']);
  } finally {
    await cluster.close();
  }
});

test('lag: unknown group, unreachable brokers, missing --group and a bad --fail-on give clear errors', async () => {
  const cluster = await startDevCluster({ port: 0 });
  try {
    const none = await runCliToEnd(['lag', '--group', 'nobody-here', '--brokers', cluster.bootstrapServers.join(',')]);
    assert.equal(none.code, 1);
    assert.equal(none.stderr, `streamwise lag: group 'nobody-here' not found on ${cluster.bootstrapServers.join(',')} (no active member, no committed offsets)\n`);
  } finally {
    await cluster.close();
  }
  const down = await runCliToEnd(['lag', '--group', 'g', '--brokers', '127.0.0.1:1']);
  assert.equal(down.code, 1);
  assert.match(down.stderr, /cannot reach brokers/);
  const usage = await runCliToEnd(['lag']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--group ID is required/);
  const failOn = await runCliToEnd(['lag', '--group', 'g', '--fail-on', 'lag']);
  assert.equal(failOn.code, 2);
  assert.match(failOn.stderr, /--fail-on must be warn, stall or stop, got 'lag'/);
});
