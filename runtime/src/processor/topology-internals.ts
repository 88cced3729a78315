// What a runner needs from a built Topology, without the DSL: sub-topologies (as Kafka groups
// them), their topics and stores.
import type { Topology } from '../topology';
import type { NodeDef, StoreDef, TopologyDefs } from './node-defs';

export interface SubTopologyPlan {
  id: number;
  /** As users name them; internal ones unprefixed (`<name>-repartition`). */
  sourceTopics: string[];
  /** The subset that is internal (prefixed `<appId>-` on a cluster). */
  internalSourceTopics: string[];
  sinkTopics: string[];
  internalSinkTopics: string[];
  /** Internal sink topics with an enforced partition count (Repartitioned.numberOfPartitions). */
  enforcedPartitions?: Record<string, number>;
  /** `changelogConfigs`: the changelog topic's configs, as Kafka's InternalTopologyBuilder creates it. */
  stores: { name: string; changelogTopic: string; changelogConfigs?: Record<string, string> }[];
}

/** Kafka's windowstore.changelog.additional.retention.ms default: one day past the store's retention. */
export const WINDOW_CHANGELOG_ADDITIONAL_RETENTION_MS = 86_400_000;

/** A changelog's topic configs (Kafka's UnwindowedUnversionedChangelogTopicConfig: compacted;
 *  WindowedChangelogTopicConfig for window and session stores: compacted and deleted after the
 *  store's retention plus a day). */
export function changelogTopicConfigs(store: StoreDef): Record<string, string> {
  const retention = store.window?.retentionMs ?? store.session?.retentionMs;
  if (retention === undefined) return { 'cleanup.policy': 'compact' };
  return { 'cleanup.policy': 'compact,delete', 'retention.ms': String(retention + WINDOW_CHANGELOG_ADDITIONAL_RETENTION_MS) };
}

export interface SubTopologyGroup {
  id: number;
  nodes: NodeDef[];
}

/** The definitions behind a Topology (nodes, stores). */
export function defsOf(topology: Topology): TopologyDefs {
  return topology.defs;
}

/**
 * Kafka's node grouping: nodes connected by an edge or by a shared store form one sub-topology;
 * ids follow the order nodes were added (topological order: upstream sub-topologies first).
 */
export function groupsOf(defs: TopologyDefs): SubTopologyGroup[] {
  const parent = new Map<string, string>();
  const find = (n: string): string => {
    let r = n;
    for (let p = parent.get(r); p !== undefined && p !== r; p = parent.get(r)) r = p;
    parent.set(n, r);
    return r;
  };
  const union = (a: string, b: string): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  for (const n of defs.nodes) parent.set(n.name, n.name);
  const storeOwner = new Map<string, string>();
  for (const n of defs.nodes) {
    for (const p of n.predecessors) union(n.name, p);
    if (n.kind === 'processor') {
      for (const s of n.stores) {
        const owner = storeOwner.get(s);
        if (owner === undefined) storeOwner.set(s, n.name);
        else union(n.name, owner);
      }
    }
  }
  const byName = new Map(defs.nodes.map((n) => [n.name, n]));
  const groups = new Map<string, SubTopologyGroup>();
  const result: SubTopologyGroup[] = [];
  for (const { name } of defs.nodes) {
    const root = find(name);
    let g = groups.get(root);
    if (g === undefined) {
      g = { id: result.length, nodes: [] };
      groups.set(root, g);
      result.push(g);
    }
    const def = byName.get(name);
    if (def !== undefined) g.nodes.push(def);
  }
  return result;
}

/** Java's String.compareTo (UTF-16 code units), which JS's < already is. */
export function javaCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function storesOfGroup(defs: TopologyDefs, group: SubTopologyGroup): StoreDef[] {
  const names = new Set<string>();
  for (const n of group.nodes) if (n.kind === 'processor') for (const s of n.stores) names.add(s);
  return defs.stores.filter((s) => names.has(s.name));
}

/** True for a global store's group (source + KTableSource): it makes no tasks (Kafka's
 *  "Sub-topology: N for global store (will not generate tasks)"). */
export function isGlobalGroup(group: SubTopologyGroup): boolean {
  return group.nodes.some((n) => n.kind === 'source' && n.global === true);
}

export function planOf(topology: Topology): SubTopologyPlan[] {
  const defs = defsOf(topology);
  return groupsOf(defs).filter((g) => !isGlobalGroup(g)).map((g) => {
    const sourceTopics: string[] = [];
    const internalSourceTopics: string[] = [];
    const sinkTopics: string[] = [];
    const internalSinkTopics: string[] = [];
    const enforcedPartitions: Record<string, number> = {};
    for (const n of g.nodes) {
      if (n.kind === 'source') {
        for (const t of n.topics) addOnce(sourceTopics, t);
        if (n.internal) for (const t of n.topics) addOnce(internalSourceTopics, t);
      } else if (n.kind === 'sink' && n.topic !== undefined) {
        addOnce(sinkTopics, n.topic);
        if (n.internal) addOnce(internalSinkTopics, n.topic);
        if (n.internal && n.numberOfPartitions !== undefined) enforcedPartitions[n.topic] = n.numberOfPartitions;
      }
    }
    const stores = storesOfGroup(defs, g)
      .filter((s) => s.changelog)
      .map((s) => ({ name: s.name, changelogTopic: `${s.name}-changelog`, changelogConfigs: changelogTopicConfigs(s) }));
    return { id: g.id, sourceTopics, internalSourceTopics, sinkTopics, internalSinkTopics, ...(Object.keys(enforcedPartitions).length > 0 ? { enforcedPartitions } : {}), stores };
  });
}

/**
 * Kafka's InternalTopologyBuilder.copartitionGroups(): per join, the source topics feeding its
 * inputs (walking up to the source nodes), sorted; each group once.
 */
export function copartitionGroupsOf(defs: TopologyDefs): string[][] {
  const byName = new Map(defs.nodes.map((n) => [n.name, n]));
  const groups = new Map<string, string[]>();
  for (const n of defs.nodes) {
    if (n.kind !== 'processor' || n.copartition === undefined) continue;
    const topics = new Set<string>();
    const seen = new Set<string>();
    const pending = [n.name, ...n.copartition];
    for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
      if (seen.has(name)) continue;
      seen.add(name);
      const node = byName.get(name);
      if (node === undefined) continue;
      if (node.kind === 'source') for (const t of node.topics) topics.add(t);
      else pending.push(...node.predecessors);
    }
    const group = [...topics].sort(javaCompare);
    if (group.length > 1) groups.set(group.join('\u0000'), group);
  }
  return [...groups.values()];
}

/** Repartition topics with an enforced partition count (unprefixed name -> count), for every runner. */
export function enforcedPartitionsOf(defs: TopologyDefs): Map<string, number> {
  const out = new Map<string, number>();
  for (const n of defs.nodes) if (n.kind === 'sink' && n.internal && n.topic !== undefined && n.numberOfPartitions !== undefined) out.set(n.topic, n.numberOfPartitions);
  return out;
}

function addOnce(list: string[], item: string): void {
  if (!list.includes(item)) list.push(item);
}
