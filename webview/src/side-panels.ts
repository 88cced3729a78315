// Tables beside the graph: a source topic's partitions (owner, host, offsets, lag, time lag,
// trend) and the thread assignment (idle threads marked). Both refresh in place on each overlay.
import type { PartitionRow, ThreadOverlay, TopicOverlay } from '../../client/src/graph/graph-model';
import { formatCount, formatDuration, STATUS_LETTER } from './format';
import { windowText } from './overlay-view';
import { htmlEl, svgEl } from './svg';

export function sparkline(values: number[], parent: Element, width = 64, height = 14): SVGSVGElement {
  const svg = svgEl('svg', { width, height, class: 'sparkline', role: 'img', 'aria-label': `lag trend: ${values.map((v) => formatCount(v)).join(', ')}` }, parent);
  if (values.length > 1) {
    const max = Math.max(...values, 1);
    // A flat trend is drawn across the middle (at the top it read as the header's underline).
    const flat = values.every((v) => v === values[0]);
    const pts = values.map((v, i) => `${((i / (values.length - 1)) * (width - 2) + 1).toFixed(1)},${(flat ? height / 2 : height - 1 - (v / max) * (height - 2)).toFixed(1)}`);
    svgEl('polyline', { points: pts.join(' '), class: 'spark' }, svg);
  }
  return svg;
}

const COLUMNS = ['partition', 'member', 'host', 'end', 'committed', 'lag', 'time lag', 'status', 'trend'];

export function partitionTable(rows: PartitionRow[], parent: Element): HTMLTableElement {
  const table = htmlEl('table', { class: 'partitions' }, parent);
  const head = htmlEl('tr', {}, htmlEl('thead', {}, table));
  for (const c of COLUMNS) htmlEl('th', { scope: 'col' }, head, c);
  const body = htmlEl('tbody', {}, table);
  for (const p of rows) {
    const tr = htmlEl('tr', { 'data-partition': String(p.partition), 'data-topic': p.topic }, body);
    htmlEl('td', {}, tr, String(p.partition));
    htmlEl('td', {}, tr, p.owner ?? p.member ?? '(unassigned)');
    htmlEl('td', {}, tr, p.host ?? '');
    htmlEl('td', {}, tr, formatCount(p.end));
    htmlEl('td', {}, tr, p.committed < 0 ? '–' : formatCount(p.committed));
    htmlEl('td', { 'data-col': 'lag' }, tr, formatCount(p.lag));
    htmlEl('td', {}, tr, formatDuration(p.timeLagSeconds));
    htmlEl('td', p.status === undefined ? {} : { class: `verdict status-${p.status}` }, tr, p.status === undefined ? '…' : `${STATUS_LETTER[p.status] ?? ''} ${p.status}`);
    sparkline(p.trend, htmlEl('td', {}, tr));
  }
  return table;
}

export class PartitionPanel {
  readonly el: HTMLElement;
  private topic: string | undefined;

  constructor(parent: HTMLElement) {
    this.el = htmlEl('section', { class: 'side partition-panel', role: 'region', 'aria-label': 'Partitions', hidden: '' }, parent);
  }

  get openTopic(): string | undefined {
    return this.topic;
  }

  open(topic: string, overlay: TopicOverlay | undefined): void {
    this.topic = topic;
    this.el.hidden = false;
    this.render(overlay);
  }

  close(): void {
    this.topic = undefined;
    this.el.hidden = true;
  }

  render(t: TopicOverlay | undefined): void {
    if (this.topic === undefined) return;
    this.el.replaceChildren();
    const h = htmlEl('h2', {}, this.el, `${this.topic}`);
    if (t !== undefined) htmlEl('span', { class: 'verdict' }, h, `${t.status === undefined ? 'no verdict yet' : t.status} · ${windowText(t.window)}`);
    const close = htmlEl('button', { type: 'button', 'aria-label': 'Close partitions' }, h, '×');
    close.addEventListener('click', () => this.close());
    if (t === undefined) {
      htmlEl('p', {}, this.el, 'No live data for this topic.');
      return;
    }
    partitionTable(t.partitions, this.el);
  }
}

export function threadList(threads: ThreadOverlay[], parent: Element): HTMLUListElement {
  const ul = htmlEl('ul', { class: 'threads', 'aria-label': 'Stream threads' }, parent);
  for (const t of threads) {
    const parts = t.partitions.map((p) => `${p.topic}-${p.partition}`).join(', ');
    htmlEl('li', { class: t.idle ? 'idle' : '', 'data-thread': `${t.instance}/${t.thread}`, 'data-idle': String(t.idle) }, ul, `${t.instance}/${t.thread}: ${parts === '' ? 'no partitions' : parts}${t.idle ? ' (idle)' : ''}`);
  }
  return ul;
}
