// Live overlays in the built webview (headless Chromium), driven by host messages.
import { strict as assert } from 'node:assert';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { GraphOverlay, LagView, LaidOutGraph, TopicOverlay } from '../../client/src/graph/graph-model';
import { LayoutService } from '../../client/src/graph/layout-service';
import { buildViewModel } from '../../client/src/graph/view-model';
import { topologyFixture } from '../client/graph/fixtures';
import { THEMES, WebviewHarness } from './webview-harness';

const repoRoot = join(__dirname, '..', '..');
const results = join(repoRoot, 'test-results');
let harness: WebviewHarness;
let graph: LaidOutGraph;
const layouts = new LayoutService({ workerPath: join(repoRoot, 'dist', 'graph-layout-worker.js'), deadlineMs: 60_000 });

before(async () => {
  mkdirSync(results, { recursive: true });
  harness = await WebviewHarness.start();
  // No configured partition count: the live one shows.
  const model = buildViewModel(topologyFixture('routing'));
  graph = { model, layout: await layouts.layout(model) };
});
after(async () => {
  layouts.dispose();
  await harness.dispose();
});

const window = { spanMs: 90_000, requiredMs: 90_000, full: true, commits: 3, requiredCommits: 3, samples: 40 };

function topic(lags: number[], status: TopicOverlay['status']): TopicOverlay {
  const t: TopicOverlay = {
    topic: 'gw-logs', totalLag: lags.reduce((a, b) => a + b, 0), maxLag: Math.max(...lags), consumeRate: 120, produceRate: 80, catchUpSeconds: 30, window,
    partitions: lags.map((lag, partition) => ({ topic: 'gw-logs', partition, owner: partition === 5 ? undefined : `i-${partition % 2}/t-1`, member: `m-${partition}`, host: '/127.0.0.1', end: 1000 + partition, committed: 1000 + partition - lag, lag, timeLagSeconds: lag / 80, trend: [lag + 30, lag + 10, lag], ...(status === undefined ? {} : { status }) })),
  };
  if (status !== undefined) t.status = status;
  return t;
}

function overlay(rate: number, lags: number[], status: TopicOverlay['status']): GraphOverlay {
  const o: GraphOverlay = {
    source: 'run', groupId: 'gw-app', time: Date.now(),
    nodes: { 'KSTREAM-SOURCE-0000000000': { recordsPerSecond: rate, errors: 0 }, 'gw-viewer': { recordsPerSecond: rate / 2, errors: 3 } },
    topics: { 'gw-logs': topic(lags, status) },
    threads: [{ instance: 'i-0', thread: 't-1', partitions: [{ topic: 'gw-logs', partition: 0 }], idle: false }, { instance: 'i-1', thread: 't-2', partitions: [], idle: true }],
    window,
    // The cluster's counts for every kind of topic the topology touches (not only sources).
    partitionCounts: { 'topic:gw-logs': 6, 'topic:gw-viewer': 4, 'topic:hits-per-section-repartition': 6, 'changelog:hits-per-section-changelog': 6 },
  };
  if (status !== undefined) o.status = status;
  return o;
}

async function open(theme: Parameters<WebviewHarness['open']>[0] = 'dark') {
  const p = await harness.open(theme);
  await p.send({ type: 'graph', graph, choices: [] });
  await p.page.waitForSelector('[data-node="gw-"]');
  return p;
}

