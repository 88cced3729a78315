// A cheap layered layout (longest-path columns, rows in model order) used when ELK misses its
// deadline or fails: the graph still appears at once, and the ELK layout replaces it when ready.
import type { GraphLayout, GraphViewModel, Point, Rect } from './graph-model';
import { outletY } from './elk-graph';

const GAP_X = 56;
const GAP_Y = 36;
const MARGIN = 12;

export function fallbackLayout(model: GraphViewModel): GraphLayout {
  const preds = new Map<string, string[]>(model.nodes.map((n) => [n.id, []]));
  for (const e of model.edges) preds.get(e.target)?.push(e.source);
  const layer = new Map<string, number>();
  const visiting = new Set<string>();
  const depth = (id: string): number => {
    const known = layer.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return 0; // a cycle: break it here
    visiting.add(id);
    const d = Math.max(-1, ...(preds.get(id) ?? []).map(depth)) + 1;
    visiting.delete(id);
    layer.set(id, d);
    return d;
  };
  const columns: string[][] = [];
  for (const n of model.nodes) (columns[depth(n.id)] ??= []).push(n.id);
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  const layout: GraphLayout = { engine: 'fallback', width: 0, height: 0, nodes: {}, ports: {}, groups: {}, edges: {} };
  let x = MARGIN;
  for (const column of columns) {
    let y = MARGIN + 30;
    let widest = 0;
    for (const id of column ?? []) {
      const n = byId.get(id);
      if (n === undefined) continue;
      layout.nodes[id] = { x, y, width: n.width, height: n.height };
      for (const o of n.outlets ?? []) layout.ports[o.id] = { x: x + n.width, y: y + outletY(o.index) };
      y += n.height + GAP_Y;
      widest = Math.max(widest, n.width);
    }
    layout.height = Math.max(layout.height, y + MARGIN);
    x += widest + GAP_X;
  }
  layout.width = x;
  for (const g of model.groups) {
    const members = model.nodes.filter((n) => n.group === g.id).map((n) => layout.nodes[n.id]).filter((r): r is Rect => r !== undefined);
    if (members.length === 0) continue;
    const left = Math.min(...members.map((r) => r.x)) - 14;
    const top = Math.min(...members.map((r) => r.y)) - 30;
    const right = Math.max(...members.map((r) => r.x + r.width)) + 14;
    const bottom = Math.max(...members.map((r) => r.y + r.height)) + 14;
    layout.groups[g.id] = { x: left, y: top, width: right - left, height: bottom - top };
  }
  for (const e of model.edges) {
    const s = layout.nodes[e.source];
    const t = layout.nodes[e.target];
    if (s === undefined || t === undefined) continue;
    const start: Point = (e.sourcePort === undefined ? undefined : layout.ports[e.sourcePort]) ?? { x: s.x + s.width, y: s.y + s.height / 2 };
    const end: Point = { x: t.x, y: t.y + Math.min(22, t.height / 2) };
    const midX = (start.x + end.x) / 2;
    layout.edges[e.id] = [start, { x: midX, y: start.y }, { x: midX, y: end.y }, end];
  }
  return layout;
}
