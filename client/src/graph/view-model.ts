// Builds the graph panel's view model from a `streamwise/topology` entry: nodes (processors,
// topics, stores, changelogs), edges, sub-topology groups, ordered branch outlets, finding
// badges and partition counts. Pure: no vscode, no layout (tested in node on golden inputs).
import type { ProcessorNodeModel, SourceLocation, TopologyNodeModel } from 'streamwise/model';
import type { FindingBadge, TopologyEntry } from '../../../server/src/protocol';
import { MAX_TEXT_WIDTH, MIN_NODE_WIDTH, NODE_HEADER, OUTLET_END_PAD, OUTLET_ROW, OUTLET_TEXT_X, TEXT_END_PAD, TEXT_X, type GraphBadge, type GraphEdge, type GraphLocation, type GraphNode, type GraphNodeKind, type GraphOutlet, type GraphViewModel } from './graph-model';
import { ESTIMATED_METRICS, textWidth, type TextMetrics } from './text-metrics';


export const topologyKey = (uri: string, index: number): string => `${uri}#${index}`;

const basename = (path: string): string => path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);

function toFileUri(path: string): string {
  if (path.startsWith('file:')) return path;
  const normal = path.replace(/\\/g, '/');
  const withSlash = normal.startsWith('/') ? normal : `/${normal}`;
  return `file://${withSlash.split('/').map(encodeURIComponent).join('/')}`;
}

function locationOf(loc: SourceLocation | undefined): GraphLocation | undefined {
  if (loc === undefined) return undefined;
  return {
    file: loc.file,
    uri: toFileUri(loc.file),
    display: `${basename(loc.file)}:${loc.line}`,
    start: { line: loc.line - 1, character: loc.column - 1 },
    end: { line: loc.endLine - 1, character: loc.endColumn - 1 },
  };
}

/** Box width for its name, subtitle and outlet texts in the webview's fonts (a px of slack for sub-pixel rounding). */
function boxWidth(m: TextMetrics, label: string, sub: string, outlets: string[] = []): number {
  const text = (font: 'label' | 'sub' | 'outlet', t: string): number => Math.min(textWidth(m, font, t), MAX_TEXT_WIDTH);
  const widths = [TEXT_X + text('label', label) + TEXT_END_PAD, TEXT_X + text('sub', sub) + TEXT_END_PAD, ...outlets.map((o) => OUTLET_TEXT_X + text('outlet', o) + OUTLET_END_PAD)];
  return Math.max(MIN_NODE_WIDTH, Math.ceil(Math.max(...widths) + 1));
}

const badgeOf = (f: FindingBadge): GraphBadge => ({ rule: f.rule, severity: f.severity, message: f.message });

/** 0-based LSP start of a finding equals the 1-based start of a model location. */
const startsAt = (f: FindingBadge, loc: SourceLocation | undefined): boolean =>
  loc !== undefined && f.range.start.line + 1 === loc.line && f.range.start.character + 1 === loc.column;

/**
 * Outlets of a branch/split in predicate order, default last, each marked unreachable when a
 * finding's structured `unreachable` data says it can never receive a record: a catch-all at predicate k shadows
 * every later outlet (and the default); a duplicate or shadowed predicate shadows its own.
 */
function outletsOf(node: ProcessorNodeModel, findings: FindingBadge[]): GraphOutlet[] {
  const branch = node.branch;
  if (branch === undefined) return [];
  const predicates = [...branch.predicates].sort((a, b) => a.index - b.index);
  const outlets: GraphOutlet[] = predicates.map((p, i) => {
    const outlet: GraphOutlet = { id: `${node.name}#${i + 1}`, index: i + 1, label: p.text ?? `predicate ${i + 1}`, target: p.outlet, isDefault: false };
    if (p.branchName !== undefined) outlet.branchName = p.branchName;
    return outlet;
  });
  if (branch.hasDefault && branch.defaultOutlet !== undefined) {
    outlets.push({ id: `${node.name}#${outlets.length + 1}`, index: outlets.length + 1, label: 'default', target: branch.defaultOutlet, isDefault: true });
  }
  for (const f of findings) {
    // Structured data from branch-order (never its message text); the location ties it to this node.
    const which = f.unreachable;
    if (which === undefined) continue;
    const k = predicates.findIndex((p) => startsAt(f, p.location));
    if (k < 0 || k + 1 !== which.predicate) continue;
    if (which.outlets === 'later') {
      for (const o of outlets.slice(k + 1)) o.unreachable ??= badgeOf(f);
    } else {
      const own = outlets[k];
      if (own !== undefined) own.unreachable ??= badgeOf(f);
    }
  }
  return outlets;
}

interface Options {
  /** Topic -> partition count (config or live cluster; live wins, the caller merges). */
  partitions?: Record<string, number>;
  title?: string;
  /** The webview's text metrics (boxes fit the full names); estimated until it has measured. */
  metrics?: TextMetrics;
}

