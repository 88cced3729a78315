// Turns extraction state into the shared topology model: Kafka-style node names, sub-topologies
// (connected components, joined through shared stores), stores and internal topics.
import type { StoreModel, SubTopologyModel, TopologyModel, TopologyNodeModel } from 'streamwise/model';
import { locationOf, rangeOf, callLocationStart, type Range1 } from '../locations';
import { AUTO, DERIVED, STORE_KEY, type BuilderState, type NodeState } from './types';

export interface ExtractedTopology {
  /** Stable id of the topology (its builder's `new StreamsBuilder()` position). */
  id: string;
  model: TopologyModel;
  /** Where the topology is built: the first `build()` call, else the builder. */
  file: string;
  range: Range1;
}

export interface BuiltTopology {
  extracted: ExtractedTopology;
  /** The builder's `new StreamsBuilder()`: the function around it is the topology's factory. */
  newExpr: import('ts-morph').NewExpression;
  /** Node by its final name, and the sub-topology of each node. */
  nodes: Map<string, { state: NodeState; model: TopologyNodeModel; subTopology: number; index: number }>;
  subTopologies: { id: number; sourceTopics: string[]; internalSources: string[]; upstreamOfInternal: Map<string, number>; /** A global store's sub-topology: no tasks. */ global?: boolean }[];
}

