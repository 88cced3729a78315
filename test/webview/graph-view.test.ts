// The built webview bundle in headless Chromium, driven by the host's messages.
import { strict as assert } from 'node:assert';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { LaidOutGraph } from '../../client/src/graph/graph-model';
import { LayoutService } from '../../client/src/graph/layout-service';
import { buildViewModel } from '../../client/src/graph/view-model';
import { topologyFixture } from '../client/graph/fixtures';
import { THEMES, WebviewHarness, type WebviewPage } from './webview-harness';

const repoRoot = join(__dirname, '..', '..');
const results = join(repoRoot, 'test-results');
let harness: WebviewHarness;
let routing: LaidOutGraph;
const layouts = new LayoutService({ workerPath: join(repoRoot, 'dist', 'graph-layout-worker.js'), deadlineMs: 60_000 });

before(async () => {
  mkdirSync(results, { recursive: true });
  harness = await WebviewHarness.start();
  const model = buildViewModel(topologyFixture('routing'), { partitions: { 'gw-logs': 6, 'section-hits': 3 } });
  routing = { model, layout: await layouts.layout(model) };
});
after(async () => {
  layouts.dispose();
  await harness.dispose();
});

async function withGraph(fn: (p: WebviewPage) => Promise<void>, theme: Parameters<WebviewHarness['open']>[0] = 'dark'): Promise<void> {
  const p = await harness.open(theme);
  try {
    await p.send({ type: 'graph', graph: routing, choices: [{ key: routing.model.key, title: routing.model.title }] });
    await p.page.waitForSelector(`[data-node="gw-"]`);
    await fn(p);
    assert.deepEqual(await p.violations(), [], 'no CSP violations');
  } finally {
    await p.page.close();
  }
}

test('draws every node and edge of the model, with kinds, partitions and ARIA labels', () => withGraph(async (p) => {
  const ids = await p.page.$$eval('[data-node]', (els) => els.map((e) => e.getAttribute('data-node')));
  assert.deepEqual(ids.sort(), routing.model.nodes.map((n) => n.id).sort());
  assert.equal(await p.page.locator('[data-edge]').count(), routing.model.edges.length);
  assert.equal(await p.page.getAttribute('[data-node="topic:gw-logs"]', 'data-kind'), 'topic');
  assert.match(await p.page.textContent('[data-node="topic:gw-logs"]') ?? '', /6 partitions/);
  assert.equal(await p.page.getAttribute('[data-node="topic:hits-per-section-repartition"]', 'data-kind'), 'repartition');
  assert.equal(await p.page.getAttribute('[data-node="store:hits-per-section"]', 'data-kind'), 'store');
  assert.equal(await p.page.locator('[data-group]').count(), 2);
  assert.match(await p.page.getAttribute('[data-node="KSTREAM-FILTER-0000000001"]', 'aria-label') ?? '', /processor KSTREAM-FILTER-0000000001, operator filter, at routing\.ts:8/);
  assert.equal(await p.page.getAttribute('svg.graph', 'role'), 'application');
}));

test('branch outlets read 1..n top to bottom in predicate order; unreachable ones are marked with the finding', () => withGraph(async (p) => {
  const outlets = await p.page.$$eval('[data-node="gw-"] [data-outlet]', (els) => els.map((e) => ({
    index: Number(e.getAttribute('data-index')), top: e.getBoundingClientRect().top, unreachable: e.classList.contains('unreachable'),
    label: e.getAttribute('aria-label'), text: e.querySelector('.outlet-text')?.textContent,
  })));
  assert.deepEqual(outlets.map((o) => o.index), [1, 2, 3, 4]);
  assert.deepEqual([...outlets].sort((a, b) => a.top - b.top).map((o) => o.index), [1, 2, 3, 4], 'top to bottom');
  assert.deepEqual(outlets.map((o) => o.unreachable), [false, true, true, true]);
  assert.equal(outlets[0]?.text, '(_k, _v) => true');
  assert.match(outlets[1]?.label ?? '', /^Outlet 2 of 4: predicate \(_k, v\) => v\.startsWith\('\/viewer'\), to gw-viewer, unreachable: Predicate 1 of 3 always returns true/);
  // Each outlet's edge leaves from its own port.
  for (const o of routing.model.nodes.find((n) => n.id === 'gw-')?.outlets ?? []) {
    assert.equal(await p.page.locator(`[data-edge][data-port="${o.id}"]`).count(), 1, `edge from ${o.id}`);
  }
}));

test('finding badges show a letter and a shape as well as colour', () => withGraph(async (p) => {
  const badge = p.page.locator('[data-node="gw-all"] .badge');
  assert.equal(await badge.count(), 1);
  assert.equal(await badge.getAttribute('data-rule'), 'branch-order');
  assert.equal(await badge.locator('.badge-letter').textContent(), 'E');
  assert.equal(await badge.locator('circle.badge-shape').count(), 1);
}));

