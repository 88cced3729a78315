// ELK layout through the real worker bundle (dist/graph-layout-worker.js, built by `npm run build`).
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { TopologyEntry } from '../../../server/src/protocol';
import type { GraphLayout, GraphViewModel } from '../../../client/src/graph/graph-model';
import { fallbackLayout } from '../../../client/src/graph/fallback-layout';
import { LayoutService, layoutKey } from '../../../client/src/graph/layout-service';
import { buildViewModel } from '../../../client/src/graph/view-model';
import { topologyFixture } from './fixtures';

const workerPath = join(__dirname, '..', '..', '..', 'dist', 'graph-layout-worker.js');
assert.ok(existsSync(workerPath), `${workerPath} is missing: run npm run build first`);
const service = new LayoutService({ workerPath, deadlineMs: 60_000 });
after(() => service.dispose());

/** Outlets are ports on the branch node's east side, top to bottom in predicate order. */
function assertOutletOrder(model: GraphViewModel, layout: GraphLayout): void {
  for (const node of model.nodes.filter((n) => (n.outlets ?? []).length > 0)) {
    const rect = layout.nodes[node.id];
    assert.ok(rect, `${node.id} placed`);
    const ys = (node.outlets ?? []).map((o) => {
      const p = layout.ports[o.id];
      assert.ok(p, `port ${o.id} placed`);
      assert.ok(Math.abs(p.x - (rect.x + rect.width)) <= 1, `port ${o.id} on the east side`);
      return p.y;
    });
    assert.deepEqual([...ys].sort((a, b) => a - b), ys, `${node.id}: outlets top to bottom in predicate order`);
    for (const o of node.outlets ?? []) {
      const edge = model.edges.find((e) => e.sourcePort === o.id);
      const pts = edge === undefined ? undefined : layout.edges[edge.id];
      const p = layout.ports[o.id];
      assert.ok(pts?.[0] && p, `edge from ${o.id} routed`);
      assert.ok(Math.abs(pts[0].y - p.y) <= 1 && Math.abs(pts[0].x - p.x) <= 1.5, `edge of outlet ${o.index} starts at its port`);
    }
  }
}

function assertInsideGroups(model: GraphViewModel, layout: GraphLayout): void {
  for (const node of model.nodes) {
    const r = layout.nodes[node.id];
    assert.ok(r, `${node.id} placed`);
    if (node.group === undefined) continue;
    const g = layout.groups[node.group];
    assert.ok(g, `${node.group} placed`);
    assert.ok(r.x >= g.x && r.y >= g.y && r.x + r.width <= g.x + g.width && r.y + r.height <= g.y + g.height, `${node.id} inside ${node.group}`);
  }
}

test('ELK lays out the routing topology: sub-topologies as compound nodes, outlets in predicate order', async () => {
  const model = buildViewModel(topologyFixture('routing'));
  const layout = await service.layout(model);
  assert.equal(layout.engine, 'elk');
  assertInsideGroups(model, layout);
  assertOutletOrder(model, layout);
  const raw = layout.nodes['topic:gw-logs'];
  const source = layout.nodes['KSTREAM-SOURCE-0000000000'];
  assert.ok(raw && source && raw.x + raw.width <= source.x, 'left to right: the input topic is left of its source');
});

test('outlet order holds under grouping even when the model lists successors in another order', async () => {
  const entry: TopologyEntry = structuredClone(topologyFixture('gateway'));
  const sub = entry.model.subTopologies[0];
  const split = sub?.nodes.find((n) => n.kind === 'processor' && n.branch !== undefined);
  assert.ok(sub && split && split.kind === 'processor' && split.branch);
  // Reverse the successor list and the predicate array (indexes keep the real order).
  split.successors.reverse();
  split.branch.predicates.reverse();
  sub.nodes.reverse();
  const model = buildViewModel(entry);
  assert.deepEqual(model.nodes.find((n) => n.id === split.name)?.outlets?.map((o) => o.target), ['gw-viewer', 'gw-comment', 'gw-purchase', 'gw-other']);
  const layout = await service.layout(model);
  assertInsideGroups(model, layout);
  assertOutletOrder(model, layout);
  // The outlets' targets read top to bottom in the same order.
  const ys = ['gw-viewer', 'gw-comment', 'gw-purchase', 'gw-other'].map((id) => layout.nodes[id]?.y ?? Number.NaN);
  assert.deepEqual([...ys].sort((a, b) => a - b), ys, 'branch children follow outlet order');
});

test('a layout is cached per topology structure; a changed structure lays out again', async () => {
  const model = buildViewModel(topologyFixture('gateway'));
  const first = await service.layout(model);
  const again = await service.layout(buildViewModel(topologyFixture('gateway')));
  assert.equal(again, first, 'same structure: the cached layout object');
  const changed = structuredClone(model);
  changed.nodes = changed.nodes.filter((n) => n.id !== 'topic:gw-other');
  changed.edges = changed.edges.filter((e) => e.target !== 'topic:gw-other');
  assert.notEqual(layoutKey(changed), layoutKey(model));
  assert.notEqual(await service.layout(changed), first);
});

test('past the deadline the fallback layout answers at once, and ELK\'s follows', async () => {
  const quick = new LayoutService({ workerPath, deadlineMs: 0 });
  try {
    const model = buildViewModel(topologyFixture('routing'));
    let onLate: (l: GraphLayout) => void = () => undefined;
    const late = new Promise<GraphLayout>((resolve) => { onLate = resolve; });
    const first = await quick.layout(model, (l) => onLate(l));
    assert.equal(first.engine, 'fallback');
    assertOutletOrder(model, first);
    const elk = await late;
    assert.equal(elk.engine, 'elk');
    assert.equal(quick.cached(model), elk, 'the late ELK layout is cached');
  } finally {
    quick.dispose();
  }
});

test('a broken worker fails over to the fallback layout', async () => {
  const broken = new LayoutService({ workerPath: join(__dirname, 'no-such-worker.js'), deadlineMs: 60_000 });
  try {
    const model = buildViewModel(topologyFixture('gateway'));
    const layout = await broken.layout(model);
    assert.equal(layout.engine, 'fallback');
    assert.deepEqual(Object.keys(fallbackLayout(model).nodes).sort(), model.nodes.map((n) => n.id).sort());
  } finally {
    broken.dispose();
  }
});