function compareOrder(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

const pad = (n: number): string => String(n).padStart(10, '0');

const GENERATED = /^KSTREAM.*-[0-9]{10}$/;

export function buildModel(b: BuilderState): BuiltTopology {
  const all = [...b.nodes.values()].sort((x, y) => compareOrder(x.order, y.order));
  const storeNames = new Map<string, string>();
  const storeName = (s: string): string => {
    if (s.startsWith(DERIVED)) {
      // `<generated name of the node, its prefix replaced when asked>-store` (KStreamImplJoin's store names).
      const [key = '', prefix = ''] = s.slice(DERIVED.length).split(STORE_KEY);
      const node = b.nodes.get(key);
      const gen = node?.generatedName ?? node?.name ?? key;
      return `${prefix === '' || node === undefined ? gen : prefix + gen.slice(node.prefix.length)}-store`;
    }
    for (const [placeholder, name] of storeNames) if (s.startsWith(placeholder)) return name + s.slice(placeholder.length);
    return s;
  };
  let counter = 0;
  // Stores a silent phantom reserves draw at the phantom's position (toTable: after its node).
  const reservedLater = new Set(all.filter((n) => n.phantom === 'silent').flatMap((n) => n.reservedStores ?? []));
  for (const node of all) {
    for (const store of [...(node.reservedStores ?? []), ...node.stores]) {
      if (node.phantom !== 'silent' && reservedLater.has(store)) continue;
      if (store.startsWith(AUTO) && !storeNames.has(store)) {
        const base = store.slice(AUTO.length, store.indexOf(STORE_KEY));
        storeNames.set(store, `${base}${pad(counter)}`);
        counter += 1;
      }
    }
    if (node.phantom === 'silent') continue;
    if (node.noCounter === true && node.fixedName !== undefined) {
      node.name = node.fixedName;
      continue;
    }
    node.generatedName = `${node.prefix}${pad(counter)}`;
    node.name = node.fixedName ?? (node.nameFrom === undefined ? node.generatedName : `${node.nameFrom.node.name}${node.nameFrom.suffix}`);
    counter += 1;
    const rp = node.repartition;
    if (rp !== undefined) {
      // As Kafka's createRepartitionedSource: the topic is `<prefix>-repartition`; the three nodes
      // keep their counter names only when the prefix is a generated name.
      const prefix = rp.prefixFrom?.name ?? storeName(rp.prefix ?? '');
      const topic = prefix.endsWith('-repartition') ? prefix : `${prefix}-repartition`;
      if (rp.keepNames !== true && !GENERATED.test(prefix)) node.name = `${topic}-${rp.role}`;
      if (node.kind === 'sink') node.topic = topic;
      if (node.kind === 'source') node.topics = [topic];
    }
  }
  const fix = storeName;
  const nodes = all.filter((n) => n.phantom === undefined && !mergeShared(n, all));
  for (const node of nodes) {
    node.stores = node.stores.map(fix);
    if (node.topic !== undefined) node.topic = fix(node.topic);
    if (node.topics !== undefined) node.topics = node.topics.map(fix);
  }

  // Sub-topologies: connected components over edges and shared stores.
  const parent = new Map<NodeState, NodeState>();
  const find = (n: NodeState): NodeState => {
    let root = n;
    while (parent.get(root) !== undefined && parent.get(root) !== root) root = parent.get(root) ?? root;
    parent.set(n, root);
    return root;
  };
  const union = (x: NodeState, y: NodeState): void => {
    const a = find(x);
    const c = find(y);
    if (a !== c) parent.set(c, a);
  };
  for (const node of nodes) parent.set(node, node);
  const byStore = new Map<string, NodeState>();
  for (const node of nodes) {
    for (const s of node.successors) union(node, s);
    for (const store of node.stores) {
      const other = byStore.get(store);
      if (other === undefined) byStore.set(store, node);
      else union(node, other);
    }
  }
  const groups = new Map<NodeState, NodeState[]>();
  for (const node of nodes) {
    const root = find(node);
    const list = groups.get(root) ?? [];
    list.push(node);
    groups.set(root, list);
  }
  const ordered = [...groups.values()].map(topological).sort((x, y) => compareOrder(x[0]?.order ?? [], y[0]?.order ?? []));

  const result: BuiltTopology['nodes'] = new Map();
  const subModels: SubTopologyModel[] = [];
  const subInfo: BuiltTopology['subTopologies'] = [];
  const internalTopics = new Set<string>();
  const sinkSub = new Map<string, number>();
  ordered.forEach((group, id) => {
    const models = group.map((n) => toModel(n));
    const sourceTopics = [...new Set(group.flatMap((n) => (n.kind === 'source' ? (n.topics ?? []) : [])))];
    const internalSources = [...new Set(group.flatMap((n) => (n.kind === 'source' && n.internal === true ? (n.topics ?? []) : [])))];
    const global = group.some((n) => n.kind === 'source' && n.globalSource === true);
    subModels.push(global ? { id, globalStore: true, nodes: models, sourceTopics } : { id, nodes: models, sourceTopics });
    subInfo.push({ id, sourceTopics, internalSources, upstreamOfInternal: new Map(), ...(global ? { global } : {}) });
    group.forEach((n, index) => {
      const model = models[index];
      if (model !== undefined) result.set(n.name, { state: n, model, subTopology: id, index });
      if (n.kind === 'sink' && n.internal === true && n.topic !== undefined) {
        internalTopics.add(n.topic);
        sinkSub.set(n.topic, id);
      }
    });
  });
  for (const info of subInfo) for (const topic of info.internalSources) info.upstreamOfInternal.set(topic, sinkSub.get(topic) ?? -1);

  const stores: StoreModel[] = [...b.stores.values()].map((s) => {
    const name = fix(s.name);
    const processors = s.processors.map((k) => b.nodes.get(k)?.name ?? k);
    // A global store restores from its source topic: no changelog.
    if (s.global === true) return { name, kind: s.kind, global: true, processors };
    // Logging disabled (a suppress buffer's withLoggingDisabled, addStateStore({ changelog: false })).
    if (!s.changelog) return { name, kind: s.kind, processors };
    internalTopics.add(`${name}-changelog`);
    return { name, kind: s.kind, changelogTopic: `${name}-changelog`, processors };
  });

  const anchor = b.buildCalls[0] ?? b.newExpr;
  const start = callLocationStart(anchor);
  const copartitionGroups = copartitionGroupsOf(nodes);
  const model: TopologyModel = {
    version: 1, subTopologies: subModels, stores, internalTopics: [...internalTopics],
    ...(copartitionGroups.length > 0 ? { copartitionGroups } : {}), location: locationOf(anchor, start),
  };
  return {
    extracted: { id: b.id, model, file: anchor.getSourceFile().getFilePath(), range: rangeOf(anchor, start) },
    newExpr: b.newExpr,
    nodes: result,
    subTopologies: subInfo,
  };
}

/** Operators that co-partition their inputs (Kafka's ensureCopartitionWith): stream-table joins, and
 *  the merge nodes of stream-stream and table-table joins. */
const COPARTITIONING = new Set(['join', 'leftJoin', 'streamJoin', 'streamLeftJoin', 'streamOuterJoin', 'tableJoin', 'tableLeftJoin', 'tableOuterJoin']);

/** Per join, the source topics upstream of its inputs, sorted, each group once (the runtime's copartitionGroupsOf). */
function copartitionGroupsOf(nodes: NodeState[]): string[][] {
  const groups = new Map<string, string[]>();
  for (const n of nodes) {
    if (n.kind !== 'processor' || n.operator === undefined || !COPARTITIONING.has(n.operator)) continue;
    const topics = new Set<string>();
    const seen = new Set<NodeState>();
    const pending = [n, ...(n.copartitionWith ?? [])];
    for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
      if (seen.has(node)) continue;
      seen.add(node);
      if (node.kind === 'source') for (const t of node.topics ?? []) topics.add(t);
      else pending.push(...node.predecessors);
    }
    const group = [...topics].sort();
    if (group.length > 1) groups.set(group.join('\u0000'), group);
  }
  return [...groups.values()];
}

