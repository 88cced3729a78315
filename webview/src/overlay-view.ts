// Live numbers drawn on the graph in place: records/s and errors per node, per source topic lag
// (total, max, rates, time to catch up, status with window completeness) and a per-partition strip
// whose cells name their owner. Updates touch text and classes only: no layout, no re-render.
import type { GraphOverlay, LaidOutGraph, PartitionRow, TopicOverlay, VerdictNote, WindowCompleteness } from '../../client/src/graph/graph-model';
import { formatCount, formatDuration, formatRate, STATUS_LETTER } from './format';
import { markShape, svgEl, svgText } from './svg';

const STATUS_SHAPE = { OK: 'circle', WARN: 'triangle', STALL: 'square', STOP: 'diamond' } as const;

interface NodeMark { g: SVGGElement; text: SVGTextElement; last: string; errors: boolean }
interface TopicMark { g: SVGGElement; text: SVGTextElement; rates: SVGTextElement; status: SVGGElement; statusLetter: SVGTextElement; statusShape: SVGElement | undefined; strip: SVGGElement; cells: SVGRectElement[]; width: number }

/** 0..4 by lag relative to the topic's largest lag (0 only for no lag at all). */
export function lagBucket(lag: number, max: number): number {
  if (lag <= 0 || max <= 0) return 0;
  return Math.max(1, Math.min(4, Math.ceil((lag / max) * 4)));
}

/** The window of commits (Burrow's): how many commits it holds of those the verdict needs. */
export function windowText(w: WindowCompleteness): string {
  if (w.requiredCommits <= 0) return 'no window';
  return `window ${Math.min(w.commits, w.requiredCommits)}/${w.requiredCommits} commits`;
}

/** A group's verdict in a few words: the status, or why there is none yet (the tracker's phase). */
export function verdictText(status: string | undefined, w: WindowCompleteness | undefined, note: VerdictNote | undefined): string {
  if (status !== undefined) return `${STATUS_LETTER[status] ?? ''} ${status}${w === undefined ? '' : ` · ${windowText(w)}`}`;
  switch (note?.phase) {
    case 'not-found': return 'not found on the cluster: nothing to judge';
    case 'no-data': return '… waiting for the first sample';
    case 'no-commits': return `… no commits yet${w === undefined ? '' : ` · ${windowText(w)}`}`;
    default: return `… no verdict yet${w === undefined ? '' : ` · ${windowText(w)}`}`;
  }
}

export function topicSummary(t: TopicOverlay): string {
  const parts = [`lag ${formatCount(t.totalLag)}`, `max ${formatCount(t.maxLag)}`];
  if (t.totalLag > 0) parts.push(t.catchUpSeconds === undefined ? 'not catching up' : `~${formatDuration(t.catchUpSeconds)} to catch up`);
  return parts.join(' · ');
}

export const topicRates = (t: TopicOverlay): string => `in ${formatRate(t.produceRate)} · out ${formatRate(t.consumeRate)}`;

export function cellLabel(p: PartitionRow): string {
  return `partition ${p.partition}: lag ${formatCount(p.lag)}, ${p.owner === undefined ? 'unassigned' : `owner ${p.owner}`}`;
}

export class OverlayView {
  private nodes = new Map<string, NodeMark>();
  private topics = new Map<string, TopicMark>();
  private graph: LaidOutGraph | undefined;
  last: GraphOverlay | undefined;

  constructor(
    private readonly layer: SVGGElement,
    private readonly onTopicClick: (topic: string) => void,
    /** Which nodes are on screen or near it: marks elsewhere wait until they come into view. */
    private nearView: () => (id: string) => boolean = () => () => true,
  ) {}

  /** Every mark drawn with the last numbers, on screen or not (before an SVG export). */
  complete(): void {
    const near = this.nearView;
    this.nearView = () => () => true;
    try {
      if (this.last !== undefined) this.apply(this.last);
    } finally {
      this.nearView = near;
    }
  }

  /** The view moved: draw the marks that came into view with the last numbers. */
  viewChanged(): void {
    if (this.last !== undefined) this.apply(this.last);
  }

  /** A new drawing: marks are re-anchored to the new positions, then the last numbers re-applied. */
  attach(graph: LaidOutGraph): void {
    this.graph = graph;
    this.layer.replaceChildren();
    this.nodes.clear();
    this.topics.clear();
    if (this.last !== undefined) this.apply(this.last);
  }

  apply(overlay: GraphOverlay | undefined): void {
    this.last = overlay;
    const graph = this.graph;
    if (graph === undefined) return;
    if (overlay === undefined) {
      this.layer.replaceChildren();
      this.nodes.clear();
      this.topics.clear();
      return;
    }
    // Off-screen marks keep their old text until they come into view (viewChanged): an update
    // costs what the screen shows, not the size of the topology.
    const near = this.nearView();
    for (const [id, n] of Object.entries(overlay.nodes)) {
      if (!near(id)) continue;
      const mark = this.nodes.get(id) ?? this.createNodeMark(id);
      if (mark === undefined) continue;
      const text = `${formatRate(n.recordsPerSecond)}${n.errors > 0 ? ` · ${formatCount(n.errors)} err` : ''}`;
      // Only what changed is touched: an update at the poll interval stays well inside a frame.
      if (mark.last === text) continue;
      mark.last = text;
      mark.text.textContent = text;
      if (mark.errors !== n.errors > 0) {
        mark.errors = n.errors > 0;
        mark.text.classList.toggle('has-errors', mark.errors);
      }
    }
    for (const [id, mark] of this.nodes) if (overlay.nodes[id] === undefined) { mark.g.remove(); this.nodes.delete(id); }
    for (const t of Object.values(overlay.topics)) {
      const id = `topic:${t.topic}`;
      if (graph.layout.nodes[id] === undefined || !near(id)) continue;
      const mark = this.topics.get(id) ?? this.createTopicMark(id, t.topic);
      if (mark === undefined) continue;
      this.updateTopic(mark, t);
    }
    for (const [id, mark] of this.topics) if (overlay.topics[id.slice('topic:'.length)] === undefined) { mark.g.remove(); this.topics.delete(id); }
  }

