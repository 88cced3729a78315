import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildViewModel, nodeAtPosition } from '../../../client/src/graph/view-model';
import { graphFixtures, topologyFixture } from './fixtures';

const partitions = { 'webtoon-gw-logstash': 4, 'gw-viewer': 4, 'gw-logs': 6, 'section-hits': 3 };

test('gateway: the split has four outlets in predicate order, default last, each wired from its own port', () => {
  const model = buildViewModel(topologyFixture('gateway'), { partitions });
  const split = model.nodes.find((n) => n.kind === 'branch');
  assert.ok(split);
  assert.deepEqual(split.outlets?.map((o) => [o.index, o.label, o.target, o.isDefault]), [
    [1, "(_k, v) => v.startsWith('/viewer')", 'gw-viewer', false],
    [2, "(_k, v) => v.startsWith('/comment')", 'gw-comment', false],
    [3, "(_k, v) => v.startsWith('/purchase')", 'gw-purchase', false],
    [4, 'default', 'gw-other', true],
  ]);
  const splitId = split.id;
  for (const o of split.outlets ?? []) {
    const edge = model.edges.find((x) => x.source === splitId && x.target === o.target);
    assert.equal(edge?.sourcePort, o.id, `outlet ${o.index} is drawn from its port`);
  }
  assert.equal(model.nodes.filter((n) => n.outlets?.some((o) => o.unreachable)).length, 0, 'nothing unreachable in the gateway');
});

test('gateway: topics carry partition counts from config; sources and sinks link to their topics', () => {
  const model = buildViewModel(topologyFixture('gateway'), { partitions });
  const raw = model.nodes.find((n) => n.id === 'topic:webtoon-gw-logstash');
  assert.equal(raw?.kind, 'topic');
  assert.equal(raw?.partitions, 4);
  assert.equal(model.nodes.find((n) => n.id === 'topic:gw-comment')?.partitions, undefined, 'unknown counts stay unknown');
  const source = model.nodes.find((n) => n.kind === 'source');
  assert.ok(model.edges.some((e) => e.source === 'topic:webtoon-gw-logstash' && e.target === source?.id && e.kind === 'topic'));
  for (const sink of model.nodes.filter((n) => n.kind === 'sink')) {
    assert.ok(model.edges.some((e) => e.source === sink.id && e.target === `topic:${sink.topics?.[0]}`), `${sink.id} -> its topic`);
  }
  const filter = model.nodes.find((n) => n.operator === 'filter');
  assert.equal(filter?.location?.display, 'gateway.ts:7');
  assert.deepEqual(filter?.location?.start, { line: 6, character: 3 });
});

test('routing: outlets after the always-true predicate (and the default) are unreachable, with the finding; its own is not', () => {
  const entry = topologyFixture('routing');
  const model = buildViewModel(entry, { partitions });
  const split = model.nodes.find((n) => n.id === 'gw-');
  const finding = entry.findings.find((f) => f.rule === 'branch-order');
  assert.ok(split && finding);
  assert.deepEqual(split.outlets?.map((o) => [o.index, o.unreachable?.message]), [
    [1, undefined],
    [2, finding.message],
    [3, finding.message],
    [4, finding.message],
  ]);
  assert.deepEqual(model.nodes.find((n) => n.id === 'gw-all')?.badges.map((b) => b.rule), ['branch-order'], 'the badge sits on the node holding the finding');
});

test('routing: sub-topologies are groups; repartition topic, store and changelog are nodes of their own kind', () => {
  const model = buildViewModel(topologyFixture('routing'), { partitions });
  assert.deepEqual(model.groups.map((g) => g.id), ['sub-0', 'sub-1']);
  const kind = (id: string) => model.nodes.find((n) => n.id === id)?.kind;
  assert.equal(kind('topic:hits-per-section-repartition'), 'repartition');
  assert.equal(kind('store:hits-per-section'), 'store');
  assert.equal(kind('changelog:hits-per-section-changelog'), 'changelog');
  assert.equal(model.nodes.find((n) => n.id === 'store:hits-per-section')?.group, 'sub-1', 'a store lives in its processors\' sub-topology');
  assert.equal(model.nodes.find((n) => n.id === 'topic:gw-logs')?.group, undefined, 'topics are drawn between groups');
  assert.ok(model.edges.some((e) => e.source === 'KSTREAM-AGGREGATE-0000000012' && e.target === 'store:hits-per-section' && e.kind === 'store'));
  assert.ok(model.edges.some((e) => e.source === 'store:hits-per-section' && e.target === 'changelog:hits-per-section-changelog'));
  assert.ok(model.edges.some((e) => e.source === 'hits-per-section-repartition-sink' && e.target === 'topic:hits-per-section-repartition'));
  assert.ok(model.edges.some((e) => e.source === 'topic:hits-per-section-repartition' && e.target === 'hits-per-section-repartition-source'));
  assert.equal(new Set(model.edges.map((e) => e.id)).size, model.edges.length, 'edge ids are unique');
  assert.equal(new Set(model.nodes.map((n) => n.id)).size, model.nodes.length, 'node ids are unique');
});

test('the editor cursor maps to the innermost node whose code contains it', () => {
  const model = buildViewModel(topologyFixture('gateway'));
  const filter = model.nodes.find((n) => n.operator === 'filter');
  assert.ok(filter?.location);
  assert.equal(nodeAtPosition(model, filter.location.file, filter.location.start.line, filter.location.start.character + 2), filter.id);
  assert.equal(nodeAtPosition(model, filter.location.file, 0, 0), undefined);
  assert.equal(nodeAtPosition(model, '/elsewhere.ts', filter.location.start.line, filter.location.start.character), undefined);
});

test('golden view models', () => {
  for (const name of ['routing', 'gateway'] as const) {
    const actual = JSON.stringify(buildViewModel(topologyFixture(name), { partitions }), null, 2) + '\n';
    const file = join(graphFixtures, `${name}.view-model.json`);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual);
    assert.ok(existsSync(file), `${file} is missing (UPDATE_GOLDEN=1 writes it)`);
    assert.equal(actual, readFileSync(file, 'utf8'), `${name}: view model changed (UPDATE_GOLDEN=1 to accept)`);
  }
});

test('unreachable outlets come from the finding\'s structured data, not its message text', () => {
  const entry = topologyFixture('routing');
  const finding = entry.findings.find((f) => f.rule === 'branch-order');
  assert.ok(finding?.unreachable);
  const reworded = { ...entry, findings: entry.findings.map((f) => (f === finding ? { ...f, message: 'Reworded by a later version of the rule.' } : f)) };
  const marked = (e: typeof entry) => buildViewModel(e).nodes.find((n) => n.id === 'gw-')?.outlets?.map((o) => o.unreachable !== undefined);
  assert.deepEqual(marked(reworded), [false, true, true, true], 'marked with any wording');
  const { unreachable: _dropped, ...noData } = finding;
  assert.deepEqual(marked({ ...entry, findings: entry.findings.map((f) => (f === finding ? noData : f)) }), [false, false, false, false], 'no data, no mark (whatever the text says)');
  const self = { ...finding, unreachable: { predicate: 1, outlets: 'self' as const } };
  assert.deepEqual(marked({ ...entry, findings: entry.findings.map((f) => (f === finding ? self : f)) }), [true, false, false, false], '"self": only that predicate\'s outlet');
  const mismatched = { ...finding, unreachable: { predicate: 3, outlets: 'later' as const } };
  assert.deepEqual(marked({ ...entry, findings: entry.findings.map((f) => (f === finding ? mismatched : f)) }), [false, false, false, false], 'data naming another predicate than the finding\'s location is ignored');
});
