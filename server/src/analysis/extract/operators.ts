// What each DSL method does to the topology under construction.
import { Node, type CallExpression } from 'ts-morph';
import type { OperatorKind } from 'streamwise/model';
import { nodeKey } from '../locations';
import { isStreamwiseMethod } from '../symbols';
import { resolveValue, UNKNOWN } from '../values';
import { splitterOp } from './branching';
import { flow, link, type ExtractionState } from './flow';
import { addCallback, addStore, getNode, optionName, unresolvedName } from './nodes';
import { AUTO, type BuilderState, type Ctx, type NodeState, type Value } from './types';

const STREAM_OPS: Record<string, { prefix: string; operator: OperatorKind; keyChanged?: boolean; callback?: boolean }> = {
  filter: { prefix: 'KSTREAM-FILTER-', operator: 'filter', callback: true },
  filterNot: { prefix: 'KSTREAM-FILTER-', operator: 'filterNot', callback: true },
  map: { prefix: 'KSTREAM-MAP-', operator: 'map', keyChanged: true, callback: true },
  mapValues: { prefix: 'KSTREAM-MAPVALUES-', operator: 'mapValues', callback: true },
  flatMap: { prefix: 'KSTREAM-FLATMAP-', operator: 'flatMap', keyChanged: true, callback: true },
  flatMapValues: { prefix: 'KSTREAM-FLATMAPVALUES-', operator: 'flatMapValues', callback: true },
  selectKey: { prefix: 'KSTREAM-KEY-SELECT-', operator: 'selectKey', keyChanged: true, callback: true },
  peek: { prefix: 'KSTREAM-PEEK-', operator: 'peek', callback: true },
  foreach: { prefix: 'KSTREAM-FOREACH-', operator: 'foreach', callback: true },
  process: { prefix: 'KSTREAM-PROCESSOR-', operator: 'process', keyChanged: true, callback: true },
};

/** Methods extraction models, per kind of value; any other DSL method marks the topology's facts incomplete. */
const MODELLED: Record<Value['kind'], ReadonlySet<string>> = {
  builder: new Set(['stream', 'table', 'build', 'addStateStore']),
  stream: new Set([...Object.keys(STREAM_OPS), 'to', 'merge', 'merge#other', 'join', 'leftJoin', 'groupByKey', 'groupBy', 'branch', 'split']),
  table: new Set(['join#table', 'leftJoin#table', 'toStream', 'filter', 'filterNot', 'mapValues']),
  grouped: new Set(['windowedBy', 'count', 'reduce', 'aggregate']),
  splitter: new Set(['branch', 'defaultBranch', 'noDefaultBranch']),
  branches: new Set(),
  splitMap: new Set(),
  topology: new Set(['describe']),
};

export function applyOperator(state: ExtractionState, value: Value, method: string, call: CallExpression, ctx: Ctx): void {
  // The receiver is a traced streamwise value, so its methods are the DSL's: only an argument
  // position (merge(other), join(table)) needs the callee's symbol checked.
  if (method.includes('#') && !isStreamwiseMethod(call.getExpression())) return;
  const b = value.b;
  if (!MODELLED[value.kind].has(method)) b.unmodelled.add(method);
  const args = call.getArguments();
  const next = (v: Value): void => flow(state, v, call, ctx);
  switch (value.kind) {
    case 'builder':
      return builderOp(state, b, method, call, ctx);
    case 'stream': {
      const op = STREAM_OPS[method];
      if (op !== undefined) {
        const node = getNode(b, call, method, 0, ctx, { kind: 'processor', prefix: op.prefix, operator: op.operator });
        link(value.node, node);
        addCallback(b, args[0], method, call);
        if (method === 'process') connectStores(b, node, args[1]);
        if (method !== 'foreach') next({ kind: 'stream', b, node, keyChanged: value.keyChanged || op.keyChanged === true });
        return;
      }
      return streamOp(state, value, method, call, ctx);
    }
    case 'table': {
      if (method === 'join#table' || method === 'leftJoin#table') {
        const op = method.slice(0, -'#table'.length);
        const node = getNode(b, call, op, 0, ctx, { kind: 'processor', prefix: op === 'join' ? 'KSTREAM-JOIN-' : 'KSTREAM-LEFTJOIN-', operator: op === 'join' ? 'join' : 'leftJoin' });
        if (value.store !== undefined && !node.stores.includes(value.store)) {
          node.stores.push(value.store);
          b.stores.get(value.store)?.processors.push(node.key);
        }
        return;
      }
      const ops: Record<string, [string, OperatorKind]> = {
        toStream: ['KTABLE-TOSTREAM-', 'toStream'], filter: ['KTABLE-FILTER-', 'tableFilter'], filterNot: ['KTABLE-FILTER-', 'tableFilter'], mapValues: ['KTABLE-MAPVALUES-', 'tableMapValues'],
      };
      const op = ops[method];
      if (op === undefined) return;
      const node = getNode(b, call, method, 0, ctx, { kind: 'processor', prefix: op[0], operator: op[1] });
      link(value.node, node);
      addCallback(b, args[0], `table.${method}`, call);
      if (method === 'toStream') next({ kind: 'stream', b, node, keyChanged: false });
      else next({ kind: 'table', b, node, ...(value.store === undefined ? {} : { store: value.store }) });
      return;
    }
    case 'grouped':
      return groupedOp(state, value, method, call, ctx);
    case 'splitter':
      return splitterOp(state, value, method, call, ctx);
    default:
      return;
  }
}

