// Graph panel webview: draws what the host sends (it never lays out), keeps zoom, pan and
// selection in the webview state, and reports clicks back as typed messages.
import './graph.css';
import type { GraphNode, GraphOutlet, GraphOverlay } from '../../client/src/graph/graph-model';
import type { HostMessage, TopologyChoice, WebviewState } from '../../client/src/graph/messages';
import { exportSvg } from './export-svg';
import { GraphView } from './graph-view';
import { renderLagGroup, renderLagView } from './lag-view';
import { OverlayView, verdictText } from './overlay-view';
import { PartitionPanel, threadList } from './side-panels';
import { htmlEl } from './svg';
import { host, onHostMessage, readState } from './vscode-api';

const app = document.getElementById('app') ?? document.body;
let state: WebviewState = readState() ?? { mode: 'graph' };
const saveState = (patch: Partial<WebviewState>): void => {
  state = { ...state, ...patch };
  host.setState(state);
};

// Toolbar
const toolbar = htmlEl('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Graph tools' }, app);
const picker = htmlEl('select', { class: 'picker', 'aria-label': 'Topology' }, toolbar);
const button = (label: string, title: string, action: () => void): HTMLButtonElement => {
  const b = htmlEl('button', { type: 'button', title, 'aria-label': title, 'data-action': label }, toolbar, label);
  b.addEventListener('click', action);
  return b;
};
const groupStatus = htmlEl('span', { class: 'group-status', role: 'status', 'data-status': 'none' }, toolbar);
const connection = htmlEl('span', { class: 'connection', role: 'status', 'aria-live': 'polite', 'data-state': 'none' }, toolbar);
const mode: 'graph' | 'lag' = document.body.dataset.mode === 'lag' ? 'lag' : 'graph';
const canvas = htmlEl('div', { class: 'canvas' }, app);
const lagRoot = htmlEl('div', { class: 'lag-view', role: 'region', 'aria-label': 'Consumer group lag', hidden: '' }, canvas);
const empty = htmlEl('div', { class: 'empty', role: 'status', hidden: '' }, canvas);
const tooltip = htmlEl('div', { class: 'tooltip', role: 'tooltip', hidden: '' }, app);

const view = new GraphView(canvas, {
  reveal: (nodeId) => {
    const node = view.current?.model.nodes.find((n) => n.id === nodeId);
    if (node !== undefined && (node.kind === 'topic' || node.kind === 'repartition')) {
      partitions.open(node.label, overlays.last?.topics[node.label]);
      return;
    }
    host.postMessage({ type: 'reveal', nodeId });
  },
  select: (nodeId) => saveState({ selected: nodeId }),
  viewChanged: (transform) => saveState({ transform }),
  hover: (target, anchor) => showTooltip(target, anchor),
});
const overlays = new OverlayView(view.overlayLayer, (topic) => partitions.open(topic, overlays.last?.topics[topic]), () => view.nearView());
view.onViewportChange(() => overlays.viewChanged());
const partitions = new PartitionPanel(canvas);
const threads = htmlEl('section', { class: 'side threads-panel', role: 'region', 'aria-label': 'Thread assignment', hidden: '' }, canvas);
button('Fit', 'Fit the graph to the panel, its text kept readable (scroll or drag to see the rest)', () => view.fit());
button('All', 'Show the whole graph, however small', () => view.fitAll());
button('+', 'Zoom in', () => view.zoomBy(1.25));
button('−', 'Zoom out', () => view.zoomBy(0.8));
button('SVG', 'Export the graph as SVG', () => host.postMessage({ type: 'exportSvg' }));
// From the group's status on the graph to its partition table and lag over time.
const lagButton = button('Lag', 'Show Lag: this application\'s consumer group, partition by partition', () => host.postMessage({ type: 'showLag' }));
lagButton.hidden = true;
button('Threads', 'Show which instance and thread own which partitions', () => {
  threads.hidden = !threads.hidden;
  renderThreads();
});

function renderThreads(): void {
  if (threads.hidden) return;
  threads.replaceChildren();
  htmlEl('h2', {}, threads, 'Assignment');
  const list = overlays.last?.threads ?? [];
  if (list.length === 0) htmlEl('p', {}, threads, 'No live run or group.');
  else threadList(list, threads);
}

function applyOverlay(overlay: GraphOverlay | undefined): void {
  overlays.apply(overlay);
  const topic = partitions.openTopic;
  if (topic !== undefined) partitions.render(overlay?.topics[topic]);
  renderThreads();
  view.setLivePartitions(overlay?.partitionCounts ?? {});
  const status = overlay?.status;
  groupStatus.dataset.status = status ?? 'none';
  // Partition counts alone (a cluster, no run or group of this topology): no group to judge.
  const judged = overlay !== undefined && (overlay.groupId !== undefined || Object.keys(overlay.topics).length > 0);
  groupStatus.textContent = !judged ? '' : `${overlay.groupId ?? overlay.source}: ${verdictText(status, overlay.window, overlay.note)}`;
  lagButton.hidden = mode === 'lag' || overlay?.groupId === undefined;
  if (judged && overlay.note !== undefined) groupStatus.title = overlay.note.message;
  else groupStatus.removeAttribute('title');
}
picker.addEventListener('change', () => host.postMessage({ type: 'selectTopology', key: picker.value }));