export function buildViewModel(entry: TopologyEntry, options: Options = {}): GraphViewModel {
  const partitions = options.partitions ?? {};
  const m = options.metrics ?? ESTIMATED_METRICS;
  const model = entry.model;
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const edgeIds = new Set<string>();
  const internal = new Set(model.internalTopics);
  const addEdge = (edge: Omit<GraphEdge, 'id'>): void => {
    const id = `${edge.source}->${edge.target}${edge.sourcePort === undefined ? '' : `@${edge.sourcePort}`}`;
    if (edgeIds.has(id)) return;
    edgeIds.add(id);
    edges.push({ id, ...edge });
  };
  const badgesByNode = new Map<string, GraphBadge[]>();
  const graphBadges: GraphBadge[] = [];
  for (const f of entry.findings) {
    if (f.node === undefined) graphBadges.push(badgeOf(f));
    else badgesByNode.set(f.node, [...(badgesByNode.get(f.node) ?? []), badgeOf(f)]);
  }
  const topicNode = (topic: string, repartition: boolean): string => {
    const id = `topic:${topic}`;
    if (!nodes.has(id)) {
      const kind: GraphNodeKind = repartition || (internal.has(topic) && topic.endsWith('-repartition')) ? 'repartition' : 'topic';
      const node: GraphNode = { id, kind, label: topic, operator: kind === 'repartition' ? 'repartition topic' : 'topic', badges: [], width: boxWidth(m, topic, `${kind === 'repartition' ? 'repartition topic' : 'topic'} · 000 partitions (live)`), height: 40 };
      const count = partitions[topic];
      if (count !== undefined) node.partitions = count;
      nodes.set(id, node);
    }
    return id;
  };
  const groups = model.subTopologies.map((s) => ({ id: `sub-${s.id}`, label: `Sub-topology ${s.id}` }));
  for (const sub of model.subTopologies) {
    const group = `sub-${sub.id}`;
    for (const n of sub.nodes) nodes.set(n.name, nodeOf(n, group, entry.findings, badgesByNode.get(n.name) ?? [], m));
  }
  for (const sub of model.subTopologies) {
    for (const n of sub.nodes) {
      const outlets = nodes.get(n.name)?.outlets ?? [];
      for (const succ of n.successors) {
        if (!nodes.has(succ)) continue;
        const outlet = outlets.find((o) => o.target === succ);
        addEdge(outlet === undefined ? { source: n.name, target: succ, kind: 'flow' } : { source: n.name, target: succ, sourcePort: outlet.id, kind: 'flow' });
      }
      if (n.kind === 'source') for (const t of n.topics) addEdge({ source: topicNode(t, n.internal === true), target: n.name, kind: 'topic' });
      if (n.kind === 'sink' && n.topic !== undefined) addEdge({ source: n.name, target: topicNode(n.topic, n.internal === true), kind: 'topic' });
    }
  }
  for (const store of model.stores) {
    const id = `store:${store.name}`;
    const owner = store.processors.map((p) => nodes.get(p)).find((n) => n !== undefined);
    const storeNode: GraphNode = { id, kind: 'store', label: store.name, operator: `${store.kind} store`, badges: [], width: boxWidth(m, store.name, `${store.kind} store`), height: 40 };
    if (owner?.group !== undefined) storeNode.group = owner.group;
    nodes.set(id, storeNode);
    for (const p of store.processors) if (nodes.has(p)) addEdge({ source: p, target: id, kind: 'store' });
    if (store.changelogTopic !== undefined) {
      const cid = `changelog:${store.changelogTopic}`;
      const count = partitions[store.changelogTopic];
      const changelog: GraphNode = { id: cid, kind: 'changelog', label: store.changelogTopic, operator: 'changelog topic', badges: [], width: boxWidth(m, store.changelogTopic, 'changelog topic · 000 partitions (live)'), height: 40 };
      if (count !== undefined) changelog.partitions = count;
      nodes.set(cid, changelog);
      addEdge({ source: id, target: cid, kind: 'changelog' });
    }
  }
  return {
    key: topologyKey(entry.uri, entry.topologyIndex),
    title: options.title ?? `${basename(decodeURIComponent(entry.uri))} · topology ${entry.topologyIndex + 1}`,
    nodes: [...nodes.values()],
    edges,
    groups,
    badges: graphBadges,
  };
}

function nodeOf(n: TopologyNodeModel, group: string, findings: FindingBadge[], badges: GraphBadge[], m: TextMetrics): GraphNode {
  const location = locationOf(n.location);
  // The subtitle as the webview draws it (operator · file:line).
  const sub = (operator: string): string => `${operator}${location === undefined ? '' : ` · ${location.display}`}`;
  const base = { id: n.name, label: n.name, group, badges, height: 44 };
  let node: GraphNode;
  if (n.kind === 'source') {
    node = { ...base, kind: 'source', operator: 'source', topics: [...n.topics], width: boxWidth(m, n.name, sub('source')) };
  } else if (n.kind === 'sink') {
    const operator = n.topicExtractor === true ? 'sink (topic extractor)' : 'sink';
    node = { ...base, kind: 'sink', operator, width: boxWidth(m, n.name, sub(operator)) };
    if (n.topic !== undefined) node.topics = [n.topic];
  } else if (n.branch !== undefined) {
    const outlets = outletsOf(n, findings);
    node = { ...base, kind: 'branch', operator: n.operator, outlets, width: boxWidth(m, n.name, sub(n.operator), outlets.map((o) => (o.isDefault ? 'default' : o.label))), height: NODE_HEADER + outlets.length * OUTLET_ROW + 6 };
  } else {
    node = { ...base, kind: 'processor', operator: n.operator, width: boxWidth(m, n.name, sub(n.operator)) };
  }
  if (location !== undefined) node.location = location;
  return node;
}

/** The innermost node whose code contains an editor position (0-based), for cursor highlighting. */
export function nodeAtPosition(model: GraphViewModel, file: string, line: number, character: number): string | undefined {
  let best: string | undefined;
  let bestSize = Number.POSITIVE_INFINITY;
  for (const node of model.nodes) {
    const loc = node.location;
    if (loc === undefined || loc.file !== file) continue;
    const after = line > loc.start.line || (line === loc.start.line && character >= loc.start.character);
    const before = line < loc.end.line || (line === loc.end.line && character <= loc.end.character);
    if (!after || !before) continue;
    const size = (loc.end.line - loc.start.line) * 10_000 + (loc.end.character - loc.start.character);
    if (size < bestSize) {
      best = node.id;
      bestSize = size;
    }
  }
  return best;
}
