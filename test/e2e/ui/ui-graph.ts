// Phase "ui-graph": the graph panel in the real editor (code-server + Chromium), as a user drives it:
// the editor cursor highlights the node whose code it is in, clicking a node (and Enter on it)
// reveals its code, the panel comes back after a window reload (its serializer, zoom and
// selection restored), Save as SVG through the save dialog writing a real file, Show Lag's group
// picker (the cluster's groups, known application ids, or one typed in), the lag panel switching
// groups without showing the one before, and both panels in the light, dark and high-contrast themes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { workbenchUrl } from '../lib/browser';
import { screenshot, workspaceCopy, type Context } from '../lib/context';
import { webviewFrame } from './live-views';
import { goToLine, openFile, openWorkbench, pickQuickItem, runCommand, statusBarGone, statusBarText, waitForNotification } from './workbench';

const FILTER = 'KSTREAM-FILTER-0000000002';
const SPLIT = 'gw-';

/** The four kinds of theme VS Code has, by the class the workbench and the webview body get. */
const THEMES = [
  { name: 'light', setting: 'Default Light Modern', workbench: 'vs', body: 'vscode-light', kind: 'light' },
  { name: 'dark', setting: 'Default Dark Modern', workbench: 'vs-dark', body: 'vscode-dark', kind: 'dark' },
  { name: 'hc-dark', setting: 'Default High Contrast', workbench: 'hc-black', body: 'vscode-high-contrast', kind: 'highContrast' },
  { name: 'hc-light', setting: 'Default High Contrast Light', workbench: 'hc-light', body: 'vscode-high-contrast-light', kind: 'highContrastLight' },
] as const;

