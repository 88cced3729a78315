// Synthetic topologies of a given drawn size for the graph benchmark (and ad-hoc layout checks).
import type { BranchPredicateModel, SubTopologyModel, TopologyModel, TopologyNodeModel } from 'streamwise/model';
import type { TopologyEntry } from '../../server/src/protocol';

export /** A topology of ~`target` drawn nodes: sub-topologies of source -> filter -> mapValues -> split(3 + default) -> sinks, some with a count store. */
function syntheticEntry(target: number, salt: number): TopologyEntry {
  const subs: SubTopologyModel[] = [];
  const stores: TopologyModel['stores'] = [];
  let drawn = 0;
  for (let i = 0; drawn < target; i++) {
    const p = `${salt}-${i}`;
    const nodes: TopologyNodeModel[] = [];
    const link = (a: TopologyNodeModel, b: TopologyNodeModel) => { a.successors.push(b.name); b.predecessors.push(a.name); };
    const src: TopologyNodeModel = { kind: 'source', name: `SRC-${p}`, topics: [`in-${p}`], successors: [], predecessors: [] };
    const filter: TopologyNodeModel = { kind: 'processor', name: `FILTER-${p}`, operator: 'filter', stores: [], successors: [], predecessors: [] };
    const map: TopologyNodeModel = { kind: 'processor', name: `MAPVALUES-${p}`, operator: 'mapValues', stores: [], successors: [], predecessors: [] };
    const predicates: BranchPredicateModel[] = [0, 1, 2].map((k) => ({ index: k, outlet: `BR-${p}-${k}`, text: `(_k, v) => v.path.startsWith('/p${k}')` }));
    const split: TopologyNodeModel = { kind: 'processor', name: `SPLIT-${p}`, operator: 'split', stores: [], successors: [], predecessors: [], branch: { predicates, hasDefault: true, defaultOutlet: `BR-${p}-3` } };
    link(src, filter); link(filter, map); link(map, split);
    nodes.push(src, filter, map, split);
    drawn += 5;
    for (let k = 0; k < 4; k++) {
      const child: TopologyNodeModel = { kind: 'processor', name: `BR-${p}-${k}`, operator: 'branchChild', stores: [], successors: [], predecessors: [] };
      const sink: TopologyNodeModel = { kind: 'sink', name: `SINK-${p}-${k}`, topic: `out-${p}-${k}`, successors: [], predecessors: [] };
      link(split, child); link(child, sink);
      nodes.push(child, sink);
      drawn += 3;
    }
    if (i % 3 === 0) {
      const count: TopologyNodeModel = { kind: 'processor', name: `COUNT-${p}`, operator: 'count', stores: [`store-${p}`], successors: [], predecessors: [] };
      link(map, count);
      nodes.push(count);
      stores.push({ name: `store-${p}`, kind: 'key-value', changelogTopic: `store-${p}-changelog`, processors: [count.name] });
      drawn += 3;
    }
    subs.push({ id: i, nodes, sourceTopics: [`in-${p}`] });
  }
  const model: TopologyModel = { version: 1, subTopologies: subs, stores, internalTopics: stores.map((s) => s.changelogTopic ?? '') };
  const zero = { line: 0, character: 0 };
  return { uri: `file:///bench/t${salt}.ts`, range: { start: zero, end: zero }, topologyIndex: 0, model, findings: [], run: { brokers: [], instances: 1 } };
}
