// The sampler against a real broker (the embedded dev cluster) through the runtime's client adapter.
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { createKafkaClient, silentLogger } from '../../../runtime/src/index';
import { startDevCluster, type DevCluster } from '../../../runtime/src/devcluster';
import type { GroupAssignor, KafkaClient, StreamsAdmin } from '../../../runtime/src/kafka/client';
import { GroupSampler, LagMonitor, type GroupLagReport } from '../../../runtime/src/lag/index';

let cluster: DevCluster;
let client: KafkaClient;
let admin: StreamsAdmin;

before(async () => {
  cluster = await startDevCluster({ port: 0 });
  client = createKafkaClient({ brokers: cluster.bootstrapServers, clientId: 'sampler-test', logger: silentLogger });
  admin = client.admin();
  await admin.connect();
});
after(async () => {
  await admin.disconnect();
  await cluster.close();
});

const everything: GroupAssignor = {
  name: 'everything', userData: () => Buffer.alloc(0),
  assign(members, counts) {
    return new Map(members.map((m, i) => [m.memberId, {
      assignment: i === 0 ? Object.fromEntries([...counts].map(([t, n]) => [t, Array.from({ length: n }, (_, p) => p)])) : {},
      userData: Buffer.alloc(0),
    }]));
  },
};

async function produce(topic: string, perPartition: number, partitions: number) {
  const producer = client.producer({ idempotent: false });
  await producer.connect();
  const records = Array.from({ length: partitions * perPartition }, (_, i) => ({ topic, partition: i % partitions, key: null, value: Buffer.from(`v${i}`), headers: {}, timestamp: Date.now() }));
  await producer.send(records);
  await producer.disconnect();
}

test('a member with no commits yet: members, assignment and "no commits yet"', async () => {
  const topic = `sampler-${randomUUID()}`;
  const group = `g-${randomUUID()}`;
  await admin.createTopics([{ topic, partitions: 2 }]);
  await produce(topic, 3, 2);
  const consumer = client.consumer({ groupId: group, topics: [topic], assignor: everything, fromBeginning: true });
  await consumer.connect();
  // kafkajs ignores commits until its fetch loop runs: wait for the first batch.
  await new Promise<void>((resolve) => { void consumer.run(async () => { resolve(); }, {}); });
  try {
    const monitor = new LagMonitor(admin, group);
    let report: GroupLagReport = await monitor.sampleOnce();
    // The broker reports the group Stable once the sync finished; bounded in count, not time.
    for (let i = 0; i < 50 && report.members.length === 0; i++) report = await monitor.sampleOnce();
    assert.equal(report.phase, 'no-commits');
    assert.equal(report.status, 'PENDING');
    assert.match(report.message, /^no commits yet \(1 member\(s\), Stable\)/);
    const [member] = report.members;
    assert.equal(member?.clientId, 'sampler-test');
    assert.match(member?.host ?? '', /127\.0\.0\.1/);
    assert.deepEqual(member?.assignment, [{ topic, partition: 0 }, { topic, partition: 1 }]);
    assert.deepEqual(report.partitions.map((p) => [p.partition, p.committed, p.end, p.lag, p.consumerId, p.status]),
      [[0, null, 3, null, member?.memberId, 'PENDING'], [1, null, 3, null, member?.memberId, 'PENDING']]);

    await consumer.commit([{ topic, partition: 0, offset: 2 }, { topic, partition: 1, offset: 3 }]);
    const sampler = new GroupSampler(admin, group);
    const s = await sampler.sample();
    assert.equal(s.state, 'Stable');
    assert.deepEqual(s.partitions, [{ topic, partition: 0, committed: 2, end: 3 }, { topic, partition: 1, committed: 3, end: 3 }]);
  } finally {
    await consumer.stop();
    await consumer.disconnect();
  }
});

test('a group that left: committed offsets with no members, STOP while behind', async () => {
  const topic = `sampler-${randomUUID()}`;
  const group = `g-${randomUUID()}`;
  await admin.createTopics([{ topic, partitions: 1 }]);
  await produce(topic, 5, 1);
  const consumer = client.consumer({ groupId: group, topics: [topic], assignor: everything, fromBeginning: true });
  await consumer.connect();
  // kafkajs ignores commits until its fetch loop runs: wait for the first batch.
  await new Promise<void>((resolve) => { void consumer.run(async () => { resolve(); }, {}); });
  await consumer.commit([{ topic, partition: 0, offset: 1 }]);
  await consumer.stop();
  await consumer.disconnect();
  const report = await new LagMonitor(admin, group).sampleOnce();
  assert.equal(report.members.length, 0);
  assert.equal(report.status, 'STOP');
  assert.deepEqual(report.partitions.map((p) => [p.committed, p.end, p.lag, p.consumerId]), [[1, 5, 4, null]]);
});

