// Phase "ui-graph": the graph panel in the real editor (code-server + Chromium), as a user drives it:
// the editor cursor highlights the node whose code it is in, clicking a node (and Enter on it)
// reveals its code, the panel comes back after a window reload (its serializer, zoom and
// selection restored), Show Lag's group picker (known application ids, or one typed in), and
// Save as SVG through the save dialog writing a real file.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { workbenchUrl } from '../lib/browser';
import { screenshot, workspaceCopy, type Context } from '../lib/context';
import { goToLine, openFile, openWorkbench, pickQuickItem, runCommand, statusBarGone, statusBarText, waitForNotification } from './workbench';

const FILTER = 'KSTREAM-FILTER-0000000002';
const SPLIT = 'gw-';

/** The webview frame that shows `selector` (webviews are nested iframes, created on demand). */
async function webviewFrame(page: Page, selector: string, timeoutMs = 60_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (await frame.locator(selector).count().catch(() => 0) > 0) return frame;
    }
    if (Date.now() > deadline) throw new Error(`no webview shows ${selector}`);
    await page.waitForEvent('frameattached', { timeout: Math.max(1, deadline - Date.now()) }).catch(() => undefined);
    await page.waitForLoadState('domcontentloaded').catch(() => undefined);
  }
}

/** "at router.ts:25" from a node's ARIA label: the line its DSL call starts on. */
async function nodeLine(node: Locator): Promise<number> {
  const label = (await node.getAttribute('aria-label')) ?? '';
  const match = /at [\w.-]+:(\d+)/.exec(label);
  assert.ok(match?.[1] !== undefined, `no source line in the node's label: ${label}`);
  return Number(match[1]);
}

async function openGraph(page: Page): Promise<Frame> {
  await runCommand(page, 'Streamwise: Show Topology Graph');
  const frame = await webviewFrame(page, 'svg.graph[data-key]');
  await frame.locator(`g[data-node="${FILTER}"]`).waitFor({ state: 'attached', timeout: 30_000 });
  return frame;
}

