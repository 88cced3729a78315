// Draws a laid-out topology with d3: groups, edges, nodes (kind letter + shape + colour), ordered
// branch outlets, finding badges; zoom/pan/fit; selection, hover and editor-cursor highlight.
// Positions come only from the host's layout; live numbers go through `OverlayView`.
import { select, zoom, zoomIdentity, zoomTransform, type D3ZoomEvent, type Selection, type ZoomBehavior } from 'd3';
import 'd3-transition';
import type { GraphEdge, GraphNode, GraphOutlet, LaidOutGraph, Point, Rect } from '../../client/src/graph/graph-model';
import { drawNodeDetail, drawNodeFrame, markPartitions, shownPartitions, type ShownPartitions } from './node-drawing';
import { svgEl, svgText } from './svg';
import { TextFit } from './text-fit';
import { IdleLoop, intersects, visibleArea, type Size, type Transform } from './viewport';

export { nodeAriaLabel, outletAriaLabel } from './node-drawing';

/**
 * The first view of a topology (and Fit) is never smaller than this: its smallest text (11 px:
 * subtitles, predicates, rates) stays at 10 px or more. A bigger graph is scrolled or dragged.
 */
export const MIN_READABLE_SCALE = 10 / 11;
/** Up to this many nodes everything is drawn at once; above it off-screen detail waits for idle time. */
export const EAGER_NODES = 150;
const IDLE_SLICE_MS = 6;

export interface GraphViewEvents {
  reveal(nodeId: string): void;
  select(nodeId: string | undefined): void;
  viewChanged(transform: { x: number; y: number; k: number }): void;
  hover(target: { node: GraphNode; outlet?: GraphOutlet } | undefined, anchor: DOMRect | undefined): void;
}

export class GraphView {
  readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly viewport: SVGGElement;
  private readonly groupsLayer: SVGGElement;
  private readonly edgesLayer: SVGGElement;
  private readonly nodesLayer: SVGGElement;
  readonly overlayLayer: SVGGElement;
  /** Measures and fits node texts in the fonts they are drawn in. */
  readonly text: TextFit;
  private readonly zoomBehavior: ZoomBehavior<SVGSVGElement, unknown>;
  private graph: LaidOutGraph | undefined;
  private readonly nodeEls = new Map<string, SVGGElement>();
  private readonly outletEls = new Map<string, SVGGElement>();
  private selected: string | undefined;
  private highlighted: string | undefined;
  /** Element (node or outlet) that holds the roving tabindex. */
  private focusId: string | undefined;
  /** The svg's size, kept by a ResizeObserver: reading it never forces a layout mid-draw. */
  private size: Size = { width: 0, height: 0 };
  /** Nodes drawn as a frame only, their detail still to come (off screen in a big graph). */
  private readonly pendingDetail = new Set<string>();
  private pendingEdges: GraphEdge[] = [];
  private readonly idle = new IdleLoop((deadline) => this.drawIdleSlice(deadline));
  private visibleScheduled = false;
  private readonly viewportListeners: (() => void)[] = [];
  /** Partition counts from the connected cluster, by node id (they win over the config's). */
  private livePartitions: Record<string, number> = {};