/** Sources first, then each node after its predecessors (ties in source order), like describe(). */
/**
 * Nodes that exist once in Kafka's topology though the code creates them more than once (they keep
 * their counter values): repartitions with the same share key (unnamed joins of one stream, the
 * aggregations of one named grouped stream) and stream sources on the same topics
 * (mergeDuplicateSourceNodes). True when `node` is such a duplicate: its successors move to the first.
 */
function mergeShared(node: NodeState, ordered: NodeState[]): boolean {
  const instance = (n: NodeState): string => n.key.replace(/#rp-(sink|filter|source)(-r)?\|/, '#rp$2|');
  let keep: NodeState | undefined;
  const share = node.repartition?.shareKey;
  if (share !== undefined) {
    const first = ordered.find((n) => n.repartition?.shareKey === share && n.repartition.role === node.repartition?.role);
    if (first === undefined || instance(first) === instance(node)) return false;
    keep = first;
  } else if (node.kind === 'source' && node.internal !== true && node.tableSource !== true && node.unknownTopics !== true) {
    const topics = [...(node.topics ?? [])].sort().join('\u0000');
    keep = ordered.find((n) => n.kind === 'source' && n.internal !== true && n.tableSource !== true && n.unknownTopics !== true && [...(n.topics ?? [])].sort().join('\u0000') === topics);
    if (keep === undefined || keep === node) return false;
  } else {
    return false;
  }
  for (const s of node.successors) {
    s.predecessors = s.predecessors.filter((p) => p !== node);
    if (node.kind === 'source' || node.repartition?.role === 'source') link(keep, s);
  }
  for (const p of node.predecessors) p.successors = p.successors.filter((s) => s !== node);
  node.successors = [];
  node.predecessors = [];
  return true;
}

function link(from: NodeState, to: NodeState): void {
  if (!from.successors.includes(to)) from.successors.push(to);
  if (!to.predecessors.includes(from)) to.predecessors.push(from);
}

function topological(group: NodeState[]): NodeState[] {
  const members = new Set(group);
  const pending = new Map(group.map((n) => [n, n.predecessors.filter((p) => members.has(p)).length]));
  const out: NodeState[] = [];
  while (out.length < group.length) {
    const ready = group.filter((n) => pending.get(n) === 0);
    const next = ready[0] ?? group.find((n) => !out.includes(n));
    if (next === undefined) break;
    out.push(next);
    pending.set(next, -1);
    for (const s of next.successors) {
      const count = pending.get(s);
      if (count !== undefined && count > 0) pending.set(s, count - 1);
    }
  }
  return out;
}

function toModel(n: NodeState): TopologyNodeModel {
  const base = { name: n.name, successors: n.successors.map((s) => s.name), predecessors: n.predecessors.map((p) => p.name), location: n.location };
  if (n.kind === 'source') return { ...base, kind: 'source', topics: n.topics ?? [], ...(n.internal === true ? { internal: true } : {}) };
  if (n.kind === 'sink') {
    return { ...base, kind: 'sink', ...(n.topic === undefined ? {} : { topic: n.topic }), ...(n.topicExtractor === true ? { topicExtractor: true } : {}), ...(n.internal === true ? { internal: true } : {}), ...(n.numberOfPartitions === undefined ? {} : { numberOfPartitions: n.numberOfPartitions }) };
  }
  const model: TopologyNodeModel = { ...base, kind: 'processor', operator: n.operator ?? 'other', stores: n.stores };
  if (n.branch !== undefined) {
    const info = n.branch;
    model.branch = {
      predicates: info.predicates.map((p) => ({
        index: p.index, outlet: p.outlet.name, ...(info.api === 'split' ? { branchName: p.outlet.name } : {}),
        text: p.expr.getText(), location: locationOf(p.expr),
      })),
      hasDefault: info.hasDefault,
      ...(info.defaultOutlet === undefined ? {} : { defaultOutlet: info.defaultOutlet.name }),
    };
  }
  return model;
}