/** A group on the cluster with commits and no member, behind its topic: kcat (librdkafka) reads 2 of 5 records and leaves. */
function clusterGroupBehind(bootstrap: string, topic: string, group: string): void {
  const produce = spawnSync('kcat', ['-b', bootstrap, '-P', '-t', topic], { input: 'a\nb\nc\nd\ne\n', encoding: 'utf8', timeout: 30_000 });
  assert.equal(produce.status, 0, `kcat -P: ${produce.stderr}`);
  const consume = spawnSync('kcat', ['-b', bootstrap, '-G', group, '-o', 'beginning', '-c', '2', '-e', topic], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(consume.status, 0, `kcat -G: ${consume.stderr}`);
}

/**
 * Records, inside the lag webview, which group its content names at every change of the connection
 * line: after a switch, each change must already show the new group (the old one must never be
 * on screen once the panel works for the new one).
 */
async function recordLagSwitch(frame: Frame): Promise<void> {
  await frame.evaluate(`(() => {
    const root = document.querySelector('.lag-view');
    const connection = document.querySelector('.connection');
    const seen = [];
    window.__lagSeen = seen;
    const note = (why) => seen.push({ why, group: root.getAttribute('data-group'), title: (root.querySelector('.lag-title') || {}).textContent || root.textContent, connection: connection.getAttribute('data-state') });
    new MutationObserver(() => note('connection')).observe(connection, { attributes: true, childList: true, characterData: true, subtree: true });
    new MutationObserver(() => note('content')).observe(root, { attributes: true, attributeFilter: ['data-group'], childList: true });
  })()`);
}

async function lagSwitchSeen(frame: Frame): Promise<{ why: string; group: string | null; title: string; connection: string | null }[]> {
  return (await frame.evaluate('window.__lagSeen')) as { why: string; group: string | null; title: string; connection: string | null }[];
}

/** Switches the lag panel (already showing another group) to `group` and checks that nothing of the one before stayed on screen. */
async function checkSwitchedTo(page: Page, frame: Frame, group: string): Promise<void> {
  await page.locator('.tab', { hasText: `Lag: ${group}` }).first().waitFor({ state: 'visible', timeout: 30_000 });
  await frame.locator(`.lag-view[data-group="${group}"] .lag-title`).waitFor({ state: 'attached', timeout: 30_000 });
  await frame.locator('.connection[data-state="connected"]').waitFor({ state: 'attached', timeout: 30_000 });
  await frame.locator(`.lag-view[data-group="${group}"][data-phase]:not([data-phase="no-data"])`).waitFor({ state: 'attached', timeout: 30_000 });
  const seen = await lagSwitchSeen(frame);
  // The old group's poller kept reporting (connected) until the switch; the new one starts by
  // connecting: from then on, everything on screen must be about the new group.
  const start = seen.findIndex((s) => s.why === 'connection' && s.connection === 'connecting');
  assert.ok(start >= 0, `the panel never showed connecting for ${group}: ${JSON.stringify(seen)}`);
  const stale = seen.slice(start).filter((s) => s.group !== group || !s.title.includes(group));
  assert.deepEqual(stale, [], `the panel still showed the group before while connecting for ${group}: ${JSON.stringify(seen.slice(Math.max(0, start - 2)))}`);
}

/** Sets the colour theme as a user would in settings, and waits until the workbench and `frames` use it. */
async function useTheme(page: Page, folder: string, theme: typeof THEMES[number]): Promise<void> {
  mkdirSync(join(folder, '.vscode'), { recursive: true });
  const settingsFile = join(folder, '.vscode', 'settings.json');
  const settings = existsSync(settingsFile) ? JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, unknown> : {};
  writeFileSync(settingsFile, JSON.stringify({ ...settings, 'workbench.colorTheme': theme.setting }, null, 2));
  await page.locator(`.monaco-workbench.${theme.workbench}`).waitFor({ state: 'attached', timeout: 30_000 });
}

/** "at router.ts:25" from a node's ARIA label: the line its DSL call starts on. */
async function nodeLine(node: Locator): Promise<number> {
  const label = (await node.getAttribute('aria-label')) ?? '';
  const match = /at [\w.-]+:(\d+)/.exec(label);
  assert.ok(match?.[1] !== undefined, `no source line in the node's label: ${label}`);
  return Number(match[1]);
}

/**
 * Every node text, as VS Code's webview draws it in its own fonts, inside its box and not
 * shortened (the gateway's names are all short enough to be shown whole). Returns how many.
 */
async function checkLabelsInside(frame: Frame): Promise<number> {
  const texts = await frame.evaluate(`[...document.querySelectorAll('g[data-node]')].flatMap((node) => {
    const width = Number(node.querySelector(':scope > .shape')?.getAttribute('width'));
    return [...node.querySelectorAll('.label, .sub, .outlet-text')].map((t) => {
      const box = t.getBBox();
      return { node: node.getAttribute('data-node'), text: t.textContent, right: box.x + box.width, width, shortened: t.hasAttribute('data-full') };
    });
  })`) as { node: string; text: string; right: number; width: number; shortened: boolean }[];
  assert.ok(texts.length > 0, 'no node texts drawn');
  const bad = texts.filter((t) => t.shortened || t.right > t.width);
  assert.deepEqual(bad, [], 'node texts cut or shortened');
  return texts.length;
}

async function openGraph(page: Page): Promise<Frame> {
  await runCommand(page, 'Streamwise: Show Topology Graph');
  const frame = await webviewFrame(page, 'svg.graph[data-key]');
  await frame.locator(`g[data-node="${FILTER}"]`).waitFor({ state: 'attached', timeout: 30_000 });
  return frame;
}

export async function uiGraphPhase(ctx: Context): Promise<void> {
  const folder = workspaceCopy(ctx, 'gateway', 'ui-graph');
  // Each line says when it was reached, so a slow wait shows where it is.
  const started = Date.now();
  const say = (line: string): void => ctx.say(`${line} [+${((Date.now() - started) / 1000).toFixed(1)} s]`);
  const page = await (await ctx.browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  try {
    await openWorkbench(page, workbenchUrl(ctx.server.url, folder));
    say('  workbench open');
    await openFile(page, 'src/router.ts');
    let frame = await openGraph(page);
    await frame.locator('svg.graph[data-complete="true"]').waitFor({ state: 'attached', timeout: 30_000 });
    const labels = await checkLabelsInside(frame);
    say(`  graph: drawn, ${labels} node texts whole and inside their boxes`);
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
    say(`  graph: cursor on line ${filterLine} highlights ${FILTER}, on line ${splitLine} ${SPLIT}`);

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
    say(`  graph: click reveals line ${filterLine}, Enter on a sink line ${sinkLine}`);

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
    say(`  graph: restored after reload (${key?.split('/').pop() ?? ''}, transform ${before})`);

    // Hidden and shown again (another editor on top in its group): the re-created webview gets its graph back.
    await frame.locator('button[data-action="Fit"]').click();
    const fitted = (await frame.locator('svg.graph g.viewport').getAttribute('transform')) ?? '';
    // Make the graph's group the active one first: a click inside a webview does not always move
    // the workbench's focus to its group (seen in CI), and Quick Open opens in the active group.
    await page.locator('.tabs-container .tab', { hasText: 'Topology: router.ts' }).first().click();
    await page.locator('.tabs-container .tab.active', { hasText: 'Topology: router.ts' }).first().waitFor({ state: 'visible' });
    await openFile(page, 'streamwise.config.json');
    assert.equal(await page.locator('.tab.active', { hasText: 'Topology: router.ts' }).count(), 0, 'the graph is hidden behind the file in its group');
    await page.locator('.tab', { hasText: 'Topology: router.ts' }).first().click();
    frame = await webviewFrame(page, `svg.graph[data-key] g[data-node="${FILTER}"]`, 60_000);
    await frame.locator(`g[data-node="${FILTER}"][aria-selected="true"]`).waitFor({ state: 'attached', timeout: 30_000 });
    assert.equal(await frame.locator('svg.graph g.viewport').getAttribute('transform'), fitted, 'zoom and pan kept across hide/show');
    say('  graph: hidden and shown again with its graph, zoom and selection');

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
    say(`  graph: saved ${svg.length} bytes of SVG to ${target}`);
    // Back to the editor, as a user would before the next command (focus was left in the webview).
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();

    // Show Lag: the picker lists the cluster's groups next to the workspace's application ids.
    await runCommand(page, 'Streamwise: Start Dev Cluster');
    const port = (/dev cluster :(\d+)/.exec(await statusBarText(page, /dev cluster :\d+/)) ?? [])[1];
    const audit = `audit-${Date.now().toString(36)}`;
    clusterGroupBehind(`127.0.0.1:${port ?? ''}`, `${audit}-in`, audit);
    await runCommand(page, 'Streamwise: Show Lag');
    const picker = page.locator('.quick-input-widget .quick-input-list');
    const row = (label: string) => picker.locator('.monaco-list-row', { hasText: label }).first();
    await row(audit).waitFor({ state: 'visible', timeout: 30_000 });
    const offered = await picker.locator('.monaco-list-row').evaluateAll((rows) => rows.map((r) => [r.querySelector('.label-name')?.textContent ?? '', r.querySelector('.label-description')?.textContent ?? ''].filter((t) => t !== '').join(' — ')));
    for (const [id, description] of [[audit, 'on the cluster'], ['gw-router', 'application id'], ['click-parser', 'application id'], ['Another consumer group…', '']] as const) {
      assert.ok(offered.some((o) => o.includes(id) && o.includes(description)), `offered ${id} (${description}): ${offered.join(' | ')}`);
    }
    say(`  lag: picker offers ${offered.join(' | ')}`);
    // An application id with no group on the cluster: it says why there is no verdict.
    await pickQuickItem(page, 'gw-router');
    await page.locator('.tab', { hasText: 'Lag: gw-router' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    const lag = await webviewFrame(page, '.lag-view[data-group="gw-router"][data-phase="not-found"]', 60_000);
    assert.equal(await lag.locator('.lag-title').innerText(), 'Consumer group gw-router not found on the cluster: nothing to judge');
    assert.match(await lag.locator('.lag-note').innerText(), /^group 'gw-router' not found on the cluster.*: no members and no committed offsets, nothing to judge$/);
    say(`  lag: gw-router: ${await lag.locator('.lag-note').innerText()}`);

    // Switching the panel to the cluster's group: its content names the new group from the first
    // change on, then the verdict (kcat left it behind with no member: STOP) and its partition table.
    await recordLagSwitch(lag);
    await runCommand(page, 'Streamwise: Show Lag');
    await pickQuickItem(page, audit);
    await checkSwitchedTo(page, lag, audit);
    await lag.locator(`.lag-view[data-group="${audit}"][data-status="STOP"]`).waitFor({ state: 'attached', timeout: 30_000 });
    assert.match(await lag.locator('.lag-title').innerText(), new RegExp(`^Consumer group ${audit} ■ STOP · window 0/3 commits$`));
    assert.equal(await lag.locator('.lag-note').innerText(), 'no active member while behind');
    assert.equal(await lag.locator('table.partitions tbody tr').count(), 1);
    assert.match(await lag.locator('.lag-total').innerText(), /^total lag 3 · 0 member\(s\)$/);
    say(`  lag: switched to ${audit}: ${await lag.locator('.lag-title').innerText()}`);

    // A group typed into the picker's filter is offered as it is.
    await recordLagSwitch(lag);
    await runCommand(page, 'Streamwise: Show Lag');
    const typed = `typed-${Date.now().toString(36)}`;
    const filter = page.locator('.quick-input-widget input');
    await filter.fill(typed);
    await row('typed group id').waitFor({ state: 'visible', timeout: 30_000 });
    await filter.press('Enter');
    await checkSwitchedTo(page, lag, typed);
    await lag.locator(`.lag-view[data-group="${typed}"][data-phase="not-found"]`).waitFor({ state: 'attached', timeout: 30_000 });
    say(`  lag: typed group ${typed}: ${await lag.locator('.lag-title').innerText()}`);
    assert.deepEqual(readdirSync(folder).filter((f) => f.endsWith('.svg')), ['exported-graph.svg']);

    // Back to the group with a table, then both panels in every theme (screenshots to look at).
    await runCommand(page, 'Streamwise: Show Lag');
    await pickQuickItem(page, audit);
    await lag.locator(`.lag-view[data-group="${audit}"][data-status="STOP"]`).waitFor({ state: 'attached', timeout: 30_000 });
    // Each panel's group maximized in turn, so the screenshots show them at a size one reads them at.
    const contributed = JSON.parse(readFileSync(join(ctx.installed, 'package.json'), 'utf8')) as { contributes: { colors: { id: string; defaults: Record<string, string> }[] } };
    const stopColour = contributed.contributes.colors.find((c) => c.id.endsWith('Stop'))?.defaults ?? {};
    await page.locator('.tab', { hasText: `Lag: ${audit}` }).first().click();
    await runCommand(page, 'View: Toggle Maximize Editor Group');
    for (const theme of THEMES) {
      await useTheme(page, folder, theme);
      const shownLag = await webviewFrame(page, `body.${theme.body} .lag-view[data-group="${audit}"] table.partitions`, 30_000);
      await shownLag.locator('.lag-view').waitFor({ state: 'visible' });
      // The status colour Streamwise contributes reaches the webview in this theme (not the text colour it falls back to).
      const hex = stopColour[theme.kind] ?? '';
      const expected = `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
      // Read in one go inside the page: the panel re-renders at every poll, a located element can be replaced before it is read.
      const colour = await shownLag.evaluate(`(() => { const el = document.querySelector('.lag-title .verdict.status-STOP'); return el === null ? 'no STOP verdict' : getComputedStyle(el).color; })()`);
      assert.equal(colour, expected, `STOP in ${theme.name} is ${hex}`);
      await screenshot(page, `ui-graph-lag-${theme.name}`);
    }
    await runCommand(page, 'View: Toggle Maximize Editor Group');
    // The graph at a size one reads it at: a full-HD window, its editor group maximized, no side
    // bars, and Fit (which never zooms out below readable text: the rest is a scroll away).
    const viewport = page.viewportSize();
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.locator('.tab', { hasText: 'Topology: router.ts' }).first().click();
    await runCommand(page, 'View: Toggle Maximize Editor Group');
    await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
    const secondary = await page.locator('.part.auxiliarybar').isVisible();
    if (secondary) await runCommand(page, 'View: Hide Secondary Side Bar');
    await page.waitForFunction(`[...document.querySelectorAll("iframe.webview")].some((f) => f.getBoundingClientRect().width > 1800)`, undefined, { timeout: 30_000 });
    for (const theme of [...THEMES].reverse()) {
      await useTheme(page, folder, theme);
      const shownGraph = await webviewFrame(page, `body.${theme.body} svg.graph[data-complete="true"] g[data-node="${FILTER}"]`, 30_000);
      await shownGraph.locator('button[data-action="Fit"]').click();
      const scale = Number(/scale\(([\d.e-]+)\)/.exec(await shownGraph.locator('svg.graph g.viewport').getAttribute('transform') ?? '')?.[1]);
      assert.ok(scale >= 10 / 11 - 1e-9, `Fit keeps the text readable in ${theme.name}: scale ${scale}`);
      await checkLabelsInside(shownGraph);
      // Off the button again: a hovered button is not what the screenshot is about.
      await shownGraph.locator('svg.graph').hover({ position: { x: 4, y: 4 } });
      await screenshot(page, `ui-graph-${theme.name}`);
    }
    if (secondary) await runCommand(page, 'View: Toggle Secondary Side Bar Visibility');
    await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
    await runCommand(page, 'View: Toggle Maximize Editor Group');
    if (viewport !== null) await page.setViewportSize(viewport);
    say(`  themes: graph and lag screenshots in ${THEMES.map((t) => t.name).join(', ')}`);
    await runCommand(page, 'Streamwise: Stop Dev Cluster');
    await statusBarGone(page, /dev cluster/);
  } catch (error) {
    await screenshot(page, 'ui-graph-failure').catch(() => undefined);
    throw error;
  } finally {
    await page.context().close();
  }
}