  private createNodeMark(id: string): NodeMark | undefined {
    const r = this.graph?.layout.nodes[id];
    if (r === undefined) return undefined;
    // Its text is what a screen reader reads ("12/s · 3 err"); no label to rewrite on every update.
    const g = svgEl('g', { class: 'ov ov-node', 'data-overlay': id, transform: `translate(${r.x + r.width},${r.y - 4})`, role: 'status', 'aria-roledescription': `records per second of ${id}` }, this.layer);
    const text = svgText('', { class: 'ov-text', 'text-anchor': 'end' }, g);
    const mark: NodeMark = { g, text, last: '', errors: false };
    this.nodes.set(id, mark);
    return mark;
  }

  private createTopicMark(id: string, topic: string): TopicMark | undefined {
    const r = this.graph?.layout.nodes[id];
    if (r === undefined) return undefined;
    const g = svgEl('g', { class: 'ov ov-topic', 'data-overlay': id, transform: `translate(${r.x},${r.y})`, role: 'status' }, this.layer);
    const text = svgText('', { x: 0, y: -4, class: 'ov-text' }, g);
    const status = svgEl('g', { class: 'status-mark status-none', transform: `translate(${r.width - 2},2)` }, g);
    const strip = svgEl('g', { class: 'strip', transform: `translate(8,${r.height + 2})`, role: 'list', 'aria-label': `partitions of ${topic}` }, g);
    const rates = svgText('', { x: 0, y: r.height + 21, class: 'ov-text ov-rates' }, g);
    g.addEventListener('click', () => this.onTopicClick(topic));
    const statusLetter = svgText('', { y: 3.5, 'text-anchor': 'middle', class: 'status-letter' }, status);
    const mark: TopicMark = { g, text, rates, status, statusLetter, statusShape: undefined, strip, cells: [], width: r.width - 16 };
    this.topics.set(id, mark);
    return mark;
  }

  private updateTopic(mark: TopicMark, t: TopicOverlay): void {
    const summary = topicSummary(t);
    if (mark.text.textContent !== summary) mark.text.textContent = summary;
    const rates = topicRates(t);
    if (mark.rates.textContent !== rates) mark.rates.textContent = rates;
    mark.g.setAttribute('data-total-lag', String(t.totalLag));
    mark.g.setAttribute('data-max-lag', String(t.maxLag));
    mark.g.setAttribute('data-status', t.status ?? 'none');
    const statusName = t.status ?? 'none';
    const shapeKind = t.status === undefined ? 'circle' : STATUS_SHAPE[t.status];
    if (mark.status.getAttribute('data-shape') !== shapeKind || mark.statusShape === undefined) {
      mark.statusShape?.remove();
      mark.statusShape = markShape(shapeKind, 13, mark.status, 'status-shape');
      mark.status.insertBefore(mark.statusShape, mark.statusLetter);
      mark.status.setAttribute('data-shape', shapeKind);
    }
    mark.status.setAttribute('class', `status-mark status-${statusName}`);
    mark.statusLetter.textContent = t.status === undefined ? '…' : (STATUS_LETTER[t.status] ?? '?');
    const verdict = t.status === undefined ? `no verdict yet (${windowText(t.window)})` : `${t.status} (${windowText(t.window)})`;
    mark.g.setAttribute('aria-label', `${t.topic}: ${summary}; ${rates}; ${verdict}`);
    // Strip: one cell per partition, coloured by lag relative to the topic's max.
    const n = t.partitions.length;
    if (mark.cells.length !== n) {
      mark.strip.replaceChildren();
      mark.cells = [];
      const w = n === 0 ? 0 : Math.max(2, mark.width / n);
      for (let i = 0; i < n; i++) {
        const cell = svgEl('rect', { x: i * w, y: 0, width: Math.max(1, w - 1), height: 7, class: 'cell', role: 'listitem' }, mark.strip);
        svgEl('title', {}, cell);
        mark.cells.push(cell);
      }
    }
    t.partitions.forEach((p, i) => {
      const cell = mark.cells[i];
      if (cell === undefined) return;
      const label = cellLabel(p);
      const cls = `cell lag-${lagBucket(p.lag, t.maxLag)}${p.owner === undefined ? ' unowned' : ''}`;
      if (cell.getAttribute('class') !== cls) cell.setAttribute('class', cls);
      if (cell.getAttribute('aria-label') === label) return;
      cell.setAttribute('data-partition', String(p.partition));
      cell.setAttribute('data-lag', String(p.lag));
      cell.setAttribute('data-owner', p.owner ?? '');
      cell.setAttribute('aria-label', label);
      const title = cell.firstChild;
      if (title !== null) title.textContent = label;
    });
  }
}