test('overlay values appear on nodes and topics, then update in place without a re-layout', async () => {
  const p = await open();
  try {
    await p.send({ type: 'overlay', overlay: overlay(42.5, [100, 0, 300, 50, 0, 10], undefined) });
    await p.page.waitForSelector('[data-overlay="KSTREAM-SOURCE-0000000000"]');
    assert.equal(await p.page.textContent('[data-overlay="KSTREAM-SOURCE-0000000000"] .ov-text'), '43/s');
    assert.equal(await p.page.textContent('[data-overlay="gw-viewer"] .ov-text'), '21/s · 3 err');
    const t = p.page.locator('[data-overlay="topic:gw-logs"]');
    assert.equal(await t.getAttribute('data-total-lag'), '460');
    assert.equal(await t.getAttribute('data-status'), 'none', 'no verdict yet');
    assert.match(await t.textContent() ?? '', /lag 460 · max 300 · ~30 s to catch up.*in 80\/s · out 120\/s/);
    const cells = await p.page.$$eval('[data-overlay="topic:gw-logs"] .cell', (els) => els.map((e) => [e.getAttribute('data-partition'), e.getAttribute('data-owner'), e.getAttribute('class')]));
    assert.deepEqual(cells.map((c) => c[0]), ['0', '1', '2', '3', '4', '5']);
    assert.equal(cells[2]?.[1], 'i-0/t-1', 'cells name their owner');
    assert.match(cells[2]?.[2] ?? '', /lag-4/);
    assert.match(cells[1]?.[2] ?? '', /lag-0/);
    assert.match(cells[5]?.[2] ?? '', /unowned/);
    assert.equal(await p.page.textContent('[data-node="topic:gw-logs"] .sub'), 'topic · 6 partitions (live)');
    for (const [id, n] of Object.entries({ 'topic:gw-viewer': 4, 'topic:hits-per-section-repartition': 6, 'changelog:hits-per-section-changelog': 6 })) {
      assert.match(await p.page.textContent(`[data-node="${id}"] .sub`) ?? '', new RegExp(`· ${n} partitions \\(live\\)$`), id);
      assert.equal(await p.page.getAttribute(`[data-node="${id}"]`, 'data-partitions-from'), 'cluster', id);
      assert.match(await p.page.getAttribute(`[data-node="${id}"]`, 'aria-label') ?? '', new RegExp(`${n} partitions \\(live\\)`), id);
    }
    assert.equal(await p.page.getAttribute('[data-node="topic:gw-comment"]', 'data-partitions'), null, 'unknown stays unknown');
    const positions = await p.page.$$eval('[data-node]', (els) => els.map((e) => e.getAttribute('transform')).join('|'));
    const firstText = await p.page.$('[data-overlay="KSTREAM-SOURCE-0000000000"] .ov-text');
    // Second update: same elements, new numbers, status now judged.
    const started = await p.page.evaluate(() => performance.now());
    await p.send({ type: 'overlay', overlay: overlay(77, [0, 0, 20, 0, 0, 0], 'OK') });
    await p.page.waitForFunction(() => document.querySelector('[data-overlay="topic:gw-logs"]')?.getAttribute('data-total-lag') === '20');
    const elapsed = (await p.page.evaluate(() => performance.now())) - started;
    assert.equal(await p.page.textContent('[data-overlay="KSTREAM-SOURCE-0000000000"] .ov-text'), '77/s');
    assert.equal(await t.getAttribute('data-status'), 'OK');
    assert.equal(await p.page.textContent('[data-overlay="topic:gw-logs"] .status-letter'), '✓');
    assert.equal(await p.page.$$eval('[data-node]', (els) => els.map((e) => e.getAttribute('transform')).join('|')), positions, 'no node moved');
    assert.ok(await firstText?.evaluate((e) => e.isConnected), 'updated in place (same element)');
    assert.match(await p.page.textContent('.group-status') ?? '', /gw-app: ✓ OK/);
    assert.ok(elapsed < 5000, `update applied (${elapsed.toFixed(1)} ms incl. round trip)`);
    assert.deepEqual(await p.violations(), []);
  } finally {
    await p.page.close();
  }
});

