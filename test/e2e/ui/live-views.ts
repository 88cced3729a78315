// The views a user watches while a run is live: the Streamwise view (cluster -> topics -> records,
// runs) and the topology graph panel with its overlays (DOM hooks: /work/notes/graph-interfaces.md).
import assert from 'node:assert/strict';
import type { Frame, Page } from 'playwright-core';
import { runCommand, statusBarText } from './workbench';

/** A row of the Streamwise view: label and description, once one matches. */
async function viewRow(page: Page, label: RegExp, description: RegExp, timeoutMs = 60_000): Promise<string> {
  const handle = await page.waitForFunction(`(() => {
    const label = new RegExp(${JSON.stringify(label.source)});
    const description = new RegExp(${JSON.stringify(description.source)});
    for (const row of document.querySelectorAll('[id="workbench.view.extension.streamwise"] .monaco-list-row, .pane-body .monaco-list-row')) {
      const name = (row.querySelector('.label-name') || {}).textContent || '';
      const detail = (row.querySelector('.label-description') || {}).textContent || '';
      if (label.test(name) && description.test(detail)) return name + ' — ' + detail;
    }
    return undefined;
  })()`, undefined, { timeout: timeoutMs });
  return String(await handle.jsonValue());
}

async function expandRow(page: Page, label: string): Promise<void> {
  const row = page.locator('.pane-body .monaco-list-row', { has: page.locator('.label-name', { hasText: label }) }).first();
  await row.waitFor({ state: 'visible', timeout: 60_000 });
  if ((await row.getAttribute('aria-expanded')) === 'false') await row.click();
}

/** The Streamwise view during a run: the run, its source topic's records, a sink topic filled. */
export async function checkStreamwiseView(page: Page, say: (line: string) => void): Promise<void> {
  await runCommand(page, 'Streamwise: Focus on Streamwise View');
  say(`  view: ${await viewRow(page, /router\.ts/, /RUNNING/)}`);
  await expandRow(page, 'Dev cluster');
  say(`  view: ${await viewRow(page, /^webtoon-gw-logstash$/, /partitions? · [1-9]\d* records?/)}`);
  say(`  view: ${await viewRow(page, /^gw-viewer$/, /partitions? · [1-9]\d* records?/)}`);
}

async function graphFrame(page: Page, timeoutMs = 60_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  // Webviews are nested iframes created on demand: look in every frame as they attach.
  for (;;) {
    for (const frame of page.frames()) {
      if (await frame.locator('svg.graph').count().catch(() => 0) > 0) return frame;
    }
    if (Date.now() > deadline) throw new Error('the graph webview did not render svg.graph');
    await page.waitForEvent('frameattached', { timeout: Math.max(1, deadline - Date.now()) }).catch(() => undefined);
    await page.waitForLoadState('domcontentloaded').catch(() => undefined);
  }
}

const SOURCE = 'KSTREAM-SOURCE-0000000000';
const FILTER = 'KSTREAM-FILTER-0000000002';

/** Opens the graph for the active editor's topology; checks nodes, moving overlays, click-to-code. */
export async function checkGraphPanel(page: Page, filterLine: number, say: (line: string) => void): Promise<void> {
  await runCommand(page, 'View: Toggle Panel Visibility');
  await runCommand(page, 'Streamwise: Show Topology Graph');
  const frame = await graphFrame(page);
  for (const id of [SOURCE, FILTER, 'KSTREAM-SINK-0000000005', 'gw-']) {
    await frame.locator(`g[data-node="${id}"]`).first().waitFor({ state: 'attached', timeout: 30_000 });
  }
  const outlets = await frame.locator('g[data-node="gw-"] g[data-outlet]').evaluateAll((els) => els.map((e) => e.getAttribute('data-index')));
  assert.deepEqual(outlets, ['1', '2', '3'], 'the split shows its outlets in predicate order');
  // A live run: the source's records/s overlay shows a rate, and it moves. (Locators only: the
  // webview's CSP forbids evaluating strings, which is what we want of it.)
  const overlay = frame.locator(`[data-overlay="${SOURCE}"] .ov-text`).first();
  await frame.locator(`[data-overlay="${SOURCE}"] .ov-text`, { hasText: /[1-9]/ }).first().waitFor({ state: 'attached', timeout: 60_000 });
  const first = (await overlay.textContent()) ?? '';
  const escaped = first.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await frame.locator(`[data-overlay="${SOURCE}"] .ov-text`, { hasNotText: new RegExp(`^${escaped}$`) }).first().waitFor({ state: 'attached', timeout: 60_000 });
  const second = (await overlay.textContent()) ?? '';
  const topic = frame.locator('[data-overlay="topic:webtoon-gw-logstash"][data-total-lag]').first();
  await topic.waitFor({ state: 'attached', timeout: 60_000 });
  const lag = await topic.getAttribute('data-total-lag');
  assert.match(lag ?? '', /^\d+$/, `topic lag overlay: ${lag}`);
  say(`  graph: source ${first} then ${second}; topic lag ${lag} (status ${await topic.getAttribute('data-status')})`);
  // Clicking a node reveals its DSL call in the editor (Fit first: the panel is narrow).
  await frame.locator('button[data-action="Fit"]').click();
  // A DOM click: after Fit the node is tiny and playwright's pointer click can miss it.
  await frame.locator(`g[data-node="${FILTER}"] .shape`).first().dispatchEvent('click');
  await statusBarText(page, new RegExp(`^Ln ${filterLine}, Col \\d+`), 30_000);
}
