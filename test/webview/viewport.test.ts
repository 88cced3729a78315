// A big graph in headless Chromium: what is on screen is drawn in full at once, the rest in idle
// time; overlays off screen wait until they come into view; export and keyboard never miss a node.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { GraphOverlay, LaidOutGraph } from '../../client/src/graph/graph-model';
import { LayoutService } from '../../client/src/graph/layout-service';
import { buildViewModel } from '../../client/src/graph/view-model';
import { syntheticEntry } from '../../bench/lib/synthetic-topology';
import { WebviewHarness, type WebviewPage } from './webview-harness';

const repoRoot = join(__dirname, '..', '..');
let harness: WebviewHarness;
let big: LaidOutGraph;
const layouts = new LayoutService({ workerPath: join(repoRoot, 'dist', 'graph-layout-worker.js'), deadlineMs: 120_000 });

before(async () => {
  harness = await WebviewHarness.start();
  const model = buildViewModel(syntheticEntry(200, 7));
  big = { model, layout: await layouts.layout(model) };
});
after(async () => {
  layouts.dispose();
  await harness.dispose();
});

/** The node drawn lowest: off screen at the first (readable) zoom level (sub-topologies stack downwards). */
const farthest = (): string => Object.entries(big.layout.nodes).sort((a, b) => b[1].y - a[1].y)[0]?.[0] ?? '';

async function open(send = true): Promise<WebviewPage> {
  const p = await harness.open('dark', { width: 1000, height: 700 });
  if (send) {
    await p.send({ type: 'graph', graph: big, choices: [] });
    await p.page.waitForSelector('svg.graph[data-key]');
  }
  return p;
}

const overlayOf = (): GraphOverlay => ({
  source: 'run', time: 1, threads: [], topics: {},
  nodes: Object.fromEntries(big.model.nodes.filter((n) => n.kind === 'processor' || n.kind === 'source').map((n) => [n.id, { recordsPerSecond: 42, errors: 0 }])),
});

test('every node is in the DOM with its ARIA label at once; off-screen detail follows in idle time', async () => {
  const p = await open(false);
  try {
    const far = farthest();
    // Dispatched and read in one task: the state right after the message, before any idle time.
    const first = await p.page.evaluate(([id, m]) => {
      window.dispatchEvent(new MessageEvent('message', { data: m }));
      return {
        complete: document.querySelector('svg.graph')?.getAttribute('data-complete'),
        farLabel: document.querySelector(`[data-node="${id}"] .label`) !== null,
        labels: document.querySelectorAll('[data-node] .label').length,
        edges: document.querySelectorAll('[data-edge]').length,
        framed: document.querySelectorAll('[data-node][aria-label]').length,
      };
    }, [far, { type: 'graph', graph: big, choices: [] }] as const);
    assert.equal(first.framed, big.model.nodes.length, 'every node has its frame and label for screen readers');
    assert.equal(first.complete, 'false', 'not everything drawn in full in the first frame');
    assert.equal(first.farLabel, false, `${far} is off screen: no text yet`);
    assert.ok(first.labels > 0 && first.labels < big.model.nodes.length, `some nodes drawn in full (${first.labels})`);
    assert.ok(first.edges > 0 && first.edges < big.model.edges.length, `edges near the view drawn (${first.edges})`);
    await p.page.waitForSelector('svg.graph[data-complete="true"]', { timeout: 60_000 });
    assert.equal(await p.page.locator('[data-node] .label').count(), big.model.nodes.length, 'all drawn in full once idle');
    const outlets = big.model.nodes.reduce((n, x) => n + (x.outlets?.length ?? 0), 0);
    assert.equal(await p.page.locator('[data-outlet]').count(), outlets);
    assert.equal(await p.page.locator('[data-edge]').count(), big.model.edges.length, 'every edge drawn once idle');
    assert.deepEqual(await p.violations(), []);
  } finally {
    await p.page.close();
  }
});

test('overlay marks off screen wait for the view: All brings every mark', async () => {
  const p = await open();
  try {
    const overlay = overlayOf();
    const expected = Object.keys(overlay.nodes).length;
    await p.send({ type: 'overlay', overlay });
    await p.page.waitForSelector('[data-overlay] .ov-text');
    const before = await p.page.locator('[data-overlay]').count();
    assert.ok(before > 0 && before < expected, `only marks near the view at first (${before} of ${expected})`);
    await p.page.click('button[data-action="All"]');
    await p.page.waitForFunction((n) => document.querySelectorAll('[data-overlay]').length === n, expected, { timeout: 30_000 });
    assert.equal(await p.page.locator('[data-overlay] .ov-text', { hasText: '42/s' }).count(), expected);
  } finally {
    await p.page.close();
  }
});

test('SVG export right after drawing contains every node and mark; keyboard focus draws the node it lands on', async () => {
  const p = await open();
  try {
    const overlay = overlayOf();
    await p.send({ type: 'overlay', overlay });
    await p.send({ type: 'requestSvg' });
    const msg = await p.waitForPosted((m) => m.type === 'svg');
    const svg = msg.type === 'svg' ? msg.svg : '';
    for (const n of big.model.nodes) assert.ok(svg.includes(`data-node="${n.id}"`), n.id);
    assert.ok((svg.match(/<text/g) ?? []).length >= big.model.nodes.length * 3, 'every node\'s texts exported');
    assert.equal((svg.match(/data-overlay="/g) ?? []).length, Object.keys(overlay.nodes).length, 'every overlay mark exported');
    const p2 = await open();
    try {
      const last = big.model.nodes[big.model.nodes.length - 1]?.id ?? '';
      await p2.page.focus(`[data-node="${big.model.nodes[0]?.id ?? ''}"]`);
      await p2.page.keyboard.press('End');
      assert.equal(await p2.page.evaluate(() => document.activeElement?.getAttribute('data-node')), last);
      assert.equal(await p2.page.locator(`[data-node="${last}"] .label`).count(), 1, 'the focused node is drawn in full');
    } finally {
      await p2.page.close();
    }
  } finally {
    await p.page.close();
  }
});
