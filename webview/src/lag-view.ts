// `Show Lag`: one consumer group's status, members, partitions and lag over time.
import type { LagView } from '../../client/src/graph/graph-model';
import { formatCount } from './format';
import { verdictText } from './overlay-view';
import { partitionTable } from './side-panels';
import { htmlEl, svgEl, svgText } from './svg';

export function lagChart(history: LagView['history'], parent: Element, width = 560, height = 140): SVGSVGElement {
  // Scales with the panel (CSS width 100%, at most `width`): the viewBox keeps the drawing's coordinates.
  const svg = svgEl('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `total lag over time, latest ${formatCount(history[history.length - 1]?.lag ?? 0)}` }, parent);
  const left = 44;
  const bottom = height - 18;
  svgEl('line', { x1: left, x2: width - 4, y1: bottom, y2: bottom, class: 'axis' }, svg);
  svgEl('line', { x1: left, x2: left, y1: 4, y2: bottom, class: 'axis' }, svg);
  const first = history[0];
  const last = history[history.length - 1];
  const max = Math.max(1, ...history.map((h) => h.lag));
  svgText(formatCount(max), { x: left - 4, y: 12, 'text-anchor': 'end' }, svg);
  svgText('0', { x: left - 4, y: bottom, 'text-anchor': 'end' }, svg);
  if (first === undefined || last === undefined) return svg;
  const span = Math.max(1, last.time - first.time);
  svgText(`${Math.round(span / 1000)} s`, { x: width - 4, y: height - 4, 'text-anchor': 'end' }, svg);
  if (history.length > 1) {
    const pts = history.map((h) => `${(left + ((h.time - first.time) / span) * (width - left - 6)).toFixed(1)},${(bottom - (h.lag / max) * (bottom - 8)).toFixed(1)}`);
    svgEl('polyline', { points: pts.join(' '), class: 'line' }, svg);
  }
  return svg;
}

/** The group the panel shows from now on, before its first sample (so nothing of the previous group stays). */
export function renderLagGroup(groupId: string, detail: string, root: HTMLElement): void {
  root.replaceChildren();
  root.setAttribute('data-group', groupId);
  root.setAttribute('data-status', 'none');
  root.setAttribute('data-phase', 'no-data');
  const h = htmlEl('h1', { class: 'lag-title' }, root, `Consumer group ${groupId}`);
  htmlEl('span', { class: 'verdict status-none' }, h, ' … waiting for the first sample');
  htmlEl('p', { class: 'lag-note' }, root, detail);
}

export function renderLagView(lag: LagView, root: HTMLElement): void {
  root.replaceChildren();
  root.setAttribute('data-group', lag.groupId);
  root.setAttribute('data-status', lag.status ?? 'none');
  root.setAttribute('data-phase', lag.note.phase);
  const h = htmlEl('h1', { class: 'lag-title' }, root, `Consumer group ${lag.groupId}`);
  htmlEl('span', { class: `verdict status-${lag.status ?? 'none'}` }, h, ` ${verdictText(lag.status, lag.window, lag.note)}`);
  // The tracker's own sentence: what the verdict rests on, or what it waits for.
  htmlEl('p', { class: 'lag-note' }, root, lag.note.message);
  if (lag.note.phase === 'not-found') return;
  htmlEl('p', { class: 'lag-total' }, root, `total lag ${formatCount(lag.topics.reduce((n, t) => n + t.totalLag, 0))} · ${lag.members.length} member(s)`);
  lagChart(lag.history, root);
  const members = htmlEl('ul', { class: 'members', 'aria-label': 'Members' }, root);
  for (const m of lag.members) htmlEl('li', { 'data-member': m.memberId }, members, `${m.clientId} @ ${m.host}: ${m.partitions} partition(s)`);
  for (const t of lag.topics) {
    htmlEl('h2', {}, root, `${t.topic}: lag ${formatCount(t.totalLag)}`);
    partitionTable(t.partitions, htmlEl('div', { class: 'table-scroll' }, root));
  }
}