test('clicking a source topic opens its partition table; the threads panel marks idle threads', async () => {
  const p = await open();
  try {
    await p.send({ type: 'overlay', overlay: overlay(10, [100, 0, 300, 50, 0, 10], 'WARN') });
    await p.page.waitForSelector('[data-overlay="topic:gw-logs"]');
    await p.page.click('[data-node="topic:gw-logs"] .shape');
    await p.page.waitForSelector('.partition-panel:not([hidden]) table.partitions');
    const rows = await p.page.$$eval('.partition-panel tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    assert.equal(rows.length, 6);
    assert.deepEqual(rows[2]?.slice(0, 8), ['2', 'i-0/t-1', '/127.0.0.1', '1,002', '702', '300', '4 s', '! WARN']);
    assert.equal(await p.page.locator('.partition-panel tbody tr').first().locator('polyline.spark').count(), 1, 'sparkline');
    assert.ok(!(await p.posted()).some((m) => m.type === 'reveal' && m.nodeId === 'topic:gw-logs'), 'a topic has no code to reveal');
    // The table follows updates while open.
    await p.send({ type: 'overlay', overlay: overlay(10, [0, 0, 5, 0, 0, 0], 'OK') });
    await p.page.waitForFunction(() => document.querySelector('.partition-panel tbody tr[data-partition="2"] td[data-col="lag"]')?.textContent === '5');
    await p.page.click('button[data-action="Threads"]');
    const threads = await p.page.$$eval('.threads li', (lis) => lis.map((li) => [li.getAttribute('data-thread'), li.getAttribute('data-idle'), li.textContent]));
    assert.deepEqual(threads.map((t) => t.slice(0, 2)), [['i-0/t-1', 'false'], ['i-1/t-2', 'true']]);
    assert.match(threads[1]?.[2] ?? '', /\(idle\)/);
    // The group's status leads to its lag panel: the button asks the host, which knows the group.
    assert.equal(await p.page.isVisible('button[data-action="Lag"]'), true);
    await p.page.click('button[data-action="Lag"]');
    assert.deepEqual(await p.waitForPosted((m) => m.type === 'showLag'), { type: 'showLag' });
    // No group (partition counts only): no button.
    await p.send({ type: 'overlay', overlay: { source: 'cluster', time: 1, nodes: {}, topics: {}, threads: [], partitionCounts: { 'topic:gw-logs': 6 } } });
    await p.page.waitForSelector('button[data-action="Lag"][hidden]', { state: 'attached' });
    assert.deepEqual(await p.violations(), []);
  } finally {
    await p.page.close();
  }
});

test('a lost connection is shown, and cleared when it recovers', async () => {
  const p = await open();
  try {
    await p.send({ type: 'connection', state: 'lost', detail: '127.0.0.1:9092: connection refused' });
    await p.page.waitForSelector('.connection[data-state="lost"]');
    assert.match(await p.page.textContent('.connection') ?? '', /connection lost: 127\.0\.0\.1:9092/);
    await p.send({ type: 'connection', state: 'connected', detail: '127.0.0.1:9092' });
    await p.page.waitForSelector('.connection[data-state="connected"]');
  } finally {
    await p.page.close();
  }
});

test('Show Lag: status, members, lag-over-time chart and the partition table', async () => {
  const p = await harness.open('dark', { mode: 'lag' });
  try {
    const t = topic([100, 0, 300, 50, 0, 10], 'STALL');
    const lag: LagView = {
      groupId: 'orders-app', time: Date.now(), status: 'STALL', window, note: { phase: 'judged', message: 'STALL over a window of 3 commits (commit interval ~30 s)' }, topics: [t],
      members: [{ memberId: 'm-1', clientId: 'orders-app-1', host: '/127.0.0.1', partitions: 6 }],
      history: [0, 1, 2, 3, 4, 5].map((i) => ({ time: 1000 * i, lag: 100 * i })),
    };
    await p.send({ type: 'lag', lag });
    await p.page.waitForSelector('.lag-view[data-group="orders-app"]');
    assert.equal(await p.page.getAttribute('.lag-view', 'data-status'), 'STALL');
    assert.match(await p.page.textContent('.lag-title') ?? '', /orders-app.*‖ STALL · window 3\/3 commits/);
    assert.equal(await p.page.locator('.chart polyline.line').count(), 1);
    assert.equal(await p.page.locator('.lag-view table.partitions tbody tr').count(), 6);
    assert.match(await p.page.textContent('.members') ?? '', /orders-app-1 @ \/127\.0\.0\.1: 6 partition/);
    await p.page.screenshot({ path: join(results, 'lag-dark.png') });
    assert.deepEqual(await p.violations(), []);
  } finally {
    await p.page.close();
  }
});

test('Show Lag switched to another group: nothing of the group before stays, a late sample of it is dropped, and a group with nothing to judge says why', async () => {
  const p = await harness.open('light', { mode: 'lag' });
  try {
    const t = topic([100, 0, 300], 'WARN');
    const members = [{ memberId: 'm-1', clientId: 'orders-app-1', host: '/127.0.0.1', partitions: 3 }];
    const judged = { phase: 'judged', message: 'WARN over a window of 3 commits' } as const;
    await p.send({ type: 'lag', lag: { groupId: 'orders-app', time: 1, status: 'WARN', window, note: judged, topics: [t], members, history: [] } });
    await p.send({ type: 'connection', state: 'connected', detail: '127.0.0.1:9092' });
    await p.page.waitForSelector('.lag-view[data-group="orders-app"] table.partitions');
    await p.page.waitForSelector('.connection[data-state="connected"]');
    await p.send({ type: 'lagGroup', groupId: 'billing', detail: 'connecting to 127.0.0.1:9092…' });
    await p.page.waitForSelector('.lag-view[data-group="billing"]');
    assert.deepEqual([await p.page.getAttribute('.connection', 'data-state'), await p.page.textContent('.connection')], ['none', ''], 'the old poller\'s connection line is gone');
    const switched = await p.page.textContent('.lag-view') ?? '';
    assert.match(switched, /^Consumer group billing … waiting for the first sampleconnecting to 127\.0\.0\.1:9092…$/);
    assert.doesNotMatch(switched, /orders-app/);
    assert.equal(await p.page.locator('.lag-view table.partitions').count(), 0);
    // A sample of the old group still in flight when the group changed.
    await p.send({ type: 'lag', lag: { groupId: 'orders-app', time: 2, status: 'WARN', window, note: judged, topics: [t], members, history: [] } });
    const none = { spanMs: 0, requiredMs: 90_000, full: false, commits: 0, requiredCommits: 3, samples: 1 };
    await p.send({ type: 'lag', lag: { groupId: 'billing', time: 3, window: none, note: { phase: 'not-found', message: "group 'billing' not found on the cluster (Dead): no members and no committed offsets, nothing to judge" }, topics: [], members: [], history: [] } });
    await p.page.waitForSelector('.lag-view[data-phase="not-found"]');
    assert.equal(await p.page.getAttribute('.lag-view', 'data-group'), 'billing');
    assert.equal(await p.page.textContent('.lag-title'), 'Consumer group billing not found on the cluster: nothing to judge');
    assert.equal(await p.page.textContent('.lag-note'), "group 'billing' not found on the cluster (Dead): no members and no committed offsets, nothing to judge");
    assert.doesNotMatch(await p.page.textContent('.lag-view') ?? '', /no verdict yet|window/);
    // Members but no commits: the window of commits is shown filling.
    await p.send({ type: 'lag', lag: { groupId: 'billing', time: 4, window: none, note: { phase: 'no-commits', message: 'no commits yet (1 member(s), Stable)' }, topics: [t], members, history: [] } });
    await p.page.waitForSelector('.lag-view[data-phase="no-commits"]');
    assert.equal(await p.page.textContent('.lag-title'), 'Consumer group billing … no commits yet · window 0/3 commits');
    assert.deepEqual(await p.violations(), []);
  } finally {
    await p.page.close();
  }
});

test('overlay screenshots in every theme', async () => {
  for (const theme of THEMES) {
    const p = await open(theme);
    try {
      await p.send({ type: 'overlay', overlay: overlay(42.5, [100, 0, 300, 50, 0, 10], 'WARN') });
      await p.page.waitForSelector('[data-overlay="topic:gw-logs"]');
      await p.page.click('[data-node="topic:gw-logs"] .shape');
      await p.page.waitForSelector('.partition-panel:not([hidden])');
      await p.page.screenshot({ path: join(results, `overlay-${theme}.png`) });
      assert.deepEqual(await p.violations(), []);
    } finally {
      await p.page.close();
    }
  }
});
