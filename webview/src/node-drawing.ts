// One node's drawing, in two parts: the frame (its element with attributes and ARIA: made for every
// node at once) and the detail (outline, kind mark, texts, badges, ordered outlets: what makes a big
// graph slow to style and lay out, so off-screen nodes get it later, in idle time).
import { MAX_TEXT_WIDTH, NODE_HEADER, OUTLET_END_PAD, OUTLET_ROW, OUTLET_TEXT_X, TEXT_END_PAD, TEXT_X, type GraphBadge, type GraphNode, type GraphOutlet } from '../../client/src/graph/graph-model';
import { KIND_LETTER, SEVERITY_LETTER } from './format';
import type { TextFit } from './text-fit';
import { markShape, svgEl, svgText } from './svg';

const SEVERITY_SHAPE = { error: 'circle', warning: 'triangle', info: 'square' } as const;

/** A topic's partition count as shown: the live cluster's when known (it wins), else the config's. */
export interface ShownPartitions { count: number; live: boolean }

export function shownPartitions(node: GraphNode, live: Record<string, number>): ShownPartitions | undefined {
  const l = live[node.id];
  if (l !== undefined) return { count: l, live: true };
  return node.partitions === undefined ? undefined : { count: node.partitions, live: false };
}

export function nodeAriaLabel(node: GraphNode, partitions?: ShownPartitions): string {
  const parts = [`${node.kind} ${node.label}`];
  if (node.kind !== 'topic' && node.kind !== 'repartition' && node.kind !== 'changelog') parts.push(`operator ${node.operator}`);
  if (partitions !== undefined) parts.push(`${partitions.count} partitions${partitions.live ? ' (live)' : ''}`);
  if (node.location !== undefined) parts.push(`at ${node.location.display}`);
  if (node.outlets !== undefined) parts.push(`${node.outlets.length} outlets`);
  if (node.badges.length > 0) parts.push(`${node.badges.length} finding${node.badges.length > 1 ? 's' : ''}: ${node.badges.map((b) => `${b.severity} ${b.rule}`).join(', ')}`);
  return parts.join(', ');
}

export function outletAriaLabel(node: GraphNode, o: GraphOutlet): string {
  const total = node.outlets?.length ?? 0;
  const what = o.isDefault ? 'default branch' : `predicate ${o.label}`;
  return `Outlet ${o.index} of ${total}: ${what}, to ${o.target}${o.unreachable === undefined ? '' : `, unreachable: ${o.unreachable.message}`}`;
}

function worst(badges: GraphBadge[]): string {
  if (badges.some((b) => b.severity === 'error')) return 'error';
  if (badges.some((b) => b.severity === 'warning')) return 'warning';
  return 'info';
}

export function subtitle(node: GraphNode, partitions?: ShownPartitions): string {
  const where = node.location === undefined ? '' : ` · ${node.location.display}`;
  switch (node.kind) {
    case 'topic':
    case 'repartition':
    case 'changelog':
      return `${node.operator}${partitions === undefined ? '' : ` · ${partitions.count} partition${partitions.count === 1 ? '' : 's'}${partitions.live ? ' (live)' : ''}`}`;
    case 'store':
      return node.operator;
    default:
      return `${node.operator}${where}`;
  }
}

/** The frame: the node's element with its attributes and ARIA (what a screen reader and the keyboard need); nothing drawn yet. */
export function drawNodeFrame(el: SVGGElement, node: GraphNode, partitions: ShownPartitions | undefined, text: TextFit): void {
  el.replaceChildren();
  el.setAttribute('class', `node kind-${node.kind}${node.badges.length > 0 ? ` has-${worst(node.badges)}` : ''}`);
  el.setAttribute('role', 'listitem');
  el.setAttribute('tabindex', '-1');
  el.setAttribute('data-kind', node.kind);
  markPartitions(el, node, partitions, text);
}

/** Room for the name and the subtitle: the box minus the kind mark and the right margin. */
const textRoom = (node: GraphNode): number => Math.min(MAX_TEXT_WIDTH, node.width - TEXT_X - TEXT_END_PAD);

/** The partition count on a drawn node (ARIA, data hooks, and its subtitle once drawn). */
export function markPartitions(el: SVGGElement, node: GraphNode, partitions: ShownPartitions | undefined, text: TextFit): void {
  el.setAttribute('aria-label', nodeAriaLabel(node, partitions));
  if (partitions === undefined) {
    el.removeAttribute('data-partitions');
    el.removeAttribute('data-partitions-from');
  } else {
    el.setAttribute('data-partitions', String(partitions.count));
    el.setAttribute('data-partitions-from', partitions.live ? 'cluster' : 'config');
  }
  const sub = el.querySelector(':scope > .sub');
  if (sub !== null) sub.textContent = text.fit('sub', subtitle(node, partitions), textRoom(node));
}

