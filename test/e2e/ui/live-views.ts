// The views a user watches while a run is live: the Streamwise view (cluster -> topics -> records,
// runs) and the topology graph panel with its overlays (DOM hooks: /work/notes/graph-interfaces.md).
import assert from 'node:assert/strict';
import type { Frame, Page } from 'playwright-core';
import { pickQuickItem, runCommand, statusBarText } from './workbench';

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

/** The Streamwise view during a run: the run, its source topic (partitions, records), a sink topic filled. */
export async function checkStreamwiseView(page: Page, say: (line: string) => void, source: { topic: string; partitions: number; moreThan: number }): Promise<void> {
  await runCommand(page, 'Streamwise: Focus on Streamwise View');
  say(`  view: ${await viewRow(page, /router\.ts/, /RUNNING/)}`);
  await expandRow(page, 'Dev cluster');
  const row = await viewRow(page, new RegExp(`^${source.topic}$`), new RegExp(`^${source.partitions} partitions · \\d+ records?$`));
  say(`  view: ${row}`);
  // The view polls: wait until it shows more records than the config's input file alone.
  await page.waitForFunction(`[...document.querySelectorAll('.pane-body .monaco-list-row')].some((row) => {
    const name = (row.querySelector('.label-name') || {}).textContent || '';
    const m = /(\\d+) records?$/.exec((row.querySelector('.label-description') || {}).textContent || '');
    return name === ${JSON.stringify(source.topic)} && m !== null && Number(m[1]) > ${source.moreThan};
  })`, undefined, { timeout: 60_000 });
  say(`  view: ${await viewRow(page, /^gw-viewer$/, /partitions? · [1-9]\d* records?/)}`);
  // Consumer groups: the run's group with its lag; the view's own record reader group is not listed.
  say(`  view: ${await viewRow(page, /^gw-router$/, /member.* · lag \d+/)}`);
  // The last records of the sink topic: key -> value, partition@offset and time.
  await expandRow(page, 'gw-viewer');
  await expandRow(page, 'Last ');
  say(`  view: ${await viewRow(page, /^u\d+ → \{"path":"\/viewer/, /^p\d+@\d+ · \d\d:\d\d:\d\d\.\d{3}$/)}`);
  const labels = await page.locator('.pane-body .monaco-list-row .label-name').allInnerTexts();
  assert.deepEqual(labels.filter((l) => l.startsWith('streamwise-view')), [], 'the record reader\'s group is listed');
}

/**
 * The webview frame that renders `selector` (webviews are nested iframes created on demand): every
 * frame there is, and every frame that attaches later, waits for the selector; the first wins.
 */