function setChoices(choices: TopologyChoice[], key: string | undefined): void {
  picker.replaceChildren(...choices.map((c) => {
    const o = document.createElement('option');
    o.value = c.key;
    o.textContent = c.title;
    o.selected = c.key === key;
    return o;
  }));
  picker.hidden = choices.length < 2;
}

function showTooltip(target: { node: GraphNode; outlet?: GraphOutlet } | undefined, anchor: DOMRect | undefined): void {
  if (target === undefined || anchor === undefined) {
    tooltip.hidden = true;
    return;
  }
  const { node, outlet } = target;
  const lines: string[] = [`${node.label}`, `${node.kind}${node.kind === 'processor' || node.kind === 'branch' ? ` · ${node.operator}` : ''}`];
  if (node.location !== undefined) lines.push(node.location.display);
  const partitions = view.partitionsOf(node);
  if (partitions !== undefined) lines.push(`${partitions.count} partitions${partitions.live ? ' (live)' : ''}`);
  if (node.topics !== undefined) lines.push(`topics: ${node.topics.join(', ')}`);
  if (outlet !== undefined) {
    lines.push(`outlet ${outlet.index}: ${outlet.isDefault ? 'default branch' : outlet.label} → ${outlet.target}`);
    if (outlet.unreachable !== undefined) lines.push(`unreachable: ${outlet.unreachable.message}`);
  }
  for (const b of node.badges) lines.push(`${b.severity} ${b.rule}: ${b.message}`);
  tooltip.replaceChildren(...lines.map((l, i) => htmlEl('div', { class: i === 0 ? 'tip-title' : 'tip-line' }, undefined, l)));
  tooltip.hidden = false;
  const x = Math.min(anchor.left, window.innerWidth - 320);
  tooltip.style.setProperty('left', `${Math.max(4, x)}px`);
  tooltip.style.setProperty('top', `${anchor.bottom + 6}px`);
}

let lagGroup: string | undefined;

function handle(message: HostMessage): void {
  switch (message.type) {
    case 'graph': {
      const key = message.graph.model.key;
      const restoring = state.key === key && view.current === undefined;
      empty.hidden = true;
      view.svg.attr('hidden', null);
      setChoices(message.choices, key);
      view.render(message.graph, restoring ? { ...(state.transform ? { transform: state.transform } : {}), ...(state.selected ? { selected: state.selected } : {}) } : {});
      overlays.attach(message.graph);
      saveState({ mode: 'graph', key });
      return;
    }
    case 'empty':
      empty.textContent = message.message;
      empty.hidden = false;
      view.svg.attr('hidden', '');
      setChoices(message.choices, state.key);
      return;
    case 'highlight':
      view.highlight(message.nodeId);
      return;
    case 'connection':
      connection.dataset.state = message.state;
      connection.textContent = message.state === 'none' ? '' : `${message.state === 'lost' ? '⚠ connection lost' : message.state}${message.detail === undefined ? '' : `: ${message.detail}`}`;
      return;
    case 'requestSvg': {
      const layout = view.current?.layout;
      const svg = view.svg.node();
      view.completeDrawing();
      overlays.complete();
      if (layout !== undefined && svg !== null) host.postMessage({ type: 'svg', svg: exportSvg(svg, layout) });
      return;
    }
    case 'overlay':
      applyOverlay(message.overlay);
      return;
    case 'lagGroup':
      // The panel now shows this group: nothing of the one before stays on screen.
      lagGroup = message.groupId;
      lagRoot.hidden = false;
      view.svg.attr('hidden', '');
      renderLagGroup(message.groupId, message.detail, lagRoot);
      // The connection line was the old group's poller's: the new one reports its own.
      connection.dataset.state = 'none';
      connection.textContent = '';
      saveState({ mode: 'lag', groupId: message.groupId });
      return;
    case 'lag':
      // A sample of another group than the one shown (one in flight when the group changed) is dropped.
      if (lagGroup !== undefined && message.lag.groupId !== lagGroup) return;
      lagRoot.hidden = false;
      view.svg.attr('hidden', '');
      renderLagView(message.lag, lagRoot);
      saveState({ mode: 'lag', groupId: message.lag.groupId });
      return;
  }
}

onHostMessage((m) => {
  try {
    handle(m);
  } catch (e) {
    host.postMessage({ type: 'log', level: 'error', message: `webview: ${m.type}: ${e instanceof Error ? e.stack ?? e.message : String(e)}` });
  }
});
if (mode === 'lag') {
  for (const b of toolbar.querySelectorAll('button')) b.hidden = true;
  picker.hidden = true;
  view.svg.attr('hidden', '');
  lagRoot.hidden = false;
  lagRoot.textContent = 'Waiting for the first sample…';
}
// The host sizes node boxes from these (before layout); sent again whenever VS Code changes the
// fonts (it sets them, with the theme, on <html>'s style and <body>'s class).
let sentMetrics = '';
const sendMetrics = (reread: boolean): void => {
  if (mode !== 'graph') return;
  view.text.readFonts(reread);
  const metrics = view.text.metrics();
  const json = JSON.stringify(metrics);
  if (json === sentMetrics) return;
  sentMetrics = json;
  host.postMessage({ type: 'metrics', metrics });
};
sendMetrics(false);
for (const el of [document.documentElement, document.body]) new MutationObserver(() => sendMetrics(false)).observe(el, { attributes: true, attributeFilter: ['style', 'class'] });
// A font that finished loading after the first measure has other advances.
void document.fonts.ready.then(() => sendMetrics(true));
host.postMessage({ type: 'ready' });