/** The drawing: outline, kind letter, label, subtitle, badges, outlets. Returns the outlet elements by id. */
export function drawNodeDetail(el: SVGGElement, node: GraphNode, partitions: ShownPartitions | undefined, text: TextFit): [string, SVGGElement][] {
  const round = node.kind === 'topic' || node.kind === 'repartition' || node.kind === 'changelog' ? 20 : node.kind === 'store' ? 10 : 4;
  svgEl('rect', { width: node.width, height: node.height, rx: round, class: 'shape' }, el);
  if (node.kind === 'store') svgEl('path', { d: `M0,9 Q${node.width / 2},18 ${node.width},9`, class: 'store-lip' }, el);
  const letter = svgEl('g', { class: 'kind-mark', transform: 'translate(14,22)', 'aria-hidden': 'true' }, el);
  svgEl('circle', { r: 8, class: 'kind-disc' }, letter);
  svgText(KIND_LETTER[node.kind] ?? '?', { y: 4, 'text-anchor': 'middle', class: 'kind-letter' }, letter);
  // The full name when it fits (the box was sized for it); a longer one is ellipsized, and the
  // tooltip and the node's accessible name still carry all of it.
  const label = text.fit('label', node.label, textRoom(node));
  svgText(label, { x: TEXT_X, y: 18, class: 'label', ...(label === node.label ? {} : { 'data-full': node.label }) }, el);
  svgText(text.fit('sub', subtitle(node, partitions), textRoom(node)), { x: TEXT_X, y: 34, class: 'sub' }, el);
  drawBadges(el, node);
  return (node.outlets ?? []).map((o) => [o.id, drawOutlet(el, node, o, text)]);
}

function drawBadges(el: SVGGElement, node: GraphNode): void {
  node.badges.slice(0, 3).forEach((b, i) => {
    const g = svgEl('g', { class: `badge badge-${b.severity}`, transform: `translate(${node.width - 12 - i * 20},0)`, 'data-rule': b.rule, 'data-severity': b.severity }, el);
    markShape(SEVERITY_SHAPE[b.severity], 14, g, 'badge-shape');
    svgText(SEVERITY_LETTER[b.severity] ?? '?', { y: 4, 'text-anchor': 'middle', class: 'badge-letter' }, g);
    svgText(`${b.severity} ${b.rule}: ${b.message}`, {}, svgEl('title', {}, g));
  });
}

function drawOutlet(el: SVGGElement, node: GraphNode, o: GraphOutlet, fit: TextFit): SVGGElement {
  const y = NODE_HEADER + (o.index - 1) * OUTLET_ROW;
  const g = svgEl('g', {
    class: `outlet${o.isDefault ? ' default' : ''}${o.unreachable === undefined ? '' : ' unreachable'}`,
    transform: `translate(0,${y})`, 'data-outlet': o.id, 'data-index': o.index, role: 'listitem', tabindex: '-1', 'aria-label': outletAriaLabel(node, o),
  }, el);
  svgEl('rect', { x: 4, y: 1, width: node.width - 8, height: OUTLET_ROW - 2, rx: 3, class: 'outlet-row' }, g);
  svgText(String(o.index), { x: 14, y: 14, 'text-anchor': 'middle', class: 'outlet-index' }, g);
  const full = o.isDefault ? 'default' : o.label;
  const text = fit.fit('outlet', full, Math.min(MAX_TEXT_WIDTH, node.width - OUTLET_TEXT_X - OUTLET_END_PAD));
  svgText(text, { x: OUTLET_TEXT_X, y: 14, class: 'outlet-text', ...(text === full ? {} : { 'data-full': full }) }, g);
  if (o.unreachable !== undefined) {
    // ⊘ and a strike line: unreachable reads without colour too.
    svgText('⊘', { x: node.width - 24, y: 14, class: 'unreachable-mark', 'aria-hidden': 'true' }, g);
    svgEl('line', { x1: OUTLET_TEXT_X, x2: OUTLET_TEXT_X + fit.width('outlet', text), y1: 10, y2: 10, class: 'strike' }, g);
    svgText(`unreachable (${o.unreachable.rule}): ${o.unreachable.message}`, {}, svgEl('title', {}, g));
  }
  svgEl('circle', { cx: node.width, cy: OUTLET_ROW / 2, r: 3.5, class: 'port' }, g);
  return g;
}
