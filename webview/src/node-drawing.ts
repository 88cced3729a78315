// One node's drawing, in two parts: the frame (group element, shape, ARIA: cheap, drawn for every
// node at once) and the detail (kind mark, texts, badges, ordered outlets: SVG text is what makes a
// big graph slow to lay out, so off-screen nodes get it later, in idle time).
import { CHAR_WIDTH, NODE_HEADER, NODE_PADDING, OUTLET_ROW, type GraphBadge, type GraphNode, type GraphOutlet } from '../../client/src/graph/graph-model';
import { KIND_LETTER, SEVERITY_LETTER, truncate } from './format';
import { markShape, svgEl, svgText } from './svg';

const SEVERITY_SHAPE = { error: 'circle', warning: 'triangle', info: 'square' } as const;

export function nodeAriaLabel(node: GraphNode): string {
  const parts = [`${node.kind} ${node.label}`];
  if (node.kind !== 'topic' && node.kind !== 'repartition' && node.kind !== 'changelog') parts.push(`operator ${node.operator}`);
  if (node.partitions !== undefined) parts.push(`${node.partitions} partitions`);
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

export function subtitle(node: GraphNode): string {
  const where = node.location === undefined ? '' : ` · ${node.location.display}`;
  switch (node.kind) {
    case 'topic':
    case 'repartition':
    case 'changelog':
      return `${node.operator}${node.partitions === undefined ? '' : ` · ${node.partitions} partition${node.partitions === 1 ? '' : 's'}`}`;
    case 'store':
      return node.operator;
    default:
      return `${node.operator}${where}`;
  }
}

/** The frame: attributes, ARIA and the outline; everything a screen reader and a click need. */
export function drawNodeFrame(el: SVGGElement, node: GraphNode): void {
  el.replaceChildren();
  el.setAttribute('class', `node kind-${node.kind}${node.badges.length > 0 ? ` has-${worst(node.badges)}` : ''}`);
  el.setAttribute('role', 'listitem');
  el.setAttribute('tabindex', '-1');
  el.setAttribute('aria-label', nodeAriaLabel(node));
  el.setAttribute('data-kind', node.kind);
  const round = node.kind === 'topic' || node.kind === 'repartition' || node.kind === 'changelog' ? 20 : node.kind === 'store' ? 10 : 4;
  svgEl('rect', { width: node.width, height: node.height, rx: round, class: 'shape' }, el);
  if (node.kind === 'store') svgEl('path', { d: `M0,9 Q${node.width / 2},18 ${node.width},9`, class: 'store-lip' }, el);
}

/** The detail: kind letter, label, subtitle, badges, outlets. Returns the outlet elements by id. */
export function drawNodeDetail(el: SVGGElement, node: GraphNode): [string, SVGGElement][] {
  const letter = svgEl('g', { class: 'kind-mark', transform: 'translate(14,22)', 'aria-hidden': 'true' }, el);
  svgEl('circle', { r: 8, class: 'kind-disc' }, letter);
  svgText(KIND_LETTER[node.kind] ?? '?', { y: 4, 'text-anchor': 'middle', class: 'kind-letter' }, letter);
  const chars = Math.floor((node.width - NODE_PADDING) / CHAR_WIDTH);
  svgText(truncate(node.label, chars), { x: 28, y: 18, class: 'label' }, el);
  svgText(truncate(subtitle(node), chars + 4), { x: 28, y: 34, class: 'sub' }, el);
  drawBadges(el, node);
  return (node.outlets ?? []).map((o) => [o.id, drawOutlet(el, node, o)]);
}

function drawBadges(el: SVGGElement, node: GraphNode): void {
  node.badges.slice(0, 3).forEach((b, i) => {
    const g = svgEl('g', { class: `badge badge-${b.severity}`, transform: `translate(${node.width - 12 - i * 20},0)`, 'data-rule': b.rule, 'data-severity': b.severity }, el);
    markShape(SEVERITY_SHAPE[b.severity], 14, g, 'badge-shape');
    svgText(SEVERITY_LETTER[b.severity] ?? '?', { y: 4, 'text-anchor': 'middle', class: 'badge-letter' }, g);
    svgText(`${b.severity} ${b.rule}: ${b.message}`, {}, svgEl('title', {}, g));
  });
}

function drawOutlet(el: SVGGElement, node: GraphNode, o: GraphOutlet): SVGGElement {
  const y = NODE_HEADER + (o.index - 1) * OUTLET_ROW;
  const g = svgEl('g', {
    class: `outlet${o.isDefault ? ' default' : ''}${o.unreachable === undefined ? '' : ' unreachable'}`,
    transform: `translate(0,${y})`, 'data-outlet': o.id, 'data-index': o.index, role: 'listitem', tabindex: '-1', 'aria-label': outletAriaLabel(node, o),
  }, el);
  svgEl('rect', { x: 4, y: 1, width: node.width - 8, height: OUTLET_ROW - 2, rx: 3, class: 'outlet-row' }, g);
  svgText(String(o.index), { x: 14, y: 14, 'text-anchor': 'middle', class: 'outlet-index' }, g);
  const chars = Math.floor((node.width - 60) / CHAR_WIDTH);
  const text = o.isDefault ? 'default' : o.label;
  svgText(truncate(text, chars), { x: 26, y: 14, class: 'outlet-text' }, g);
  if (o.unreachable !== undefined) {
    // ⊘ and a strike line: unreachable reads without colour too.
    svgText('⊘', { x: node.width - 24, y: 14, class: 'unreachable-mark', 'aria-hidden': 'true' }, g);
    svgEl('line', { x1: 26, x2: Math.min(node.width - 30, 26 + text.length * CHAR_WIDTH), y1: 10, y2: 10, class: 'strike' }, g);
    svgText(`unreachable (${o.unreachable.rule}): ${o.unreachable.message}`, {}, svgEl('title', {}, g));
  }
  svgEl('circle', { cx: node.width, cy: OUTLET_ROW / 2, r: 3.5, class: 'port' }, g);
  return g;
}