export async function uiGraphPhase(ctx: Context): Promise<void> {
  const folder = workspaceCopy(ctx, 'gateway', 'ui-graph');
  const page = await (await ctx.browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  try {
    await openWorkbench(page, workbenchUrl(ctx.server.url, folder));
    await openFile(page, 'src/router.ts');
    let frame = await openGraph(page);
    const source = readFileSync(join(folder, 'src', 'router.ts'), 'utf8').split('\n');

    // Cursor in the source -> that node is highlighted (and only it).
    const filterLine = await nodeLine(frame.locator(`g[data-node="${FILTER}"]`));
    const filterColumn = (source[filterLine - 1]?.indexOf('.filter(') ?? -1) + 2;
    assert.ok(filterColumn > 1, `no .filter( on line ${filterLine}`);
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await goToLine(page, filterLine, filterColumn);
    await frame.locator(`g[data-node="${FILTER}"].highlighted`).waitFor({ state: 'attached', timeout: 30_000 });
    assert.equal(await frame.locator('g[data-node].highlighted').count(), 1, 'one node highlighted');
    const splitLine = await nodeLine(frame.locator(`g[data-node="${SPLIT}"]`));
    await goToLine(page, splitLine, (source[splitLine - 1]?.indexOf('.split(') ?? 0) + 2);
    await frame.locator(`g[data-node="${SPLIT}"].highlighted`).waitFor({ state: 'attached', timeout: 30_000 });
    assert.equal(await frame.locator(`g[data-node="${FILTER}"].highlighted`).count(), 0, 'the highlight moved with the cursor');
    ctx.say(`  graph: cursor on line ${filterLine} highlights ${FILTER}, on line ${splitLine} ${SPLIT}`);

    // Node click -> its code in the editor (cursor on its line); Enter on a focused node does the same.
    await frame.locator('button[data-action="Fit"]').click();
    await frame.locator(`g[data-node="${FILTER}"] .shape`).dispatchEvent('click');
    await statusBarText(page, new RegExp(`^Ln ${filterLine}, Col \\d+`), 30_000);
    await frame.locator(`g[data-node="${FILTER}"][aria-selected="true"]`).waitFor({ state: 'attached' });
    const sink = frame.locator('g[data-node][data-kind="sink"]').first();
    const sinkLine = await nodeLine(sink);
    await sink.focus();
    await sink.press('Enter');
    await statusBarText(page, new RegExp(`^Ln ${sinkLine}, Col \\d+`), 30_000);
    ctx.say(`  graph: click reveals line ${filterLine}, Enter on a sink line ${sinkLine}`);

    // Reload the window: the serializer brings the panel back with its topology, zoom and selection.
    await frame.locator(`g[data-node="${FILTER}"] .shape`).dispatchEvent('click');
    await frame.locator('button[data-action="+"]').click();
    await frame.locator('button[data-action="+"]').click();
    // The buttons zoom without a transition: the transform (and the saved state) is final at once.
    const before = (await frame.locator('svg.graph g.viewport').getAttribute('transform')) ?? '';
    assert.match(before, /scale\(/);
    const key = await frame.locator('svg.graph').getAttribute('data-key');
    // As a user reloads: the command shuts the workbench down properly (its storage, webview state
    // included, is flushed), where a browser reload could cut the last write short.
    const reloaded = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: 60_000 });
    await runCommand(page, 'Developer: Reload Window');
    await reloaded;
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
    frame = await webviewFrame(page, 'svg.graph[data-key]', 90_000);
    assert.equal(await frame.locator('svg.graph').getAttribute('data-key'), key, 'the same topology after reload');
    await frame.locator(`g[data-node="${FILTER}"][aria-selected="true"]`).waitFor({ state: 'attached', timeout: 30_000 });
    assert.equal(await frame.locator('svg.graph g.viewport').getAttribute('transform'), before, 'zoom and pan restored');
    await screenshot(page, 'ui-graph-restored');
    ctx.say(`  graph: restored after reload (${key?.split('/').pop() ?? ''}, transform ${before})`);

    // Hidden and shown again (another editor on top in its group): the re-created webview gets its graph back.
    await frame.locator('button[data-action="Fit"]').click();
    const fitted = (await frame.locator('svg.graph g.viewport').getAttribute('transform')) ?? '';
    await openFile(page, 'streamwise.config.json');
    assert.equal(await page.locator('.tab.active', { hasText: 'Topology: router.ts' }).count(), 0, 'the graph is hidden behind the file in its group');
    await page.locator('.tab', { hasText: 'Topology: router.ts' }).first().click();
    frame = await webviewFrame(page, `svg.graph[data-key] g[data-node="${FILTER}"]`, 60_000);
    await frame.locator(`g[data-node="${FILTER}"][aria-selected="true"]`).waitFor({ state: 'attached', timeout: 30_000 });
    assert.equal(await frame.locator('svg.graph g.viewport').getAttribute('transform'), fitted, 'zoom and pan kept across hide/show');
    ctx.say('  graph: hidden and shown again with its graph, zoom and selection');

    // Save as SVG: the toolbar button, the save dialog (VS Code's simple dialog in the browser), a real file.
    await frame.locator('button[data-action="SVG"]').click();
    const dialog = page.locator('.quick-input-widget');
    await dialog.waitFor({ state: 'visible', timeout: 30_000 });
    const target = join(folder, 'exported-graph.svg');
    const input = dialog.locator('input');
    // The simple dialog writes its default path in once it has read the folder; wait for that so it
    // cannot overwrite ours (seen in CI: the graph was saved under the default name).
    await page.waitForFunction(`(() => { const el = document.querySelector('.quick-input-widget input'); return el instanceof HTMLInputElement && el.value.endsWith('.svg'); })()`, undefined, { timeout: 30_000 });
    await input.fill(target);
    assert.equal(await input.inputValue(), target);
    await input.press('Enter');
    await waitForNotification(page, /Topology graph saved to .*exported-graph\.svg/, 30_000);
    assert.ok(existsSync(target), `${target} written`);
    const svg = readFileSync(target, 'utf8');
    assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    for (const id of [FILTER, SPLIT, 'topic:webtoon-gw-logstash']) assert.ok(svg.includes(`data-node="${id}"`), `the SVG has ${id}`);
    assert.ok(!/var\(--vscode/.test(svg), 'colours resolved, no theme variables left');
    ctx.say(`  graph: saved ${svg.length} bytes of SVG to ${target}`);

    // Show Lag: the picker offers the workspace's application ids; another group can be typed in.
    await runCommand(page, 'Streamwise: Start Dev Cluster');
    await statusBarText(page, /dev cluster :\d+/);
    await runCommand(page, 'Streamwise: Show Lag');
    const picker = page.locator('.quick-input-widget .quick-input-list');
    await picker.locator('.monaco-list-row', { hasText: 'gw-router' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    const offered = await picker.locator('.monaco-list-row .label-name').allInnerTexts();
    for (const id of ['gw-router', 'click-parser', 'Another consumer group…']) assert.ok(offered.some((o) => o.includes(id)), `offered ${id}: ${offered.join(', ')}`);
    await pickQuickItem(page, 'gw-router');
    await page.locator('.tab', { hasText: 'Lag: gw-router' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    // A sample of the group from the dev cluster (a group nobody runs: no members, no lag).
    const lag = await webviewFrame(page, '.lag-view[data-group="gw-router"]', 60_000);
    await lag.locator('.connection[data-state="connected"]').waitFor({ state: 'attached', timeout: 30_000 });
    ctx.say(`  lag: picked gw-router: ${(await lag.locator('.lag-view').first().innerText()).split('\n')[0] ?? ''}`);
    await runCommand(page, 'Streamwise: Show Lag');
    await pickQuickItem(page, 'Another consumer group…');
    const box = page.locator('.quick-input-widget input');
    await box.waitFor({ state: 'visible' });
    const typed = `typed-${Date.now().toString(36)}`;
    await box.fill(typed);
    await box.press('Enter');
    await page.locator('.tab', { hasText: `Lag: ${typed}` }).first().waitFor({ state: 'visible', timeout: 30_000 });
    ctx.say(`  lag: typed group ${typed} opened`);
    await screenshot(page, 'ui-graph-lag');
    assert.deepEqual(readdirSync(folder).filter((f) => f.endsWith('.svg')), ['exported-graph.svg']);
    await runCommand(page, 'Streamwise: Stop Dev Cluster');
    await statusBarGone(page, /dev cluster/);
  } catch (error) {
    await screenshot(page, 'ui-graph-failure').catch(() => undefined);
    throw error;
  } finally {
    await page.context().close();
  }
}
