import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { LagTracker, type GroupSnapshot, type StreamsEvent } from 'streamwise/model';
import { buildOverlay, lagViewFromReport, recordTrends, type Trends } from '../../../client/src/graph/overlay-builder';
import { buildViewModel } from '../../../client/src/graph/view-model';
import { initialLiveState, reduceLiveState } from '../../../client/src/runs/live-state';
import { topologyFixture } from './fixtures';

const model = buildViewModel(topologyFixture('routing'));
const app = 'gw-app';

function metrics(time: number, recordsIn: number, committed: number[]): StreamsEvent {
  return {
    type: 'metrics', time,
    metrics: {
      applicationId: app, instance: 'i-1', state: 'RUNNING',
      nodes: { 'KSTREAM-SOURCE-0000000000': { recordsIn, recordsOut: recordsIn, errors: 0, processLatencyMs: 1 }, 'gw-viewer': { recordsIn: 1, recordsOut: 1, errors: 2, processLatencyMs: 0 } },
      topics: { 'gw-logs': { recordsIn, recordsOut: 0 } },
      partitions: committed.map((c, partition) => ({ topic: 'gw-logs', partition, consumedOffset: c, committedOffset: c, highWatermark: 100, lag: 100 - c })),
      assignment: [
        { instance: 'i-1', thread: 't-1', tasks: ['0_0', '0_1'], partitions: [{ topic: 'gw-logs', partition: 0 }, { topic: 'gw-logs', partition: 1 }] },
        { instance: 'i-1', thread: 't-2', tasks: [], partitions: [] },
      ],
      skipped: { processing: 0, deserialization: 0, production: 0 }, deadLettered: 0, produced: 0, committed: 0,
    },
  };
}

test('run state: records/s and errors per node, lag per source partition with its owner thread, idle threads', () => {
  let live = initialLiveState();
  live = reduceLiveState(live, metrics(1000, 10, [10, 40]));
  live = reduceLiveState(live, metrics(2000, 60, [20, 60]));
  const overlay = buildOverlay({ model, live });
  assert.equal(overlay.source, 'run');
  assert.equal(overlay.groupId, app);
  assert.equal(overlay.nodes['KSTREAM-SOURCE-0000000000']?.recordsPerSecond, 50);
  assert.equal(overlay.nodes['gw-viewer']?.errors, 2);
  const t = overlay.topics['gw-logs'];
  assert.ok(t);
  assert.deepEqual(t.partitions.map((p) => [p.partition, p.lag, p.owner]), [[0, 80, 'i-1/t-1'], [1, 40, 'i-1/t-1']]);
  assert.equal(t.totalLag, 120);
  assert.equal(t.maxLag, 80);
  assert.equal(t.status, undefined, 'no lag report: no verdict');
  assert.deepEqual(overlay.threads.map((x) => [x.thread, x.idle]), [['t-1', false], ['t-2', true]]);
});

test('lag report: verdict only once the tracker judges; rates, catch-up time, time lag and trends per partition', () => {
  const tracker = new LagTracker(app, { assumedCommitIntervalMs: 1000 });
  const trends: Trends = new Map();
  const snap = (time: number, committed: number, end: number): GroupSnapshot => ({
    groupId: app, time, state: 'Stable',
    members: [{ memberId: 'm-1', clientId: 'c-1', host: '/127.0.0.1', assignment: [{ topic: 'gw-logs', partition: 0 }] }],
    partitions: [{ topic: 'gw-logs', partition: 0, committed, end }],
  });
  let report = tracker.add(snap(0, 0, 1000));
  recordTrends(trends, report.partitions.map((p) => ({ ...p, lag: p.lag ?? 0 })));
  let overlay = buildOverlay({ model, report, trends });
  assert.equal(overlay.source, 'cluster');
  assert.equal(overlay.topics['gw-logs']?.status, undefined, 'window not full: no verdict');
  assert.equal(overlay.status, undefined);
  assert.equal(overlay.window?.full, false);
  for (let i = 1; i <= 4; i++) {
    report = tracker.add(snap(i * 1000, i * 200, 1000 + i * 50));
    recordTrends(trends, report.partitions.map((p) => ({ ...p, lag: p.lag ?? 0 })));
  }
  overlay = buildOverlay({ model, report, trends });
  const t = overlay.topics['gw-logs'];
  assert.ok(t && overlay.window?.full);
  assert.equal(t.status, 'OK');
  assert.equal(overlay.status, 'OK');
  assert.equal(t.totalLag, 1200 - 800);
  assert.ok(t.consumeRate > t.produceRate && t.produceRate > 0);
  assert.ok(t.catchUpSeconds !== undefined && t.catchUpSeconds > 0);
  const p = t.partitions[0];
  assert.equal(p?.owner, 'c-1');
  assert.equal(p?.host, '/127.0.0.1');
  assert.ok(p?.timeLagSeconds !== undefined && p.timeLagSeconds > 0);
  assert.deepEqual(p?.trend, [1000, 850, 700, 550, 400]);
  assert.deepEqual(overlay.threads.map((x) => [x.instance, x.idle]), [['c-1', false]]);
});