function builderOp(state: ExtractionState, b: BuilderState, method: string, call: CallExpression, ctx: Ctx): void {
  const args = call.getArguments();
  if (method === 'build') {
    if (!b.buildCalls.includes(call)) b.buildCalls.push(call);
    flow(state, { kind: 'topology', b }, call, ctx);
    return;
  }
  if (method === 'addStateStore') {
    const name = optionName(args[0]);
    if (name === undefined) b.unknownStoreNames = true;
    else if (!b.stores.has(name)) b.stores.set(name, { name, kind: 'key-value', changelog: true, processors: [] });
    flow(state, { kind: 'builder', b }, call, ctx);
    return;
  }
  if (method !== 'stream' && method !== 'table') return;
  const topicsValue = resolveValue(args[0]);
  const topics = typeof topicsValue === 'string' ? [topicsValue] : Array.isArray(topicsValue) ? topicsValue.filter((t): t is string => typeof t === 'string') : [];
  const unknownTopics = topicsValue === UNKNOWN || (Array.isArray(topicsValue) && topics.length !== topicsValue.length);
  const source = getNode(b, call, 'source', 0, ctx, { kind: 'source', prefix: 'KSTREAM-SOURCE-', topics, ...(unknownTopics ? { unknownTopics } : {}) });
  if (method === 'stream') {
    flow(state, { kind: 'stream', b, node: source, keyChanged: false }, call, ctx);
    return;
  }
  const named = optionName(args[1]);
  if (named === undefined && unresolvedName(args[1])) b.unknownStoreNames = true;
  const node = getNode(b, call, 'table', 1, ctx, { kind: 'processor', prefix: 'KTABLE-SOURCE-', operator: 'table' });
  link(source, node);
  const store = named ?? `${AUTO}${topics[0] ?? 'table'}-STATE-STORE-:${nodeKey(call)}`;
  addStore(b, store, 'key-value', node, named !== undefined);
  flow(state, { kind: 'table', b, node, store }, call, ctx);
}

function streamOp(state: ExtractionState, value: Extract<Value, { kind: 'stream' }>, method: string, call: CallExpression, ctx: Ctx): void {
  const b = value.b;
  const args = call.getArguments();
  const next = (v: Value): void => flow(state, v, call, ctx);
  switch (method) {
    case 'to': {
      const topic = resolveValue(args[0]);
      const extractor = args[0] !== undefined && (Node.isArrowFunction(args[0]) || Node.isFunctionExpression(args[0]));
      const sink = getNode(b, call, 'to', 0, ctx, {
        kind: 'sink', prefix: 'KSTREAM-SINK-', ...(typeof topic === 'string' ? { topic } : {}), ...(extractor ? { topicExtractor: true } : {}),
      });
      link(value.node, sink);
      if (extractor) addCallback(b, args[0], 'to', call);
      return;
    }
    case 'merge':
    case 'merge#other': {
      const node = getNode(b, call, 'merge', 0, ctx, { kind: 'processor', prefix: 'KSTREAM-MERGE-', operator: 'merge' });
      link(value.node, node);
      next({ kind: 'stream', b, node, keyChanged: value.keyChanged });
      return;
    }
    case 'join':
    case 'leftJoin': {
      const node = getNode(b, call, method, 0, ctx, { kind: 'processor', prefix: method === 'join' ? 'KSTREAM-JOIN-' : 'KSTREAM-LEFTJOIN-', operator: method });
      link(value.node, node);
      addCallback(b, args[1], method, call);
      next({ kind: 'stream', b, node, keyChanged: value.keyChanged });
      return;
    }
    case 'groupByKey':
      next({ kind: 'grouped', b, node: value.node, repartition: value.keyChanged, windowed: false });
      return;
    case 'groupBy': {
      const node = getNode(b, call, 'groupBy', 0, ctx, { kind: 'processor', prefix: 'KSTREAM-KEY-SELECT-', operator: 'selectKey' });
      link(value.node, node);
      addCallback(b, args[0], 'groupBy', call);
      next({ kind: 'grouped', b, node, repartition: true, windowed: false });
      return;
    }
    case 'branch': {
      const node = getNode(b, call, 'branch', 0, ctx, { kind: 'processor', prefix: 'KSTREAM-BRANCH-', operator: 'branch' });
      link(value.node, node);
      if (node.branch === undefined) {
        const complete = args.every((a) => !Node.isSpreadElement(a));
        node.branch = { api: 'branch', call, prefix: '', predicates: [], hasDefault: false, accessBeyond: [] };
        if (complete) {
          args.forEach((arg, index) => {
            const outlet = getNode(b, call, `child${index}`, index + 1, ctx, { kind: 'processor', prefix: 'KSTREAM-BRANCHCHILD-', operator: 'branchChild' });
            link(node, outlet);
            node.branch?.predicates.push({ expr: arg, index, outlet });
            addCallback(b, arg, 'branch', call);
          });
          b.branches.push(node);
        }
      }
      next({ kind: 'branches', b, branch: node });
      return;
    }
    case 'split': {
      const prefix = optionName(args[0]) ?? '';
      const node = getNode(b, call, 'split', 0, ctx, { kind: 'processor', prefix: 'KSTREAM-BRANCH-', operator: 'split', ...(prefix === '' ? {} : { fixedName: prefix, noCounter: true }) });
      link(value.node, node);
      if (node.branch === undefined) {
        node.branch = { api: 'split', call, prefix, predicates: [], hasDefault: false, accessBeyond: [] };
        b.branches.push(node);
      }
      next({ kind: 'splitter', b, branch: node });
      return;
    }
    default:
      return;
  }
}

