// Node boxes fit their texts: the webview measures its fonts, the host sizes boxes from that before
// layout, and nothing drawn reaches past its box (checked on the rendered text boxes in Chromium).
import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { join } from 'node:path';
import { MAX_TEXT_WIDTH, TEXT_END_PAD, TEXT_X, type GraphViewModel } from '../../client/src/graph/graph-model';
import { LayoutService } from '../../client/src/graph/layout-service';
import type { TextMetrics } from '../../client/src/graph/text-metrics';
import { buildViewModel } from '../../client/src/graph/view-model';
import type { TopologyEntry } from '../../server/src/protocol';
import { topologyFixture } from '../client/graph/fixtures';
import { WebviewHarness, type WebviewPage } from './webview-harness';

const repoRoot = join(__dirname, '..', '..');
let harness: WebviewHarness;
const layouts = new LayoutService({ workerPath: join(repoRoot, 'dist', 'graph-layout-worker.js'), deadlineMs: 60_000 });

before(async () => {
  harness = await WebviewHarness.start();
});
after(async () => {
  layouts.dispose();
  await harness.dispose();
});

const LONG = 'enrich-every-incoming-gateway-log-line-with-the-customer-profile-and-the-geo-ip-lookup-result';

/** The routing fixture with its filter renamed to a very long user-given name (everywhere it is referenced). */
function longNamed(): TopologyEntry {
  return JSON.parse(JSON.stringify(topologyFixture('routing')).split('KSTREAM-FILTER-0000000001').join(LONG)) as TopologyEntry;
}

/**
 * The webview's latest metrics. The harness sets the theme's font at DOMContentLoaded, after the
 * first measure (VS Code puts it in the document before): the webview measured again by then.
 */
async function metricsOf(p: WebviewPage): Promise<TextMetrics> {
  await p.waitForPosted((x) => x.type === 'metrics');
  await p.page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
  const all = (await p.posted()).filter((x) => x.type === 'metrics');
  const last = all[all.length - 1];
  assert.ok(last?.type === 'metrics');
  return last.metrics;
}

interface Drawn { id: string; width: number; label: string; full: string | null; aria: string; texts: { cls: string; text: string; right: number; left: number }[] }

/** Every drawn node: its box width and the rendered box (getBBox, node coordinates) of each of its texts. */
async function drawn(p: WebviewPage, model: GraphViewModel): Promise<Drawn[]> {
  await p.send({ type: 'graph', graph: { model, layout: await layouts.layout(model) }, choices: [] });
  await p.page.waitForSelector('svg.graph[data-complete="true"]');
  await p.page.waitForFunction((n) => document.querySelectorAll('[data-node] .label').length === n, model.nodes.length);
  return p.page.$$eval('[data-node]', (els) => els.map((el) => {
    const shape = el.querySelector(':scope > .shape');
    const texts = [...el.querySelectorAll<SVGTextElement>('.label, .sub, .outlet-text')].map((t) => {
      const box = t.getBBox();
      // Outlet rows are translated down only: x stays in node coordinates.
      return { cls: t.getAttribute('class') ?? '', text: t.textContent ?? '', left: box.x, right: box.x + box.width };
    });
    const label = el.querySelector(':scope > .label');
    return {
      id: el.getAttribute('data-node') ?? '', width: Number(shape?.getAttribute('width')), label: label?.textContent ?? '',
      full: label?.getAttribute('data-full') ?? null, aria: el.getAttribute('aria-label') ?? '', texts,
    };
  }));
}

function assertInside(nodes: Drawn[]): void {
  for (const n of nodes) {
    for (const t of n.texts) {
      assert.ok(t.left >= 0 && t.right <= n.width, `${n.id}: ${t.cls} "${t.text}" spans ${t.left.toFixed(1)}..${t.right.toFixed(1)} px of a ${n.width} px box`);
    }
  }
}

