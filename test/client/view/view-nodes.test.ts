import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { GroupLagReport } from 'streamwise/model';
import { initialLiveState, reduceLiveState } from '../../../client/src/runs/live-state';
import type { RunInfo } from '../../../client/src/runs/run-manager';
import { clusterRoot, CONTEXT, groupNode, groupPartitionNodes, instanceNodes, recordNode, runChildren, runNode, topicChildren, topicNode } from '../../../client/src/view/view-nodes';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  contributes: { views: Record<string, { id: string }[]>; menus: Record<string, { command: string; when?: string }[]> };
};

test('the view and its item menus use the contextValues the nodes carry', () => {
  assert.deepEqual(pkg.contributes.views.streamwise?.map((v) => v.id), ['streamwise.explorer']);
  const whens = (pkg.contributes.menus['view/item/context'] ?? []).map((m) => m.when ?? '').join('\n');
  for (const value of [CONTEXT.runActive, CONTEXT.clusterStopped, CONTEXT.cluster, CONTEXT.group]) assert.ok(whens.includes(`viewItem == ${value}`), value);
  assert.match(whens, /viewItem =~ \/\^streamwise\\\.run\\\.\//);
});

test('cluster root: a stopped dev cluster offers to start; brokers are shown', () => {
  assert.equal(clusterRoot({ source: 'dev', brokers: [], devState: 'stopped' }).contextValue, CONTEXT.clusterStopped);
  const dev = clusterRoot({ source: 'dev', brokers: ['127.0.0.1:4000'], devState: 'running' });
  assert.deepEqual([dev.label, dev.description, dev.contextValue], ['Dev cluster', '127.0.0.1:4000', CONTEXT.cluster]);
  assert.equal(clusterRoot({ source: 'configured', brokers: ['a:1', 'b:2'] }).description, 'a:1,b:2');
});

test('topics show partitions and records; partitions their end offsets; then the last N records', () => {
  const topic = { name: 'gw-logs', partitions: [{ partition: 0, low: 0, high: 7 }, { partition: 1, low: 2, high: 5 }], records: 10, internal: false };
  const node = topicNode(topic);
  assert.deepEqual([node.label, node.description, node.contextValue], ['gw-logs', '2 partitions · 10 records', CONTEXT.topic]);
  const children = topicChildren(topic, 20);
  assert.deepEqual(children.map((c) => `${c.label} | ${c.description ?? ''}`), ['partition 0 | end offset 7 · 7 records', 'partition 1 | end offset 5 · 3 records', 'Last 20 records | ']);
  assert.equal(children[2]?.collapsible, 'collapsed');
  const record = recordNode({ topic: 'gw-logs', partition: 1, offset: 4, timestamp: Date.UTC(2026, 0, 2, 3, 4, 5, 678), key: 'k', value: '{"path":"/viewer"}', headers: { trace: 't1' } });
  assert.equal(record.label, 'k → {"path":"/viewer"}');
  assert.equal(record.description, 'p1@4 · 03:04:05.678 · 1 header');
  assert.match(record.tooltip ?? '', /headers:\n {2}trace: t1/);
  assert.match(record.tooltip ?? '', /timestamp 2026-01-02T03:04:05.678Z/);
  assert.equal(recordNode({ topic: 't', partition: 0, offset: 0, timestamp: 0, key: null, value: null, headers: {} }).label, 'null → null');
});

function run(status: RunInfo['status']): RunInfo {
  let live = initialLiveState();
  live = reduceLiveState(live, { type: 'state', time: 1, applicationId: 'gw-router', instance: 'gw-router-1', state: 'RUNNING', previous: 'REBALANCING' });
  live = reduceLiveState(live, { type: 'assignment', time: 2, applicationId: 'gw-router', instance: 'gw-router-1', thread: 'T1', tasks: ['0_0', '0_1'], partitions: [{ topic: 'logs', partition: 0 }, { topic: 'logs', partition: 1 }] });
  return {
    id: '3', name: 'src/router.ts #3', status, pid: 1, startedAt: 0, endedAt: undefined, exitCode: undefined, lastError: status === 'failed' ? 'boom' : undefined, live, malformedLines: 0,
    spec: { file: '/w/src/router.ts', cwd: '/w', brokers: ['127.0.0.1:9'], defaultInstances: 1, inputs: [], cli: '/x/cli.js', cliSource: 'bundled' },
  };
}

test('runs -> app -> instances with state, tasks and rate', () => {
  const active = runNode(run('running'));
  assert.deepEqual([active.label, active.description, active.contextValue, active.runId], ['src/router.ts #3', 'RUNNING · 0 rec/s', CONTEXT.runActive, '3']);
  assert.equal(runNode(run('failed')).contextValue, CONTEXT.runFinished);
  assert.equal(runNode(run('failed')).description, 'FAILED: boom');
  const [app] = runChildren(run('running'));
  assert.deepEqual([app?.label, app?.contextValue], ['gw-router', CONTEXT.app]);
  const [instance] = instanceNodes(run('running'));
  assert.equal(instance?.description, 'RUNNING · 1 thread · tasks 0_0, 0_1 · 0 rec/s');
  assert.equal(instance?.tooltip, 'T1: logs[0], logs[1]');
});

test('consumer groups show state, members, total lag and verdict; partitions their lag', () => {
  const report = {
    version: 1, groupId: 'gw-router', time: 1, groupState: 'Stable', status: 'OK', phase: 'judged', message: 'OK over 90 s', totalLag: 4,
    window: { spanMs: 1, requiredMs: 1, full: true, commitIntervalMs: null, samples: 2 }, members: [],
    partitions: [{ topic: 'logs', partition: 0, committed: 6, end: 10, lag: 4, consumerId: 'm', host: '/127.0.0.1', clientId: 'gw-router-1', consumeRate: 1, produceRate: 1, catchUpMs: 0, status: 'OK', reason: 'caught up' }],
  } as unknown as GroupLagReport;
  const node = groupNode({ groupId: 'gw-router', protocolType: 'consumer', state: 'Stable', members: 1 }, report);
  assert.deepEqual([node.description, node.contextValue, node.collapsible], ['Stable · 1 member · lag 4 · OK', CONTEXT.group, 'collapsed']);
  assert.equal(groupPartitionNodes(report)[0]?.description, 'lag 4 · committed 6 / end 10 · OK');
  assert.equal(groupNode({ groupId: 'g', protocolType: '' }, undefined).description, 'state unknown');
});