export function webviewFrame(page: Page, selector: string, timeoutMs = 60_000): Promise<Frame> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (): void => {
      settled = true;
      page.off('frameattached', watch);
      clearTimeout(timer);
    };
    const watch = (frame: Frame): void => {
      frame.locator(selector).first().waitFor({ state: 'attached', timeout: timeoutMs }).then(() => {
        if (settled) return;
        finish();
        resolve(frame);
      }, () => undefined);
    };
    const timer = setTimeout(() => {
      if (settled) return;
      finish();
      reject(new Error(`no webview rendered ${selector} within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    page.on('frameattached', watch);
    for (const frame of page.frames()) watch(frame);
  });
}

const graphFrame = (page: Page, timeoutMs = 60_000): Promise<Frame> => webviewFrame(page, 'svg.graph', timeoutMs);

interface Clip { x: number; y: number; width: number; height: number }

/** The page-coordinate box around every node and overlay of the graph. */
async function graphBox(frame: Frame): Promise<Clip> {
  const boxes = (await Promise.all((await frame.locator('g[data-node], [data-overlay]').all()).map((l) => l.boundingBox()))).filter((b) => b !== null);
  assert.ok(boxes.length > 0, 'the graph has no drawn nodes');
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  return { x, y, width: Math.max(...boxes.map((b) => b.x + b.width)) - x, height: Math.max(...boxes.map((b) => b.y + b.height)) - y };
}

const SOURCE = 'KSTREAM-SOURCE-0000000000';
const FILTER = 'KSTREAM-FILTER-0000000002';

/**
 * Opens the graph for the active editor's topology; checks nodes and moving overlays, takes
 * `shot()` with the graph alone in a full-width editor (readable labels, before any Fit), then
 * checks click-to-code.
 */
export async function checkGraphPanel(page: Page, filterLine: number, say: (line: string) => void, shot: (clip: Clip) => Promise<unknown>): Promise<void> {
  await runCommand(page, 'View: Toggle Panel Visibility');
  await runCommand(page, 'Streamwise: Show Topology Graph');
  const frame = await graphFrame(page);
  // The viewer branch's sink: Kafka burns a name index for the named split and for each branch.
  for (const id of [SOURCE, FILTER, 'KSTREAM-SINK-0000000006', 'gw-']) {
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
  // The README screenshot: the graph's editor group maximized and no side bar, so the graph gets the
  // window's width (it stays visible throughout: a hidden webview would be torn down), and a live
  // rate shown before the picture is taken.
  await page.locator('.tabs-container .tab', { hasText: 'Topology:' }).first().click();
  await page.locator('.tabs-container .tab.active', { hasText: 'Topology:' }).first().waitFor({ state: 'visible' });
  await runCommand(page, 'View: Toggle Maximize Editor Group');
  await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
  // A window wide enough for the whole graph at its natural size (no Fit: its labels stay
  // readable); Fit only if it still does not fit. The picture is clipped to part of the graph.
  const viewport = page.viewportSize();
  const WIDE = 2600;
  await page.setViewportSize({ width: WIDE, height: 800 });
  // The webview follows the window asynchronously: measure only once it has grown.
  await page.waitForFunction(`[...document.querySelectorAll("iframe.webview")].some((f) => f.getBoundingClientRect().width > ${WIDE - 400})`, undefined, { timeout: 30_000 });
  await frame.locator(`[data-overlay="${SOURCE}"] .ov-text`, { hasText: /[1-9]/ }).first().waitFor({ state: 'visible', timeout: 60_000 });
  const area = await (await frame.frameElement()).boundingBox();
  assert.ok(area !== null, 'the graph webview has no box');
  let box = await graphBox(frame);
  if (box.x < area.x || box.x + box.width > area.x + area.width) {
    await frame.locator('button[data-action="Fit"]').click();
    box = await graphBox(frame);
  }
  // From the filter on (split with its ordered predicates, branches, sinks, all with live rates):
  // the whole graph at its natural size is ~2100 px wide, too wide to read at README width.
  const from = (await frame.locator(`g[data-node="${FILTER}"]`).first().boundingBox())?.x ?? box.x;
  const margin = 24;
  // Just the incoming arrow on the left, not the previous node's overflowing label.
  const left = Math.max(area.x, from - 6);
  const right = Math.min(area.x + area.width, box.x + box.width + margin);
  await shot({ x: left, y: Math.max(area.y, box.y - margin), width: right - left, height: Math.min(area.height, box.height + 2 * margin) });
  if (viewport !== null) await page.setViewportSize(viewport);
  await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
  await runCommand(page, 'View: Toggle Maximize Editor Group');
  // Clicking a node reveals its DSL call in the editor. A DOM click: a pointer click can land on an
  // overlay drawn over the node.
  await frame.locator(`g[data-node="${FILTER}"] .shape`).first().dispatchEvent('click');
  await frame.locator(`g[data-node="${FILTER}"][aria-selected="true"]`).first().waitFor({ state: 'attached' });
  // The cursor position shows only while the text editor has focus, and after the layout toggles
  // above the webview can take it back (seen in CI): focus the code's editor group, which keeps its
  // selection, so the check is on where the click put the cursor.
  await runCommand(page, 'View: Focus First Editor Group');
  await statusBarText(page, new RegExp(`^Ln ${filterLine}, Col \\d+`), 30_000);
}

/** Show Lag from the palette for the run's group: the lag panel shows the group and its member. */
export async function checkLagPanel(page: Page, groupId: string, say: (line: string) => void): Promise<void> {
  await runCommand(page, 'Streamwise: Show Lag');
  await pickQuickItem(page, groupId);
  const frame = await webviewFrame(page, `.lag-view[data-group="${groupId}"]`);
  const members = frame.locator(`.lag-view[data-group="${groupId}"] li[data-member]`);
  await members.first().waitFor({ state: 'attached', timeout: 60_000 });
  const status = await frame.locator('.lag-view').first().getAttribute('data-status');
  say(`  lag panel: ${groupId}, ${await members.count()} member(s): ${(await members.first().textContent()) ?? ''} (status ${status ?? '?'})`);
}

/** The walkthrough from the palette: its steps render, and a step's button runs its command. */
export async function checkWalkthrough(page: Page, say: (line: string) => void): Promise<void> {
  await runCommand(page, 'Welcome: Open Walkthrough...');
  await pickQuickItem(page, 'Get started with Streamwise');
  const steps = page.locator('button.getting-started-step[data-step-id*="streamwise.gettingStarted"] h3.step-title');
  await steps.first().waitFor({ state: 'visible', timeout: 30_000 });
  const titles = await steps.allInnerTexts();
  const t0 = Date.now();
  assert.deepEqual(titles.map((t) => t.trim()), ['Open an example', 'See a finding and apply its quick fix', 'Run it on the dev cluster', 'Open the graph']);
  // Select the quick-fix step and press its "Show Problems" button: the Problems panel opens.
  await page.locator('button.getting-started-step[data-step-id$="#quickFix"]').click();
  if (await page.locator('.markers-panel').isVisible()) {
    await runCommand(page, 'View: Toggle Panel Visibility');
    await page.locator('.markers-panel').waitFor({ state: 'hidden' });
  }
  const button = page.locator('[x-step-description-for$="#quickFix"] .monaco-button', { hasText: 'Show Problems' });
  await button.waitFor({ state: 'visible', timeout: 30_000 });
  await button.click();
  await page.locator('.markers-panel').waitFor({ state: 'visible', timeout: 30_000 });
  say(`  walkthrough: steps ${titles.join(' | ')}; "Show Problems" opened the Problems panel (${Date.now() - t0} ms after the page showed)`);
}