test('the webview measures its fonts: boxes fit every full name, subtitle and predicate, none drawn past its edge', async () => {
  const p = await harness.open('dark');
  try {
    const metrics = await metricsOf(p);
    // Bold 12 px capitals are wider than 11 px text: these are the fonts' own numbers, not one guess for all.
    const W = 'W'.charCodeAt(0) - 32;
    assert.ok((metrics.fonts.label.ascii[W] ?? 0) > (metrics.fonts.sub.ascii[W] ?? 0));
    for (const name of ['routing', 'gateway'] as const) {
      const model = buildViewModel(topologyFixture(name), { metrics });
      const nodes = await drawn(p, model);
      assert.equal(nodes.length, model.nodes.length);
      assertInside(nodes);
      for (const n of nodes) {
        const label = model.nodes.find((m) => m.id === n.id)?.label ?? '';
        assert.equal(n.label, label, `${n.id}: the whole name is shown`);
        assert.equal(n.full, null, `${n.id}: not shortened`);
      }
      // Kafka's generated names, the ones that used to be cut at the box edge.
      assert.ok(nodes.some((n) => /^KSTREAM-[A-Z]+-\d{10}$/.test(n.label)), `${name} has generated names`);
    }
    assert.deepEqual(await p.violations(), []);
  } finally {
    await p.page.close();
  }
});

test('a very long user-given name is ellipsized inside its box; the tooltip and the accessible name have all of it', async () => {
  const p = await harness.open('light');
  try {
    const model = buildViewModel(longNamed(), { metrics: await metricsOf(p) });
    const node = model.nodes.find((n) => n.id === LONG);
    assert.ok(node !== undefined);
    assert.ok(node.width <= TEXT_X + MAX_TEXT_WIDTH + TEXT_END_PAD + 1, `a long name does not make a ${node.width} px box`);
    const nodes = await drawn(p, model);
    assertInside(nodes);
    const long = nodes.find((n) => n.id === LONG);
    assert.ok(long !== undefined);
    assert.ok(long.label.endsWith('…') && LONG.startsWith(long.label.slice(0, -1)) && long.label.length > 20, `ellipsized: ${long.label}`);
    assert.equal(long.full, LONG);
    assert.match(long.aria, new RegExp(`^processor ${LONG}, operator filter`));
    await p.page.hover(`[data-node="${LONG}"] .shape`);
    assert.equal(await p.page.locator('.tooltip .tip-title').textContent(), LONG);
  } finally {
    await p.page.close();
  }
});

test('boxes sized for narrower fonts than drawn (stale metrics) still hold their texts: the webview shortens them', async () => {
  const p = await harness.open('hc-dark');
  try {
    const tiny = (w: number) => ({ ascii: Array.from({ length: 95 }, () => w), other: w });
    const model = buildViewModel(topologyFixture('gateway'), { metrics: { fonts: { label: tiny(2), sub: tiny(2), outlet: tiny(2) } } });
    const nodes = await drawn(p, model);
    assertInside(nodes);
    assert.ok(nodes.some((n) => n.full !== null), 'some names had to be shortened');
  } finally {
    await p.page.close();
  }
});

test('the webview measures again when VS Code changes its font (and only then)', async () => {
  const p = await harness.open('dark');
  try {
    const first = await metricsOf(p);
    const sentBefore = (await p.posted()).length;
    // A theme change sets the same font again: nothing new is sent.
    await p.page.evaluate(() => { document.documentElement.style.setProperty('--vscode-editor-background', '#000001'); });
    await p.page.evaluate(() => { document.documentElement.style.setProperty('--vscode-font-family', 'monospace'); });
    await p.page.waitForFunction((n) => (window as unknown as { __posted: unknown[] }).__posted.length > n, sentBefore);
    const second = (await p.posted())[sentBefore];
    assert.notDeepEqual(second?.type === 'metrics' ? second.metrics : undefined, first);
    assert.ok(second?.type === 'metrics');
    const i = 'i'.charCodeAt(0) - 32;
    const W = 'W'.charCodeAt(0) - 32;
    // Monospace: every character as wide as every other.
    assert.equal(second.metrics.fonts.sub.ascii[i], second.metrics.fonts.sub.ascii[W]);
    assert.equal((await p.posted()).filter((m) => m.type === 'metrics' && JSON.stringify(m.metrics) === JSON.stringify(second.metrics)).length, 1, 'sent once');
  } finally {
    await p.page.close();
  }
});