function groupedOp(state: ExtractionState, value: Extract<Value, { kind: 'grouped' }>, method: string, call: CallExpression, ctx: Ctx): void {
  const b = value.b;
  const args = call.getArguments();
  if (method === 'windowedBy') {
    flow(state, { ...value, windowed: true }, call, ctx);
    return;
  }
  if (method !== 'count' && method !== 'reduce' && method !== 'aggregate') return;
  const optionsArg = args[method === 'count' ? 0 : method === 'reduce' ? 1 : 2];
  const named = optionName(optionsArg);
  if (named === undefined && unresolvedName(optionsArg)) b.unknownStoreNames = true;
  const store = named ?? `${AUTO}KSTREAM-AGGREGATE-STATE-STORE-:${nodeKey(call)}`;
  let upstream = value.node;
  if (value.repartition) {
    const topic = `${store}-repartition`;
    // Counter order as the runtime (and Kafka): store, aggregate, then repartition sink, filter, source.
    const fixed = (suffix: string): Partial<NodeState> => (named === undefined ? {} : { fixedName: `${topic}-${suffix}` });
    const sink = getNode(b, call, 'rp-sink', 2, ctx, { kind: 'sink', prefix: 'KSTREAM-SINK-', topic, internal: true, ...fixed('sink') });
    const filter = getNode(b, call, 'rp-filter', 3, ctx, { kind: 'processor', prefix: 'KSTREAM-FILTER-', operator: 'repartitionFilter', ...fixed('filter') });
    const source = getNode(b, call, 'rp-source', 4, ctx, { kind: 'source', prefix: 'KSTREAM-SOURCE-', topics: [topic], internal: true, ...fixed('source') });
    link(upstream, filter);
    link(filter, sink);
    upstream = source;
  }
  const windowed = value.windowed;
  const operator: OperatorKind = windowed
    ? (method === 'count' ? 'windowedCount' : method === 'reduce' ? 'windowedReduce' : 'windowedAggregate')
    : method;
  const node = getNode(b, call, method, 1, ctx, { kind: 'processor', prefix: method === 'reduce' ? 'KSTREAM-REDUCE-' : 'KSTREAM-AGGREGATE-', operator });
  link(upstream, node);
  addStore(b, store, windowed ? 'window' : 'key-value', node, named !== undefined);
  if (method === 'reduce') addCallback(b, args[0], 'reduce', call);
  if (method === 'aggregate') {
    addCallback(b, args[0], 'aggregate', call);
    addCallback(b, args[1], 'aggregate', call);
  }
  flow(state, { kind: 'table', b, node, store }, call, ctx);
}


/** `process(supplier, { stores: ['a'] })`: the stores the processor may use via getStateStore(). */
function connectStores(b: BuilderState, node: NodeState, options: Node | undefined): void {
  if (options === undefined) return;
  const value = resolveValue(options);
  const stores = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value.stores ?? []) : UNKNOWN;
  if (!Array.isArray(stores) || !stores.every((s): s is string => typeof s === 'string')) {
    node.unknownStores = true;
    return;
  }
  for (const store of stores) {
    if (!node.stores.includes(store)) node.stores.push(store);
    const defined = b.stores.get(store);
    if (defined !== undefined && !defined.processors.includes(node.key)) defined.processors.push(node.key);
  }
}