test('the window counts commits, not polls: PENDING until the third commit however many polls span it, then judged; no commit for three intervals is STALL', async () => {
  const topic = `sampler-${randomUUID()}`;
  const group = `g-${randomUUID()}`;
  await admin.createTopics([{ topic, partitions: 1 }]);
  await produce(topic, 100, 1);
  const consumer = client.consumer({ groupId: group, topics: [topic], assignor: everything, fromBeginning: true });
  await consumer.connect();
  await new Promise<void>((resolve) => { void consumer.run(async () => { resolve(); }, {}); });
  try {
    // Real offsets from the broker; the sample times are ours, so the test does not depend on the machine's speed.
    let clock = 0;
    const monitor = new LagMonitor(admin, group, { now: () => clock, assumedCommitIntervalMs: 1000 });
    const commit = (offset: number) => consumer.commit([{ topic, partition: 0, offset }]);
    const at = async (time: number) => { clock = time; return monitor.sampleOnce(); };
    await commit(10);
    let report = await at(0);
    for (let i = 0; i < 50 && report.members.length === 0; i++) report = await at(0.001 * (i + 1));
    assert.equal(report.phase, 'window-not-full');
    assert.equal(report.window.commits, 0);
    await commit(20);
    report = await at(900);
    assert.equal(report.window.commits, 1);
    await commit(30);
    report = await at(1800);
    assert.equal(report.window.commitIntervalMs, 900);
    assert.equal(report.window.requiredMs, 2700, 'three commit intervals without a commit make a stall');
    // Polls without a commit: the samples span more than three commit intervals, the window still holds two commits.
    for (const t of [2200, 2700, 3100, 3500, 4400]) report = await at(t);
    assert.equal(report.window.spanMs, 4400);
    assert.equal(report.window.samples >= 8, true);
    assert.deepEqual([report.status, report.phase, report.window.full, report.window.commits], ['PENDING', 'window-not-full', false, 2]);
    assert.equal(report.message, 'window not full yet (2 of 3 commits; commit interval ~0.9 s)');
    await commit(40);
    report = await at(4500);
    assert.deepEqual([report.status, report.phase, report.window.full, report.window.commits], ['OK', 'judged', true, 3]);
    assert.equal(report.partitions[0]?.reason, 'consuming (3 commits in the window)');
    assert.deepEqual([report.partitions[0]?.committed, report.partitions[0]?.end, report.partitions[0]?.lag], [40, 100, 60]);
    // The member stays but stops committing: a stall once three intervals (at the observed cadence) pass.
    report = await at(4500 + 2000);
    assert.equal(report.status, 'OK');
    report = await at(4500 + 2700);
    assert.equal(report.status, 'STALL');
    assert.equal(report.partitions[0]?.reason, 'committed offset did not move for 2.7 s while behind');
  } finally {
    await consumer.stop();
    await consumer.disconnect();
  }
});

test('a group with no members and no commits says why it has no verdict: not found, nothing to judge', async () => {
  const topic = `sampler-${randomUUID()}`;
  const group = `g-${randomUUID()}`;
  await admin.createTopics([{ topic, partitions: 1 }]);
  await produce(topic, 3, 1);
  // A member that joined and left without committing.
  const consumer = client.consumer({ groupId: group, topics: [topic], assignor: everything, fromBeginning: true });
  await consumer.connect();
  await new Promise<void>((resolve) => { void consumer.run(async () => { resolve(); }, {}); });
  await consumer.stop();
  await consumer.disconnect();
  const left = await new LagMonitor(admin, group).sampleOnce();
  assert.equal(left.phase, 'not-found');
  assert.equal(left.status, 'PENDING');
  assert.match(left.message, new RegExp(`^group '${group}' not found on the cluster( \\((Empty|Dead)\\))?: no members and no committed offsets, nothing to judge$`));
  assert.deepEqual([left.members.length, left.partitions.length, left.window.full], [0, 0, false]);
});

test('an unknown group is not found, and the monitor keeps polling after a failed sample', async () => {
  const nobody = `nobody-${randomUUID()}`;
  const report = await new LagMonitor(admin, nobody).sampleOnce();
  assert.equal(report.phase, 'not-found');
  assert.match(report.message, new RegExp(`^group '${nobody}' not found on the cluster.*: no members and no committed offsets, nothing to judge$`));
  const broken = { ...admin, describeGroup: () => Promise.reject(new Error('broker gone')) };
  const errors: string[] = [];
  let reports = 0;
  const monitor = new LagMonitor(broken, 'g', { intervalMs: 10, onError: (e) => { errors.push(e.message); if (errors.length === 2) void monitor.stop(); }, onReport: () => { reports++; } });
  const stopped = new Promise<void>((resolve) => {
    const check = setInterval(() => { if (errors.length >= 2) { clearInterval(check); resolve(); } }, 5);
  });
  monitor.start();
  await stopped;
  await monitor.stop();
  assert.deepEqual(errors.slice(0, 2), ['broker gone', 'broker gone']);
  assert.equal(reports, 0);
});