test('click reveals, Enter reveals, arrows walk nodes and outlets', () => withGraph(async (p) => {
  await p.page.click('[data-node="KSTREAM-FILTER-0000000001"] .shape');
  assert.deepEqual(await p.waitForPosted((m) => m.type === 'reveal'), { type: 'reveal', nodeId: 'KSTREAM-FILTER-0000000001' });
  const focused = () => p.page.evaluate(() => document.activeElement?.getAttribute('data-node') ?? document.activeElement?.getAttribute('data-outlet'));
  await p.page.focus('[data-node="KSTREAM-FILTER-0000000001"]');
  await p.page.keyboard.press('ArrowRight');
  assert.equal(await focused(), 'KSTREAM-MAPVALUES-0000000002');
  await p.page.keyboard.press('ArrowRight');
  assert.equal(await focused(), 'gw-');
  await p.page.keyboard.press('ArrowRight');
  assert.equal(await focused(), 'gw-#1', 'into the first outlet');
  await p.page.keyboard.press('ArrowDown');
  assert.equal(await focused(), 'gw-#2');
  await p.page.keyboard.press('ArrowRight');
  assert.equal(await focused(), 'gw-viewer', 'outlet 2 leads to its branch');
  await p.page.keyboard.press('Enter');
  await p.waitForPosted((m) => m.type === 'reveal' && m.nodeId === 'gw-viewer');
  assert.equal(await p.page.getAttribute('[data-node="gw-viewer"]', 'aria-selected'), 'true');
  // Focus that came another way (Tab, a screen reader, the mouse): the keys act on that node.
  await p.page.focus('[data-node="KSTREAM-MAPVALUES-0000000002"]');
  await p.page.keyboard.press('Enter');
  await p.waitForPosted((m) => m.type === 'reveal' && m.nodeId === 'KSTREAM-MAPVALUES-0000000002');
  assert.equal(await p.page.getAttribute('[data-node="KSTREAM-MAPVALUES-0000000002"]', 'tabindex'), '0', 'the roving tabindex follows focus');
}));

test('editor cursor highlight, and a redraw of the same topology keeps zoom, pan and selection', () => withGraph(async (p) => {
  await p.send({ type: 'highlight', nodeId: 'KSTREAM-FILTER-0000000001' });
  await p.page.waitForSelector('[data-node="KSTREAM-FILTER-0000000001"].highlighted');
  await p.page.click('[data-node="gw-"] .label');
  await p.page.click('button[data-action="+"]');
  await p.page.waitForFunction(() => (window as unknown as { __savedState: () => { transform?: { k: number } } }).__savedState()?.transform !== undefined);
  const before = await p.page.getAttribute('g.viewport', 'transform');
  const changed = structuredClone(routing);
  changed.layout.nodes['gw-'] = { ...(changed.layout.nodes['gw-'] ?? { x: 0, y: 0, width: 1, height: 1 }), y: (changed.layout.nodes['gw-']?.y ?? 0) + 40 };
  await p.send({ type: 'graph', graph: changed, choices: [] });
  await p.page.waitForFunction(() => document.querySelector('[data-node="gw-"]')?.getAttribute('transform')?.includes(',') === true);
  assert.equal(await p.page.getAttribute('g.viewport', 'transform'), before, 'zoom and pan kept');
  assert.equal(await p.page.getAttribute('[data-node="gw-"]', 'aria-selected'), 'true', 'selection kept');
  const state = await p.savedState() as { key?: string; selected?: string };
  assert.equal(state.key, routing.model.key);
  assert.equal(state.selected, 'gw-');
}));

/** The viewport's transform as numbers. */
async function transformOf(p: WebviewPage): Promise<{ x: number; y: number; k: number }> {
  const t = await p.page.getAttribute('g.viewport', 'transform') ?? '';
  const m = /translate\(([-\d.e]+),([-\d.e]+)\) scale\(([-\d.e]+)\)/.exec(t);
  assert.ok(m !== null, `transform ${t}`);
  return { x: Number(m[1]), y: Number(m[2]), k: Number(m[3]) };
}

