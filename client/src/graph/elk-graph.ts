// The view model as an ELK graph (layered, left to right, sub-topologies as compound nodes,
// branch outlets as ports at fixed positions in predicate order) and ELK's answer as a layout.
// Pure data in, data out: the ELK run itself happens in the layout worker.
import type { ElkExtendedEdge, ElkNode, ElkPort } from 'elkjs/lib/elk-api';
import { NODE_HEADER, OUTLET_ROW, type GraphLayout, type GraphNode, type GraphViewModel, type Point } from './graph-model';

/** Where outlet i (1-based) sits on a branch node's east side: centred on its text row. */
export const outletY = (index: number): number => NODE_HEADER + (index - 1) * OUTLET_ROW + OUTLET_ROW / 2;

export const ROOT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.edgeRouting': 'ORTHOGONAL',
  // Room above and below each node for the live overlay (rates above, partition strip below).
  'elk.spacing.nodeNode': '36',
  'elk.layered.spacing.nodeNodeBetweenLayers': '44',
  'elk.layered.spacing.edgeNodeBetweenLayers': '16',
  // Keep describe() order where ELK has a free choice, so siblings read as written.
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.json.edgeCoords': 'ROOT',
  'elk.json.shapeCoords': 'ROOT',
};

/** Above this many nodes ELK trades some crossing quality for speed. */
export const LARGE_GRAPH = 150;

function elkNodeOf(node: GraphNode): ElkNode {
  const elk: ElkNode = { id: node.id, width: node.width, height: node.height };
  const outlets = node.outlets ?? [];
  if (outlets.length > 0) {
    // FIXED_POS: outlet k is drawn on the row that shows predicate k, so the order can't change.
    elk.layoutOptions = { 'elk.portConstraints': 'FIXED_POS' };
    const ports: ElkPort[] = outlets.map((o) => ({
      id: o.id, x: node.width, y: outletY(o.index), width: 1, height: 1,
      layoutOptions: { 'elk.port.side': 'EAST', 'elk.port.index': String(o.index - 1) },
    }));
    ports.push({ id: `${node.id}#in`, x: -1, y: 22, width: 1, height: 1, layoutOptions: { 'elk.port.side': 'WEST' } });
    elk.ports = ports;
  }
  return elk;
}

export function toElkGraph(model: GraphViewModel): ElkNode {
  const groups = new Map<string, ElkNode>(model.groups.map((g) => [g.id, {
    id: g.id, children: [],
    layoutOptions: { 'elk.padding': '[top=30,left=14,bottom=14,right=14]' },
  }]));
  // Big graphs: one crossing-minimisation pass instead of seven (about 5x faster at 500 nodes,
  // measured with bench/graph-paint.ts); small ones keep ELK's full effort.
  const options = model.nodes.length > LARGE_GRAPH ? { ...ROOT_OPTIONS, 'elk.layered.thoroughness': '1' } : ROOT_OPTIONS;
  const root: ElkNode = { id: '__root', layoutOptions: options, children: [], edges: [] };
  const branchIn = new Set<string>();
  for (const node of model.nodes) {
    const elk = elkNodeOf(node);
    if ((node.outlets ?? []).length > 0) branchIn.add(node.id);
    const parent = node.group === undefined ? undefined : groups.get(node.group);
    (parent?.children ?? root.children ?? []).push(elk);
  }
  for (const g of groups.values()) if ((g.children ?? []).length > 0) root.children?.push(g);
  const edges: ElkExtendedEdge[] = model.edges.map((e) => ({
    id: e.id,
    sources: [e.sourcePort ?? e.source],
    targets: [branchIn.has(e.target) ? `${e.target}#in` : e.target],
  }));
  root.edges = edges;
  return root;
}

export function fromElkGraph(result: ElkNode): GraphLayout {
  const layout: GraphLayout = { engine: 'elk', width: result.width ?? 0, height: result.height ?? 0, nodes: {}, ports: {}, groups: {}, edges: {} };
  const visit = (n: ElkNode, isGroup: boolean): void => {
    const rect = { x: n.x ?? 0, y: n.y ?? 0, width: n.width ?? 0, height: n.height ?? 0 };
    if (isGroup) layout.groups[n.id] = rect;
    else layout.nodes[n.id] = rect;
    for (const p of n.ports ?? []) layout.ports[p.id] = { x: (p.x ?? 0) + (p.width ?? 0) / 2, y: (p.y ?? 0) + (p.height ?? 0) / 2 };
    for (const c of n.children ?? []) visit(c, c.children !== undefined);
  };
  for (const c of result.children ?? []) visit(c, c.children !== undefined);
  const collect = (n: ElkNode): void => {
    for (const e of n.edges ?? []) {
      const points: Point[] = [];
      for (const s of e.sections ?? []) {
        points.push(s.startPoint, ...(s.bendPoints ?? []), s.endPoint);
      }
      layout.edges[e.id] = points.map((p) => ({ x: p.x, y: p.y }));
    }
    for (const c of n.children ?? []) collect(c);
  };
  collect(result);
  return layout;
}
