// Kafka Streams' TopologyDescription: the exact text of `describe().toString()` and the shared JSON model.
import type {
  ProcessorNodeModel,
  SinkNodeModel,
  SourceNodeModel,
  StoreModel,
  SubTopologyModel,
  TopologyModel,
  TopologyNodeModel,
} from '../model/topology-model';
import type { NodeDef, TopologyDefs } from '../processor/node-defs';
import { copartitionGroupsOf, groupsOf, isGlobalGroup, javaCompare } from '../processor/topology-internals';
import { javaHashSetOrder, javaIncrementalHashOrder } from './java-hash-set';
import { JavaTreeSet } from './java-tree-set';

interface Described {
  def: NodeDef;
  /** Kafka's `size`: grown by updateSize() while edges are added, so insertion-time dependent. */
  size: number;
  successorSet: JavaTreeSet<Described>;
  predecessorSet: JavaTreeSet<Described>;
  successors: Described[];
  predecessors: Described[];
}

/** Kafka's NodeComparator: bigger sub-tree first, then by name. */
function compareNodes(a: Described, b: Described): number {
  if (a === b) return 0;
  if (a.size !== b.size) return b.size - a.size;
  return javaCompare(a.def.name, b.def.name);
}

function updateSize(node: Described, delta: number): void {
  node.size += delta;
  for (const p of node.predecessorSet.toArray()) updateSize(p, delta);
}

/**
 * InternalTopologyBuilder.describeSubtopology, step by step: nodes come out of a HashSet/HashMap
 * (Java hash order), each edge is inserted into TreeSets ordered by sizes as they are at that moment.
 */
function describeGroup(nodes: NodeDef[]): Described[] {
  const defs = new Map(nodes.map((d) => [d.name, d]));
  const byName = new Map<string, Described>();
  for (const name of javaIncrementalHashOrder(nodes.map((d) => d.name))) {
    const def = defs.get(name);
    if (def === undefined) continue;
    byName.set(name, {
      def,
      size: 1,
      successorSet: new JavaTreeSet(compareNodes),
      predecessorSet: new JavaTreeSet(compareNodes),
      successors: [],
      predecessors: [],
    });
  }
  for (const node of byName.values()) {
    for (const p of node.def.predecessors) {
      const pred = byName.get(p);
      if (pred === undefined) continue;
      node.predecessorSet.add(pred);
      pred.successorSet.add(node);
      updateSize(pred, node.size);
    }
  }
  for (const d of byName.values()) {
    d.successors = d.successorSet.toArray();
    d.predecessors = d.predecessorSet.toArray();
  }
  return [...byName.values()].sort(compareNodes);
}

function names(list: Described[]): string {
  return list.length === 0 ? 'none' : list.map((d) => d.def.name).join(', ');
}

function nodeText(d: Described): string {
  const def = d.def;
  if (def.kind === 'source') {
    return `Source: ${def.name} (topics: [${javaHashSetOrder(def.topics).join(', ')}])\n      --> ${names(d.successors)}`;
  }
  if (def.kind === 'processor') {
    return `Processor: ${def.name} (stores: [${javaHashSetOrder(def.stores).join(', ')}])\n      --> ${names(d.successors)}\n      <-- ${names(d.predecessors)}`;
  }
  const target = def.topic !== undefined ? `topic: ${def.topic}` : `extractor class: ${extractorName(def.extractor)}`;
  return `Sink: ${def.name} (${target})\n      <-- ${names(d.predecessors)}`;
}

function extractorName(fn: unknown): string {
  return typeof fn === 'function' && fn.name !== '' ? fn.name : '<anonymous topic extractor>';
}

export class TopologyDescription {
  private readonly subtopologies: { id: number; nodes: Described[]; global: boolean }[];
  constructor(private readonly defs: TopologyDefs) {
    this.subtopologies = groupsOf(defs).map((g) => ({ id: g.id, nodes: describeGroup(g.nodes), global: isGlobalGroup(g) }));
  }

  toString(): string {
    let out = 'Topologies:\n ';
    for (const st of this.subtopologies) {
      if (st.global) {
        // Kafka's GlobalStore.toString(): the source, then the processor, no blank line after.
        const source = st.nodes.find((d) => d.def.kind === 'source');
        const processor = st.nodes.find((d) => d.def.kind === 'processor');
        if (source !== undefined && processor !== undefined) {
          out += `  Sub-topology: ${st.id} for global store (will not generate tasks)\n    ${nodeText(source)}\n    ${nodeText(processor)}\n`;
          continue;
        }
      }
      out += `  Sub-topology: ${st.id}\n`;
      for (const d of st.nodes) out += `    ${nodeText(d)}\n`;
      out += '\n';
    }
    return out;
  }

  /** The shared topology model (plain JSON) read by the analyzer and the graph panel. */
  toJSON(): TopologyModel {
    const subTopologies: SubTopologyModel[] = this.subtopologies.map((st) => {
      const nodes = st.nodes.map(toModel);
      const sourceTopics = nodes.flatMap((n) => (n.kind === 'source' ? n.topics : []));
      return st.global ? { id: st.id, globalStore: true, nodes, sourceTopics } : { id: st.id, nodes, sourceTopics };
    });
    const processorsByStore = new Map<string, string[]>();
    for (const n of this.defs.nodes) {
      if (n.kind !== 'processor') continue;
      for (const s of n.stores) processorsByStore.set(s, [...(processorsByStore.get(s) ?? []), n.name]);
    }
    const stores: StoreModel[] = this.defs.stores.map((s) => ({
      name: s.name,
      kind: s.kind,
      ...(s.global === true ? { global: true } : {}),
      ...(s.changelog ? { changelogTopic: `${s.name}-changelog` } : {}),
      processors: processorsByStore.get(s.name) ?? [],
    }));
    const internalTopics: string[] = [];
    for (const n of this.defs.nodes) if (n.kind === 'source' && n.internal) internalTopics.push(...n.topics);
    for (const s of stores) if (s.changelogTopic !== undefined) internalTopics.push(s.changelogTopic);
    const copartitionGroups = copartitionGroupsOf(this.defs);
    return { version: 1, subTopologies, stores, internalTopics, ...(copartitionGroups.length > 0 ? { copartitionGroups } : {}) };
  }
}

function toModel(d: Described): TopologyNodeModel {
  const base = { name: d.def.name, successors: d.successors.map((s) => s.def.name), predecessors: d.predecessors.map((p) => p.def.name) };
  const def = d.def;
  if (def.kind === 'source') {
    const m: SourceNodeModel = { ...base, kind: 'source', topics: javaHashSetOrder(def.topics) };
    if (def.internal) m.internal = true;
    return m;
  }
  if (def.kind === 'processor') {
    const m: ProcessorNodeModel = { ...base, kind: 'processor', operator: def.operator, stores: [...def.stores] };
    if (def.branch !== undefined) {
      const b = def.branch;
      m.branch = {
        predicates: b.outlets.map((outlet, index) => {
          const branchName = b.branchNames[index];
          return branchName === undefined ? { index, outlet } : { index, outlet, branchName };
        }),
        hasDefault: b.defaultOutlet !== undefined,
        ...(b.defaultOutlet !== undefined ? { defaultOutlet: b.defaultOutlet } : {}),
      };
    }
    return m;
  }
  const m: SinkNodeModel = { ...base, kind: 'sink' };
  if (def.topic !== undefined) m.topic = def.topic;
  else m.topicExtractor = true;
  if (def.internal) m.internal = true;
  if (def.numberOfPartitions !== undefined) m.numberOfPartitions = def.numberOfPartitions;
  return m;
}