test('a graph wider than the panel opens readable (never below 10 px text), scrolls with the wheel, zooms with Ctrl + wheel; All shows all of it', () => withGraph(async (p) => {
  const width = 1200; // the harness page
  assert.ok(routing.layout.width > width, 'the fixture is wider than the panel');
  const first = await transformOf(p);
  // The smallest text is 11 px: at the first zoom level it is drawn at 10 px or more.
  assert.ok(Math.abs(first.k - 10 / 11) < 1e-9, `readable first scale: ${first.k}`);
  assert.equal(first.x, 20, 'starts at the sources, on the left');
  const sub = await p.page.$eval('[data-node="KSTREAM-FILTER-0000000001"] .sub', (el) => parseFloat(getComputedStyle(el).fontSize));
  assert.ok(sub * first.k >= 10, `${sub} px subtitles at scale ${first.k}`);
  // The wheel scrolls (down, and sideways), at the same zoom level.
  await p.page.mouse.move(600, 400);
  await p.page.mouse.wheel(0, 120);
  await p.page.waitForFunction((y) => !document.querySelector('g.viewport')?.getAttribute('transform')?.includes(`,${y})`), first.y);
  const scrolled = await transformOf(p);
  assert.deepEqual(scrolled, { x: first.x, y: first.y - 120, k: first.k });
  await p.page.mouse.wheel(300, 0);
  await p.page.waitForFunction((x) => !document.querySelector('g.viewport')?.getAttribute('transform')?.startsWith(`translate(${x},`), scrolled.x);
  assert.deepEqual(await transformOf(p), { x: first.x - 300, y: first.y - 120, k: first.k });
  // Ctrl + wheel zooms in (wheel up), about the pointer.
  await p.page.keyboard.down('Control');
  await p.page.mouse.wheel(0, -100);
  await p.page.keyboard.up('Control');
  await p.page.waitForFunction((k) => !document.querySelector('g.viewport')?.getAttribute('transform')?.endsWith(`scale(${k})`), first.k);
  const zoomed = await transformOf(p);
  assert.ok(zoomed.k > first.k && zoomed.k < first.k * 1.5, `one notch zooms in a little: ${first.k} -> ${zoomed.k}`);
  // All: the whole graph in the panel, however small; Fit: back to the readable view.
  await p.page.click('button[data-action="All"]');
  const all = await transformOf(p);
  assert.ok(routing.layout.width * all.k <= width && all.k < first.k, `all of it: scale ${all.k}`);
  await p.page.click('button[data-action="Fit"]');
  assert.deepEqual(await transformOf(p), first);
}));

test('restored state brings back zoom and selection', async () => {
  const state = { mode: 'graph', key: routing.model.key, transform: { x: 11, y: 22, k: 0.75 }, selected: 'gw-' };
  const p = await harness.open('dark', { state });
  try {
    await p.send({ type: 'graph', graph: routing, choices: [] });
    await p.page.waitForSelector('[data-node="gw-"][aria-selected="true"]');
    assert.equal(await p.page.getAttribute('g.viewport', 'transform'), 'translate(11,22) scale(0.75)');
  } finally {
    await p.page.close();
  }
});

test('export answers requestSvg with a standalone SVG with resolved colours', () => withGraph(async (p) => {
  await p.send({ type: 'requestSvg' });
  const m = await p.waitForPosted((x) => x.type === 'svg');
  assert.ok(m.type === 'svg' && m.svg.startsWith('<svg') && m.svg.includes('data-node="gw-"'));
  assert.ok(m.type === 'svg' && !m.svg.includes('var(--vscode'), 'no theme variables left in the file');
}));

test('no topology: the message is shown; the picker lists topologies and reports the choice', async () => {
  const p = await harness.open('light');
  try {
    const choices = [{ key: 'file:///a.ts#0', title: 'a.ts · topology 1' }, { key: 'file:///b.ts#0', title: 'b.ts · topology 1' }];
    await p.send({ type: 'empty', message: 'That topology is no longer in the code: pick another one.', choices });
    await p.page.waitForSelector('.empty:not([hidden])');
    assert.match(await p.page.textContent('.empty') ?? '', /no longer in the code/);
    await p.page.selectOption('select.picker', 'file:///b.ts#0');
    assert.deepEqual(await p.waitForPosted((m) => m.type === 'selectTopology'), { type: 'selectTopology', key: 'file:///b.ts#0' });
    assert.deepEqual(await p.violations(), []);
  } finally {
    await p.page.close();
  }
});

test('the CSP listener does catch violations (the zero-violation checks can fail)', async () => {
  const p = await harness.open('dark');
  try {
    await p.page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inline = 1';
      document.body.appendChild(s);
    });
    await p.page.waitForFunction(() => (window as unknown as { __violations: string[] }).__violations.length > 0);
    assert.match((await p.violations())[0] ?? '', /script-src/);
  } finally {
    await p.page.close();
  }
});

test('screenshots in light, dark and both high-contrast themes', async () => {
  for (const theme of THEMES) {
    await withGraph(async (p) => {
      await p.page.screenshot({ path: join(results, `graph-${theme}.png`) });
    }, theme);
  }
});
