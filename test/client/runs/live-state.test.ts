import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { MetricsSnapshot, StreamsEvent } from 'streamwise/model';
import { appState, initialLiveState, MAX_ERRORS, reduceLiveState, type LiveRunState } from '../../../client/src/runs/live-state';

function snapshot(instance: string, inCount: number, extra: Partial<MetricsSnapshot> = {}): MetricsSnapshot {
  return {
    applicationId: 'gw', instance, state: 'RUNNING',
    nodes: { 'KSTREAM-SOURCE-0000000000': { recordsIn: inCount, recordsOut: inCount, errors: 0, processLatencyMs: 2 }, 'KSTREAM-SINK-0000000001': { recordsIn: inCount, recordsOut: inCount, errors: 1, processLatencyMs: 0 } },
    topics: { logs: { recordsIn: inCount, recordsOut: 0 }, out: { recordsIn: 0, recordsOut: inCount } },
    partitions: [{ topic: 'logs', partition: instance === 'gw-1' ? 0 : 1, consumedOffset: inCount, committedOffset: inCount, highWatermark: inCount + 5, lag: 5 }],
    assignment: [{ instance, thread: `${instance}-StreamThread-1`, tasks: ['0_0'], partitions: [{ topic: 'logs', partition: 0 }] }],
    skipped: { processing: 0, deserialization: 0, production: 0 }, deadLettered: 1, produced: inCount, committed: inCount,
    ...extra,
  };
}

const fold = (events: StreamsEvent[], from: LiveRunState = initialLiveState()) => events.reduce(reduceLiveState, from);

test('state and assignment events per instance; the run state is the least advanced, ERROR wins', () => {
  const s = fold([
    { type: 'state', time: 1, applicationId: 'gw', instance: 'gw-1', state: 'REBALANCING', previous: 'CREATED' },
    { type: 'state', time: 2, applicationId: 'gw', instance: 'gw-2', state: 'REBALANCING', previous: 'CREATED' },
    { type: 'assignment', time: 3, applicationId: 'gw', instance: 'gw-2', thread: 't1', tasks: ['0_1'], partitions: [{ topic: 'logs', partition: 1 }] },
    { type: 'assignment', time: 3, applicationId: 'gw', instance: 'gw-1', thread: 't1', tasks: ['0_0'], partitions: [{ topic: 'logs', partition: 0 }] },
    { type: 'state', time: 4, applicationId: 'gw', instance: 'gw-1', state: 'RUNNING', previous: 'REBALANCING' },
  ]);
  assert.equal(s.state, 'REBALANCING');
  assert.deepEqual(s.assignment.map((a) => `${a.instance}/${a.thread}:${a.tasks.join(',')}`), ['gw-1/t1:0_0', 'gw-2/t1:0_1']);
  const running = fold([{ type: 'state', time: 5, applicationId: 'gw', instance: 'gw-2', state: 'RUNNING', previous: 'REBALANCING' }], s);
  assert.equal(running.state, 'RUNNING');
  assert.equal(running.updatedAt, 5);
  const failed = fold([{ type: 'state', time: 6, applicationId: 'gw', instance: 'gw-2', state: 'ERROR', previous: 'PENDING_ERROR' }], running);
  assert.equal(failed.state, 'ERROR');
  assert.equal(appState([]), undefined);
  assert.equal(appState(['RUNNING', 'PENDING_SHUTDOWN', 'NOT_RUNNING']), 'NOT_RUNNING');
});

test('metrics sum over instances; rates come from each instance\'s last two snapshots', () => {
  const s = fold([
    { type: 'metrics', time: 1000, metrics: snapshot('gw-1', 10) },
    { type: 'metrics', time: 1000, metrics: snapshot('gw-2', 100) },
    { type: 'metrics', time: 3000, metrics: snapshot('gw-1', 30) }, // +20 in 2 s
    { type: 'metrics', time: 2000, metrics: snapshot('gw-2', 150) }, // +50 in 1 s
  ]);
  const source = s.nodes['KSTREAM-SOURCE-0000000000'];
  assert.ok(source !== undefined);
  assert.equal(source.recordsIn, 180);
  assert.equal(source.recordsInPerSec, 10 + 50);
  assert.equal(source.processLatencyMs, 2);
  assert.equal(s.nodes['KSTREAM-SINK-0000000001']?.errors, 2);
  assert.equal(s.nodes['KSTREAM-SINK-0000000001']?.processLatencyMs, 0);
  assert.deepEqual(s.topics.logs, { recordsIn: 180, recordsOut: 0, inPerSec: 60, outPerSec: 0 });
  assert.equal(s.topics.out?.outPerSec, 60);
  assert.equal(s.recordsPerSec, 60);
  assert.deepEqual(s.totals, { recordsIn: 180, recordsOut: 180, errors: 2, deadLettered: 2, produced: 180, committed: 180 });
  assert.equal(s.partitions.length, 2);
  assert.equal(s.assignment.length, 2);
  assert.equal(s.state, 'RUNNING');
});

test('the first snapshot has no rate; a counter that went backwards reads 0, not negative', () => {
  const first = fold([{ type: 'metrics', time: 1000, metrics: snapshot('gw-1', 10) }]);
  assert.equal(first.recordsPerSec, 0);
  const restarted = fold([{ type: 'metrics', time: 2000, metrics: snapshot('gw-1', 3) }], first);
  assert.equal(restarted.recordsPerSec, 0);
  assert.equal(restarted.nodes['KSTREAM-SOURCE-0000000000']?.recordsIn, 3);
});

test('the reducer never mutates its input', () => {
  const before = fold([{ type: 'metrics', time: 1000, metrics: snapshot('gw-1', 10) }]);
  const frozen = JSON.stringify(before);
  fold([
    { type: 'metrics', time: 2000, metrics: snapshot('gw-1', 20) },
    { type: 'state', time: 2001, applicationId: 'gw', instance: 'gw-1', state: 'PENDING_SHUTDOWN', previous: 'RUNNING' },
    { type: 'error', time: 2002, applicationId: 'gw', instance: 'gw-1', message: 'x' },
    { type: 'assignment', time: 2003, applicationId: 'gw', instance: 'gw-1', thread: 't9', tasks: [], partitions: [] },
  ], before);
  assert.equal(JSON.stringify(before), frozen);
});

test('errors keep their context and only the last MAX_ERRORS', () => {
  let s = initialLiveState();
  for (let i = 0; i < MAX_ERRORS + 5; i++) s = reduceLiveState(s, { type: 'error', time: i, applicationId: 'gw', instance: 'gw-1', message: `e${i}`, node: 'N', topic: 'logs', partition: 0, offset: i });
  assert.equal(s.errors.length, MAX_ERRORS);
  assert.deepEqual(s.errors.at(-1), { time: MAX_ERRORS + 4, instance: 'gw-1', message: `e${MAX_ERRORS + 4}`, node: 'N', topic: 'logs', partition: 0, offset: MAX_ERRORS + 4 });
  assert.equal(s.errors[0]?.message, 'e5');
  assert.equal(s.applicationId, 'gw');
});