test('Show Lag view: partitions grouped per topic, members, history; no verdict while the tracker is pending', () => {
  const tracker = new LagTracker('orders', { assumedCommitIntervalMs: 1000 });
  const snap = (time: number, committed: number): GroupSnapshot => ({
    groupId: 'orders', time, state: 'Stable',
    members: [{ memberId: 'm-1', clientId: 'orders-1', host: '/10.0.0.1', assignment: [{ topic: 'a', partition: 0 }, { topic: 'b', partition: 0 }] }],
    partitions: [{ topic: 'a', partition: 0, committed, end: 500 }, { topic: 'b', partition: 0, committed: null, end: 10 }],
  });
  const first = lagViewFromReport(tracker.add(snap(0, 100)), new Map(), [{ time: 0, lag: 400 }]);
  assert.equal(first.status, undefined);
  assert.deepEqual(first.topics.map((t) => [t.topic, t.totalLag, t.partitions[0]?.owner]), [['a', 400, 'orders-1'], ['b', 0, 'orders-1']]);
  assert.equal(first.topics[1]?.partitions[0]?.committed, -1, 'never committed');
  assert.deepEqual(first.members, [{ memberId: 'm-1', clientId: 'orders-1', host: '/10.0.0.1', partitions: 2 }]);
  let report = tracker.add(snap(1000, 200));
  for (let i = 2; i <= 4; i++) report = tracker.add(snap(i * 1000, 100 + i * 100));
  const later = lagViewFromReport(report, new Map(), [{ time: 0, lag: 400 }, { time: 4000, lag: 0 }]);
  assert.equal(later.window.full, true);
  assert.equal(later.status, report.status === 'PENDING' ? undefined : report.status);
  assert.equal(later.history.length, 2);
});

test('the graph shows the tracker\'s verdict and nothing else: none while it is pending (with why), then its OK', () => {
  // One judge (runtime/src/lag): the panel maps PENDING to "no verdict" and never re-judges.
  const tracker = new LagTracker(app, { assumedCommitIntervalMs: 1000 });
  const snap = (time: number, committed: number): GroupSnapshot => ({
    groupId: app, time, state: 'Stable',
    members: [{ memberId: 'm-1', clientId: 'c-1', host: '/127.0.0.1', assignment: [{ topic: 'gw-logs', partition: 0 }] }],
    partitions: [{ topic: 'gw-logs', partition: 0, committed, end: 50 }],
  });
  tracker.add(snap(0, 50));
  const early = tracker.add(snap(500, 50));
  assert.equal(early.partitions[0]?.status, 'PENDING');
  const before = buildOverlay({ model, report: early });
  assert.equal(before.status, undefined);
  assert.equal(before.topics['gw-logs']?.status, undefined);
  assert.equal(before.topics['gw-logs']?.partitions[0]?.status, undefined);
  assert.deepEqual(before.note, { phase: 'window-not-full', message: early.message });
  assert.deepEqual([before.window?.commits, before.window?.requiredCommits], [0, 3]);
  assert.equal(lagViewFromReport(early, new Map(), []).status, undefined);
  let later = early;
  for (let t = 1000; later.status === 'PENDING' && t < 60_000; t += 500) later = tracker.add(snap(t, 50));
  // Caught up and nothing to commit for three commit intervals: an idle consumer is OK.
  assert.deepEqual([later.status, later.time, later.partitions[0]?.reason], ['OK', 3000, 'caught up; nothing new to commit for 3.0 s']);
  const after = buildOverlay({ model, report: later });
  assert.equal(after.status, 'OK');
  assert.equal(after.topics['gw-logs']?.status, 'OK');
  assert.equal(lagViewFromReport(later, new Map(), []).note.phase, 'judged');
});
