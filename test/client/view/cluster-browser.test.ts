// The view's cluster reader against a real dev cluster (child process) with a real run in it.
import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { createKafkaClient, silentLogger, type ProducedRecord } from 'streamwise';
import { DevClusterManager } from '../../../client/src/runs/dev-cluster';
import { currentNode } from '../../../client/src/runs/node-command';
import { RunManager } from '../../../client/src/runs/run-manager';
import { ClusterBrowser, READER_GROUP_PREFIX, readerGroupId, text } from '../../../client/src/view/cluster-browser';
import { cli, fixture, randomName, recordingLog, recordingOutputs, root, waitFor } from '../runs/run-helpers';

const cluster = new DevClusterManager(recordingLog());
const manager = new RunManager({ node: currentNode(), log: recordingLog(), createOutput: recordingOutputs().create, stopGraceMs: 10_000 });
let browser: ClusterBrowser;
let brokers: string[] = [];
const topic = randomName('ext-view');

before(async () => {
  brokers = await cluster.ensureStarted({ node: currentNode(), cli, port: 0, dataDir: '', cwd: root });
  browser = new ClusterBrowser(brokers, silentLogger);
  const client = createKafkaClient({ brokers, clientId: 'ext-view-test', logger: silentLogger });
  const admin = client.admin();
  await admin.connect();
  await admin.createTopics([{ topic, partitions: 2 }]);
  await admin.disconnect();
  const producer = client.producer({ idempotent: false });
  await producer.connect();
  const now = Date.now();
  const records: ProducedRecord[] = Array.from({ length: 30 }, (_, i) => ({
    topic, partition: i % 2, key: Buffer.from(`k${i}`), value: Buffer.from(JSON.stringify({ n: i })), headers: { h: Buffer.from(`v${i}`) }, timestamp: now - 100 + i,
  }));
  records.push({ topic, partition: 0, key: Buffer.from('bin'), value: Buffer.from([0xff, 0xfe, 0x00]), headers: {}, timestamp: now });
  await producer.send(records);
  await producer.disconnect();
});

after(async () => {
  await manager.stopAll();
  manager.dispose();
  await browser.dispose();
  await cluster.stop();
});

test('topics with partitions, end offsets and record counts', async () => {
  const topics = await browser.topics();
  const mine = topics.find((t) => t.name === topic);
  assert.ok(mine !== undefined, JSON.stringify(topics.map((t) => t.name)));
  assert.deepEqual(mine.partitions, [{ partition: 0, low: 0, high: 16 }, { partition: 1, low: 0, high: 15 }]);
  assert.equal(mine.records, 31);
  assert.equal(mine.internal, false);
});

test('the last N records over every partition, newest first, with key, value, headers, partition, offset', async () => {
  const rows = await browser.lastRecords(topic, 5);
  assert.equal(rows.length, 5);
  const binary = rows.find((r) => r.key === 'bin');
  assert.ok(binary !== undefined, JSON.stringify(rows));
  assert.equal(binary.value, '0xfffe00');
  assert.deepEqual({ partition: binary.partition, offset: binary.offset }, { partition: 0, offset: 15 });
  for (const r of rows) assert.ok(r.timestamp > 0);
  const k29 = rows.find((r) => r.key === 'k29');
  assert.ok(k29 !== undefined);
  assert.deepEqual({ value: k29.value, headers: k29.headers, partition: k29.partition, offset: k29.offset }, { value: '{"n":29}', headers: { h: 'v29' }, partition: 1, offset: 14 });
  const sorted = [...rows].sort((a, b) => b.timestamp - a.timestamp);
  assert.deepEqual(rows.map((r) => r.timestamp), sorted.map((r) => r.timestamp));
});

test('reading records again, and at once, reuses one consumer group (no group per read) and commits nothing', async () => {
  const [again, concurrent] = await Promise.all([browser.lastRecords(topic, 3), browser.lastRecords(topic, 31)]);
  assert.equal(again.length, 3);
  assert.equal(concurrent.length, 31);
  const admin = createKafkaClient({ brokers, clientId: 'ext-view-groups', logger: silentLogger }).admin();
  await admin.connect();
  try {
    const readers = (await admin.listGroups()).map((g) => g.groupId).filter((id) => id.startsWith(READER_GROUP_PREFIX));
    assert.deepEqual(readers, [readerGroupId()]);
    const committed = await admin.groupOffsets(readerGroupId(), [topic]);
    assert.deepEqual(committed.filter((o) => o.offset >= 0), [], 'the reader commits no offsets');
  } finally {
    await admin.disconnect();
  }
});

test('consumer groups of a real run, with their lag from the runtime\'s lag monitor; the reader\'s own groups are hidden', async () => {
  const applicationId = randomName('ext-view-app');
  const run = manager.start({
    file: fixture('uppercase.ts'), cwd: root, brokers, defaultInstances: 1, inputs: [{ topic: 'ext-run-in', file: fixture('input.jsonl') }],
    cli, cliSource: 'bundled', extraArgs: ['--application-id', applicationId],
  });
  await waitFor(manager.onDidChangeRun, (r) => r.id === run.id && (r.live.topics['ext-run-in']?.recordsIn ?? 0) >= 3, 120_000, () => JSON.stringify(run.live.totals), run);
  const groups = await browser.groups();
  const group = groups.find((g) => g.groupId === applicationId);
  assert.ok(group !== undefined, JSON.stringify(groups));
  assert.equal(group.protocolType, 'consumer');
  assert.equal(group.state, 'Stable');
  assert.equal(group.members, 1);
  assert.ok(groups.every((g) => !g.groupId.startsWith('streamwise-view-')), 'reader groups hidden');
  const report = await browser.lag(applicationId);
  assert.equal(report.groupId, applicationId);
  const partitions = report.partitions.filter((p) => p.topic === 'ext-run-in');
  assert.ok(partitions.length >= 1, JSON.stringify(report));
  assert.equal(partitions.reduce((n, p) => n + p.end, 0), 3);
  assert.equal(report.members.length, 1);
  await manager.stop(run.id);
});

test('an unreachable cluster is a clear error, not a hang', async () => {
  const nowhere = new ClusterBrowser(['127.0.0.1:1'], silentLogger);
  await assert.rejects(nowhere.topics(), /cannot reach 127\.0\.0\.1:1/);
  await nowhere.dispose();
});

test('bytes that are not UTF-8 show as hex', () => {
  assert.equal(text(Buffer.from('héllo')), 'héllo');
  assert.equal(text(Buffer.from([0xc3])), '0xc3');
  assert.equal(text(null), null);
});