  constructor(container: HTMLElement, private readonly events: GraphViewEvents) {
    const svgNode = svgEl('svg', { class: 'graph', role: 'application', 'aria-roledescription': 'topology graph', 'aria-label': 'Topology graph' }, container);
    this.svg = select(svgNode);
    const defs = svgEl('defs', {}, svgNode);
    const marker = svgEl('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, defs);
    svgEl('path', { d: 'M0,0L10,5L0,10Z', class: 'arrow-head' }, marker);
    this.text = new TextFit(defs);
    this.viewport = svgEl('g', { class: 'viewport' }, svgNode);
    this.groupsLayer = svgEl('g', { class: 'groups' }, this.viewport);
    this.edgesLayer = svgEl('g', { class: 'edges', 'aria-hidden': 'true' }, this.viewport);
    this.nodesLayer = svgEl('g', { class: 'nodes', role: 'list', 'aria-label': 'Nodes' }, this.viewport);
    this.overlayLayer = svgEl('g', { class: 'overlays' }, this.viewport);
    this.zoomBehavior = zoom<SVGSVGElement, unknown>()
      .scaleExtent([0.05, 4])
      // The wheel scrolls (below); Ctrl/⌘ + wheel zooms, and so does a pinch (a wheel event with ctrlKey).
      .filter((e: Event) => (e instanceof WheelEvent ? e.ctrlKey || e.metaKey : !(e instanceof MouseEvent && (e.ctrlKey || e.button !== 0))))
      // d3's pinch speed-up (x10 with ctrlKey) only for a pinch's small steps, not a mouse wheel's notches.
      .wheelDelta((e: WheelEvent) => -e.deltaY * (e.deltaMode === 1 ? 0.05 : e.deltaMode === 2 ? 1 : 0.002) * (e.ctrlKey && Math.abs(e.deltaY) < 50 ? 10 : 1))
      // The cached size, not d3's default (it reads the svg's size and so forces a layout).
      .extent(() => [[0, 0], [Math.max(1, this.size.width), Math.max(1, this.size.height)]])
      .on('zoom', (e: D3ZoomEvent<SVGSVGElement, unknown>) => {
        this.viewport.setAttribute('transform', e.transform.toString());
        this.scheduleVisible();
      })
      .on('end', (e: D3ZoomEvent<SVGSVGElement, unknown>) => this.events.viewChanged({ x: e.transform.x, y: e.transform.y, k: e.transform.k }));
    this.svg.call(this.zoomBehavior).on('dblclick.zoom', null);
    svgNode.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    svgNode.addEventListener('keydown', (e) => this.onKey(e));
    // One set of listeners for all nodes (not four per node): a 500-node graph draws faster.
    this.nodesLayer.addEventListener('click', (e) => this.onNodeEvent(e, 'click'));
    this.nodesLayer.addEventListener('mouseover', (e) => this.onNodeEvent(e, 'hover'));
    this.nodesLayer.addEventListener('focusin', (e) => {
      // Focus that arrived another way than the arrow keys (a click, a screen reader, Tab): the keys act on it.
      const el = e.target instanceof Element ? e.target.closest('[data-outlet], [data-node]') : null;
      const id = el?.getAttribute('data-outlet') ?? el?.getAttribute('data-node') ?? undefined;
      if (id !== undefined && id !== this.focusId) {
        this.focusId = id;
        this.refreshClasses();
      }
      this.onNodeEvent(e, 'hover');
    });
    this.nodesLayer.addEventListener('mouseout', (e) => {
      const to = e.relatedTarget;
      const from = e.target instanceof Element ? e.target.closest('[data-node]') : null;
      if (from !== null && !(to instanceof Node && from.contains(to))) this.events.hover(undefined, undefined);
    });
    svgNode.addEventListener('click', (e) => { if (e.target === svgNode) this.setSelected(undefined, true); });
    new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]?.contentRect;
      if (box === undefined) return;
      this.size = { width: box.width, height: box.height };
      this.scheduleVisible();
    }).observe(svgNode);
  }

  /** Called (once per frame at most) when the visible area changed: overlays draw what came into view. */
  onViewportChange(listener: () => void): void {
    this.viewportListeners.push(listener);
  }

  /** A test for "on screen or near it" at the current view (always true for graphs drawn at once). */
  nearView(): (id: string) => boolean {
    const graph = this.graph;
    const node = this.svg.node();
    if (graph === undefined || node === null) return () => false;
    if (graph.model.nodes.length <= EAGER_NODES) return () => true;
    const area = visibleArea(zoomTransform(node), this.currentSize());
    return (id) => {
      const r = graph.layout.nodes[id];
      return r !== undefined && intersects(r, area);
    };
  }

  private currentSize(): Size {
    if (this.size.width === 0 || this.size.height === 0) {
      // Before the first ResizeObserver callback: measure once (the layout is clean at that point).
      const box = this.svg.node()?.getBoundingClientRect();
      if (box !== undefined) this.size = { width: box.width, height: box.height };
    }
    return this.size;
  }

  private scheduleVisible(): void {
    if (this.visibleScheduled) return;
    this.visibleScheduled = true;
    requestAnimationFrame(() => {
      this.visibleScheduled = false;
      this.drawVisiblePending();
      for (const l of this.viewportListeners) l();
    });
  }

  private drawVisiblePending(): void {
    const svgNode = this.svg.node();
    if (this.pendingEdges.length > 0 && svgNode !== null) {
      const area = visibleArea(zoomTransform(svgNode), this.currentSize());
      this.drawPendingEdges((r) => intersects(r, area));
    }
    if (this.pendingDetail.size === 0) return;
    const near = this.nearView();
    for (const id of [...this.pendingDetail]) if (near(id)) this.ensureDetail(id);
  }

  /** Draws one node's detail now if it is still pending (keyboard focus, export, highlight). */
  ensureDetail(id: string): void {
    if (!this.pendingDetail.delete(id)) return;
    const el = this.nodeEls.get(id);
    const node = this.graph?.model.nodes.find((n) => n.id === id);
    if (el !== undefined && node !== undefined) for (const [oid, oel] of drawNodeDetail(el, node, this.partitionsOf(node), this.text)) this.outletEls.set(oid, oel);
    this.markComplete();
  }

  partitionsOf(node: GraphNode): ShownPartitions | undefined {
    return shownPartitions(node, this.livePartitions);
  }

  /** The cluster's partition counts (by node id): only nodes whose count changed are touched. */
  setLivePartitions(counts: Record<string, number>): void {
    const before = this.livePartitions;
    this.livePartitions = counts;
    for (const node of this.graph?.model.nodes ?? []) {
      if (before[node.id] === counts[node.id]) continue;
      const el = this.nodeEls.get(node.id);
      if (el !== undefined) markPartitions(el, node, this.partitionsOf(node), this.text);
    }
  }

  /** Everything drawn in full (before an SVG export). */
  completeDrawing(): void {
    this.drawPendingEdges(() => true);
    for (const id of [...this.pendingDetail]) this.ensureDetail(id);
    this.refreshClasses();
  }

  private drawIdleSlice(deadline: { timeRemaining(): number }): boolean {
    // Small slices (a few ms of script, then that much style and layout in the next frame): input
    // and the first frames stay smooth while the off-screen detail fills in.
    const until = performance.now() + Math.min(IDLE_SLICE_MS, deadline.timeRemaining());
    if (this.pendingEdges.length > 0) this.drawPendingEdges(() => true, until);
    for (const id of this.pendingDetail) {
      if (performance.now() >= until) break;
      this.ensureDetail(id);
    }
    if (this.pendingDetail.size > 0 || this.pendingEdges.length > 0) return true;
    this.refreshClasses();
    return false;
  }

  get current(): LaidOutGraph | undefined {
    return this.graph;
  }

  nodeElement(id: string): SVGGElement | undefined {
    return this.nodeEls.get(id);
  }

  /** Draws `graph`. Same key as before: zoom, pan and selection stay; nodes move to their new places. */
  render(graph: LaidOutGraph, view: { transform?: { x: number; y: number; k: number }; selected?: string } = {}): void {
    const sameTopology = this.graph?.model.key === graph.model.key;
    this.graph = graph;
    const { model, layout } = graph;
    this.svg.attr('data-key', model.key).attr('data-engine', layout.engine).attr('aria-label', `Topology graph: ${model.title}`);
    // Groups
    this.groupsLayer.replaceChildren();
    for (const g of model.groups) {
      const r = layout.groups[g.id];
      if (r === undefined) continue;
      const el = svgEl('g', { class: 'group', 'data-group': g.id, transform: `translate(${r.x},${r.y})` }, this.groupsLayer);
      svgEl('rect', { width: r.width, height: r.height, rx: 6, class: 'group-box' }, el);
      svgText(g.label, { x: 10, y: 18, class: 'group-label' }, el);
    }
    // Where the view will be once drawn, worked out first: a big graph then draws in full only
    // what is on screen (no layout is forced meanwhile: the size is cached).
    const size = this.currentSize();
    const svgNode = this.svg.node();
    const target: Transform | undefined = view.transform ?? (sameTopology || svgNode === null ? undefined : this.fitTransform(MIN_READABLE_SCALE));
    const area = visibleArea(target ?? (svgNode === null ? { x: 0, y: 0, k: 1 } : zoomTransform(svgNode)), size);
    const eager = model.nodes.length <= EAGER_NODES;
    // Edges: off-screen ones of a big graph wait for idle time too.
    this.edgesLayer.replaceChildren();
    this.pendingEdges = [];
    for (const e of model.edges) {
      const pts = layout.edges[e.id];
      if (pts === undefined || pts.length < 2) continue;
      if (eager || intersects(boundsOf(pts), area)) this.drawEdge(e, pts);
      else this.pendingEdges.push(e);
    }
    // Nodes: a keyed d3 join, so a redraw moves existing nodes instead of replacing them.
    const join = select(this.nodesLayer)
      .selectAll<SVGGElement, GraphNode>('g.node')
      .data(model.nodes, (d) => d.id)
      .join((enter) => enter.append('g').attr('data-node', (d) => d.id));
    this.nodeEls.clear();
    this.outletEls.clear();
    this.pendingDetail.clear();
    this.idle.stop();
    const move = sameTopology ? join.transition().duration(250) : join;
    move.attr('transform', (d) => { const r = layout.nodes[d.id]; return r === undefined ? 'translate(-9999,-9999)' : `translate(${r.x},${r.y})`; });
    join.each((d, i, els) => {
      const el = els[i];
      if (el === undefined) return;
      this.nodeEls.set(d.id, el);
      const partitions = this.partitionsOf(d);
      drawNodeFrame(el, d, partitions, this.text);
      const r = layout.nodes[d.id];
      if (eager || (r !== undefined && intersects(r, area))) {
        for (const [oid, oel] of drawNodeDetail(el, d, partitions, this.text)) this.outletEls.set(oid, oel);
      } else {
        this.pendingDetail.add(d.id);
      }
    });
    this.svg.attr('data-complete', String(this.pendingDetail.size === 0 && this.pendingEdges.length === 0));
    const keepSelected = view.selected ?? (sameTopology ? this.selected : undefined);
    this.selected = keepSelected !== undefined && this.nodeEls.has(keepSelected) ? keepSelected : undefined;
    this.focusId = this.selected ?? model.nodes[0]?.id;
    if (this.focusId !== undefined) this.ensureDetail(this.focusId);
    this.refreshClasses();
    if (target !== undefined) this.setTransform(target);
    if (this.pendingDetail.size > 0 || this.pendingEdges.length > 0) this.idle.start();
  }

  private drawEdge(e: GraphEdge, pts: Point[]): void {
    svgEl('path', { d: pathOf(pts), class: `edge edge-${e.kind}`, 'data-edge': e.id, 'data-source': e.source, 'data-target': e.target, ...(e.sourcePort === undefined ? {} : { 'data-port': e.sourcePort }), 'marker-end': 'url(#arrow)' }, this.edgesLayer);
  }

  private drawPendingEdges(test: (r: Rect) => boolean, until = Number.POSITIVE_INFINITY): void {
    const layout = this.graph?.layout;
    if (layout === undefined) return;
    const rest: GraphEdge[] = [];
    for (const e of this.pendingEdges) {
      const pts = layout.edges[e.id];
      if (pts !== undefined && performance.now() < until && test(boundsOf(pts))) this.drawEdge(e, pts);
      else if (pts !== undefined) rest.push(e);
    }
    this.pendingEdges = rest;
    this.markComplete();
  }

  private markComplete(): void {
    if (this.pendingDetail.size === 0 && this.pendingEdges.length === 0) this.svg.attr('data-complete', 'true');
  }

  private onNodeEvent(e: Event, kind: 'click' | 'hover'): void {
    const target = e.target instanceof Element ? e.target : null;
    const nodeEl = target?.closest('[data-node]');
    const id = nodeEl?.getAttribute('data-node');
    const node = id === null || id === undefined ? undefined : this.graph?.model.nodes.find((n) => n.id === id);
    if (nodeEl === null || nodeEl === undefined || node === undefined) return;
    const outletEl = target?.closest('[data-outlet]');
    const outlet = outletEl === null || outletEl === undefined ? undefined : node.outlets?.find((o) => o.id === outletEl.getAttribute('data-outlet'));
    if (kind === 'hover') {
      this.events.hover(outlet === undefined ? { node } : { node, outlet }, (outletEl ?? nodeEl).getBoundingClientRect());
      return;
    }
    e.stopPropagation();
    if (outlet !== undefined && outletEl !== null && outletEl !== undefined) {
      this.focusItem(outlet.id);
      this.events.hover({ node, outlet }, outletEl.getBoundingClientRect());
      return;
    }
    this.setSelected(node.id, true);
    this.events.reveal(node.id);
  }

  setSelected(id: string | undefined, notify: boolean): void {
    this.selected = id;
    if (id !== undefined) this.focusId = id;
    this.refreshClasses();
    if (notify) this.events.select(id);
  }

  highlight(id: string | undefined): void {
    this.highlighted = id;
    if (id !== undefined) this.ensureDetail(id);
    this.refreshClasses();
  }

  private refreshClasses(): void {
    for (const [id, el] of this.nodeEls) {
      el.classList.toggle('selected', id === this.selected);
      el.classList.toggle('highlighted', id === this.highlighted);
      el.setAttribute('aria-selected', String(id === this.selected));
      el.setAttribute('tabindex', id === this.focusId ? '0' : '-1');
    }
    for (const [id, el] of this.outletEls) el.setAttribute('tabindex', id === this.focusId ? '0' : '-1');
  }

  /** Fits the graph to the panel, never below the readable scale (a big graph then starts at its sources, left). */
  fit(): void {
    const t = this.fitTransform(MIN_READABLE_SCALE);
    if (t !== undefined) this.setTransform(t);
  }

  /** The whole graph, however small its text gets (an overview). */
  fitAll(): void {
    const t = this.fitTransform(0);
    if (t !== undefined) this.setTransform(t);
  }

  /** Scrolling moves the view, as in an editor: vertical, horizontal (trackpads, Shift + wheel). */
  private onWheel(e: WheelEvent): void {
    if (e.ctrlKey || e.metaKey) return; // d3's zoom
    e.preventDefault();
    const node = this.svg.node();
    if (node === null) return;
    const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? this.currentSize().height : 1;
    let dx = e.deltaX * unit;
    let dy = e.deltaY * unit;
    if (e.shiftKey && dx === 0) [dx, dy] = [dy, 0];
    const k = zoomTransform(node).k;
    this.svg.call(this.zoomBehavior.translateBy, -dx / k, -dy / k);
  }

  private fitTransform(minScale: number): Transform | undefined {
    const layout = this.graph?.layout;
    const box = this.currentSize();
    if (layout === undefined || box.width === 0 || box.height === 0) return undefined;
    const whole = Math.min(box.width / (layout.width + 40), box.height / (layout.height + 40), 1.5);
    const k = Math.max(whole, minScale);
    const x = k === whole ? (box.width - layout.width * k) / 2 : 20;
    const y = layout.height * k <= box.height ? (box.height - layout.height * k) / 2 : 20;
    return { x, y, k };
  }

  zoomBy(factor: number): void {
    this.svg.call(this.zoomBehavior.scaleBy, factor);
  }

  private setTransform(t: { x: number; y: number; k: number }): void {
    this.svg.call(this.zoomBehavior.transform, zoomIdentity.translate(t.x, t.y).scale(t.k));
  }

  /** Brings an element into view if it is outside, without changing the zoom level. */
  private ensureVisible(rect: Rect): void {
    const box = this.currentSize();
    const node = this.svg.node();
    if (node === null) return;
    const t = zoomTransform(node);
    const left = rect.x * t.k + t.x;
    const top = rect.y * t.k + t.y;
    const right = left + rect.width * t.k;
    const bottom = top + rect.height * t.k;
    if (left >= 0 && top >= 0 && right <= box.width && bottom <= box.height) return;
    this.setTransform({ k: t.k, x: box.width / 2 - (rect.x + rect.width / 2) * t.k, y: box.height / 2 - (rect.y + rect.height / 2) * t.k });
  }

  focusItem(id: string): void {
    this.ensureDetail(id.includes('#') && !this.nodeEls.has(id) ? id.slice(0, id.lastIndexOf('#')) : id);
    this.focusId = id;
    this.refreshClasses();
    const el = this.nodeEls.get(id) ?? this.outletEls.get(id);
    const nodeId = id.includes('#') ? id.slice(0, id.lastIndexOf('#')) : id;
    const rect = this.graph?.layout.nodes[nodeId];
    if (rect !== undefined) this.ensureVisible(rect);
    el?.focus();
  }

  /** Arrow keys walk the graph: right/left follow edges (into a branch's outlets first), up/down move among siblings or outlets. */
  private onKey(e: KeyboardEvent): void {
    const graph = this.graph;
    const current = this.focusId;
    if (graph === undefined || current === undefined) return;
    const { model, layout } = graph;
    const isOutlet = current.includes('#') && this.outletEls.has(current);
    const nodeId = isOutlet ? current.slice(0, current.lastIndexOf('#')) : current;
    const node = model.nodes.find((n) => n.id === nodeId);
    if (node === undefined) return;
    const outlet = isOutlet ? node.outlets?.find((o) => o.id === current) : undefined;
    let next: string | undefined;
    switch (e.key) {
      case 'ArrowRight':
        if (outlet !== undefined) next = outlet.target;
        else if ((node.outlets ?? []).length > 0) next = node.outlets?.[0]?.id;
        else next = model.edges.find((x) => x.source === node.id)?.target;
        break;
      case 'ArrowLeft':
        next = outlet !== undefined ? node.id : model.edges.find((x) => x.target === node.id)?.source;
        break;
      case 'ArrowDown':
      case 'ArrowUp': {
        const step = e.key === 'ArrowDown' ? 1 : -1;
        if (outlet !== undefined) {
          next = node.outlets?.find((o) => o.index === outlet.index + step)?.id;
        } else {
          next = verticalNeighbour(model.nodes.map((n) => n.id), layout.nodes, node.id, step);
        }
        break;
      }
      case 'Home':
        next = model.nodes[0]?.id;
        break;
      case 'End':
        next = model.nodes[model.nodes.length - 1]?.id;
        break;
      case 'Enter':
        this.setSelected(node.id, true);
        this.events.reveal(node.id);
        e.preventDefault();
        return;
      case ' ':
        this.setSelected(node.id, true);
        e.preventDefault();
        return;
      case 'Escape':
        this.setSelected(undefined, true);
        return;
      default:
        return;
    }
    e.preventDefault();
    if (next !== undefined) this.focusItem(next);
  }
}

function boundsOf(points: Point[]): Rect {
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (const p of points) {
    x0 = Math.min(x0, p.x);
    y0 = Math.min(y0, p.y);
    x1 = Math.max(x1, p.x);
    y1 = Math.max(y1, p.y);
  }
  return { x: x0, y: y0, width: Math.max(1, x1 - x0), height: Math.max(1, y1 - y0) };
}

function pathOf(points: Point[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join('');
}

/** The nearest node above or below in the same layer (x overlap), else the next in model order. */
function verticalNeighbour(order: string[], rects: Record<string, Rect>, id: string, step: number): string | undefined {
  const me = rects[id];
  if (me !== undefined) {
    const candidates = order
      .map((o) => ({ o, r: rects[o] }))
      .filter((c): c is { o: string; r: Rect } => c.r !== undefined && c.o !== id && c.r.x < me.x + me.width && c.r.x + c.r.width > me.x)
      .filter((c) => (step > 0 ? c.r.y > me.y : c.r.y < me.y))
      .sort((a, b) => (step > 0 ? a.r.y - b.r.y : b.r.y - a.r.y));
    if (candidates[0] !== undefined) return candidates[0].o;
  }
  const i = order.indexOf(id);
  return order[i + step];
}
