// What each DSL method does to the topology under construction. Node kinds, name prefixes,
// operators, key changes, stores, repartitions and callback arguments come from the runtime's
// operator catalog (streamwise/model), the same table the DSL names its nodes from.
import { Node, type CallExpression } from 'ts-morph';
import { NAME_PREFIX, OPERATOR_CATALOG, operatorSpec, type OperatorReceiver, type OperatorSpec } from 'streamwise/model';
import { nodeKey } from '../locations';
import { isStreamwiseMethod } from '../symbols';
import { objectLiteralOf, resolveValue, UNKNOWN } from '../values';
import { splitterOp } from './branching';
import { addRepartitionNodes } from './repartition';
import { isStreamJoin, streamJoinSide } from './stream-join';
import { connectLookup, isTableTableJoin, tableJoinSide } from './table-join';
import { suppressNode } from './suppress';
import { flow, link, type ExtractionState } from './flow';
import { addCallback, addStore, getNode, namedOption, optionName, unresolvedName } from './nodes';
import { AUTO, STORE_KEY, type BuilderState, type Ctx, type NodeState, type Value } from './types';

type WithNode = OperatorSpec & { node: NonNullable<OperatorSpec['node']> };

function spec(receiver: OperatorReceiver, method: string): WithNode | undefined {
  const s = operatorSpec(receiver, method);
  return s?.node === undefined ? undefined : (s as WithNode);
}

/** The catalog's node as extraction state (`fixedName`: a `name` option, Kafka's Named, which
 *  still draws the counter value unless the catalog's `named` rule says it does not). */
function nodeInit(s: WithNode, fixedName?: string): Pick<NodeState, 'kind' | 'prefix'> & Partial<NodeState> {
  const named = fixedName === undefined ? {} : { fixedName, ...(s.named?.drawsWhenNamed === false ? { noCounter: true } : {}) };
  return { kind: s.node.kind, prefix: s.node.prefix, ...(s.node.operator === undefined ? {} : { operator: s.node.operator }), ...named };
}

function addCallbacks(b: BuilderState, s: OperatorSpec, call: CallExpression, label: string): void {
  const args = call.getArguments();
  for (const i of s.callbacks) addCallback(b, args[i], label, call);
}

/** Methods extraction models, per kind of value (the catalog's, plus the argument positions of
 *  merge/join); any other DSL method marks the topology's facts incomplete. */
const MODELLED: Record<Value['kind'], ReadonlySet<string>> = {
  builder: new Set([...Object.keys(OPERATOR_CATALOG.builder), 'addStateStore']),
  stream: new Set([...Object.keys(OPERATOR_CATALOG.stream), 'merge#other', 'join#other', 'leftJoin#other', 'outerJoin#other']),
  table: new Set([...Object.keys(OPERATOR_CATALOG.table), 'join', 'leftJoin', 'outerJoin']),
  grouped: new Set([...Object.keys(OPERATOR_CATALOG.grouped), ...Object.keys(OPERATOR_CATALOG.windowed), ...Object.keys(OPERATOR_CATALOG.sessionWindowed), ...Object.keys(OPERATOR_CATALOG.groupedTable)]),
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
      const s = spec('stream', method);
      if (s !== undefined && s.returns === 'stream' && s.repartitions === 'never' && method !== 'merge' && method !== 'branch') {
        const node = getNode(b, call, method, 0, ctx, nodeInit(s, namedOption(b, s, args[s.options ?? 1])));
        link(value.node, node);
        addCallbacks(b, s, call, method);
        if (method === 'process' || method === 'processValues') connectStores(b, node, args[s.options ?? 1]);
        next({ kind: 'stream', b, node, keyChanged: value.keyChanged || s.keyChanging });
        return;
      }
      if (method === 'print' && s !== undefined) {
        const printed = printedOptions(args[0]);
        if (printed === 'unknown') {
          b.unmodelled.add('print');
          return;
        }
        const node = getNode(b, call, method, 0, ctx, nodeInit(s, printed.name));
        link(value.node, node);
        if (printed.mapper !== undefined) addCallback(b, printed.mapper, 'print', call);
        return;
      }
      if (method === 'foreach' && s !== undefined) {
        const node = getNode(b, call, method, 0, ctx, nodeInit(s, namedOption(b, s, args[s.options ?? 1])));
        link(value.node, node);
        addCallbacks(b, s, call, method);
        return;
      }
      return streamOp(state, value, method, call, ctx);
    }
    case 'table': {
      if (method === 'join#table' || method === 'leftJoin#table' || method === 'outerJoin#table') {
        // A GlobalKTable join neither connects the store nor adds an edge (the stream side adds the node).
        if (value.global === true) return;
        const op = method.slice(0, -'#table'.length);
        // The other side of a table-table join.
        if (isTableTableJoin(call, op)) {
          tableJoinSide(b, call, ctx, op, 'right', value);
          return;
        }
        const s = spec('stream', op);
        if (s === undefined) return;
        const node = getNode(b, call, op, 3, ctx, nodeInit(s, namedOption(b, s, args[s.options ?? 2])), true);
        // As Kafka's valueGetterSupplier: a join materializes the root table and reads its store.
        connectLookup(b, value, node);
        if (!(node.copartitionWith ?? []).includes(value.node)) node.copartitionWith = [...(node.copartitionWith ?? []), value.node];
        return;
      }
      if (method === 'join' || method === 'leftJoin' || method === 'outerJoin') {
        const joined = tableJoinSide(b, call, ctx, method, 'left', value);
        if (joined !== undefined) next({ kind: 'table', b, node: joined.merge, ...(joined.store === undefined ? { joinedLookup: true } : { store: joined.store }) });
        return;
      }
      if (method === 'suppress') {
        const suppressed = suppressNode(b, call, ctx, value.node);
        // A lookup reads the buffer first, then the parent's stores (KTableSuppressProcessorSupplier.view()).
        if (suppressed !== undefined) next({ ...derivedTable(value), node: suppressed.node, lookupStores: [suppressed.store, ...(value.lookupStores ?? [])] });
        return;
      }
      const s = spec('table', method);
      if (s === undefined) return;
      if (method === 'groupBy') {
        // KTable.groupBy: KTABLE-SELECT- (named by a Grouped name); the root table is materialized (old values).
        const groupedName = namedOption(b, s, args[s.options ?? 1]);
        const select = getNode(b, call, method, 0, ctx, nodeInit(s, groupedName));
        link(value.node, select);
        addCallbacks(b, s, call, 'table.groupBy');
        if (value.store !== undefined && value.root !== undefined) addStore(b, value.store, 'key-value', value.root, false);
        next({ kind: 'grouped', b, node: select, repartition: true, windowed: false, table: true, groupedKey: nodeKey(call), ...(groupedName === undefined ? {} : { groupedName }) });
        return;
      }
      // toStream({ name }) or toStream(mapper, { name }).
      const mapper = method === 'toStream' && args[0] !== undefined && objectLiteralOf(args[0], 0) === undefined;
      // filter/filterNot/mapValues with Kafka's Materialized options: a store name (or supplier)
      // materializes a queryable store on the node; serdes alone burn one counter value first.
      const mat = method === 'toStream' ? undefined : tableMaterialized(b, args[s.options ?? 1], `${AUTO}${s.node.prefix}STATE-STORE-${STORE_KEY}${nodeKey(call)}`);
      const node = getNode(b, call, method, 0, ctx, { ...nodeInit(s, namedOption(b, s, args[method === 'toStream' && !mapper ? 0 : (s.options ?? 1)])), ...(mat?.burn === undefined ? {} : { reservedStores: [mat.burn] }) });
      link(value.node, node);
      if (mat?.store !== undefined) {
        addStore(b, mat.store, 'key-value', node, true);
        addCallbacks(b, s, call, `table.${method}`);
        next({ kind: 'table', b, node, store: mat.store, root: node });
        return;
      }
      if (method !== 'toStream' || mapper) addCallbacks(b, s, call, `table.${method}`);
      if (mapper) {
        // toStream(mapper): toStream() then selectKey(mapper), as KTableImpl.
        const select = spec('stream', 'selectKey');
        if (select === undefined) return;
        const selectNode = getNode(b, call, 'toStream-selectKey', 1, ctx, nodeInit(select));
        link(node, selectNode);
        next({ kind: 'stream', b, node: selectNode, keyChanged: true });
        return;
      }
      if (s.returns === 'stream') next({ kind: 'stream', b, node, keyChanged: false });
      else next({ ...derivedTable(value), node });
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

/** A table derived from `value` without a store of its own: lookups read what `value`'s read. */
function derivedTable(value: Extract<Value, { kind: 'table' }>): Extract<Value, { kind: 'table' }> {
  return {
    kind: 'table', b: value.b, node: value.node,
    ...(value.store === undefined ? {} : { store: value.store }), ...(value.root === undefined ? {} : { root: value.root }),
    ...(value.joinedLookup === true ? { joinedLookup: true } : {}), ...(value.lookupStores === undefined ? {} : { lookupStores: value.lookupStores }),
  };
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
    else if (!b.stores.has(name)) {
      const literal = objectLiteralOf(args[0], 0);
      const changelog = literal?.getProperty('changelog');
      const logged = changelog === undefined ? true : Node.isPropertyAssignment(changelog) ? resolveValue(changelog.getInitializer()) : UNKNOWN;
      if (typeof logged !== 'boolean') b.unknownStoreNames = true;
      b.stores.set(name, { name, kind: literal?.getProperty('window') === undefined ? 'key-value' : 'window', changelog: logged !== false, processors: [] });
    }
    flow(state, { kind: 'builder', b }, call, ctx);
    return;
  }
  const s = spec('builder', method);
  if (s === undefined || (method !== 'stream' && method !== 'table' && method !== 'globalTable')) return;
  const global = method === 'globalTable';
  const topicsValue = resolveValue(args[0]);
  const topics = typeof topicsValue === 'string' ? [topicsValue] : Array.isArray(topicsValue) ? topicsValue.filter((t): t is string => typeof t === 'string') : [];
  const unknownTopics = topicsValue === UNKNOWN || (Array.isArray(topicsValue) && topics.length !== topicsValue.length);
  const sourceInit = {
    kind: 'source' as const, prefix: NAME_PREFIX.SOURCE, topics, ...(unknownTopics ? { unknownTopics } : {}),
    ...(method !== 'stream' ? { tableSource: true } : {}), ...(global ? { globalSource: true } : {}),
  };
  // Consumed.withName: a stream's source is `<name>`; a table's node `<processorName>` and its
  // source `<processorName>-source` (both still draw their counter values).
  const consumedName = namedOption(b, s, args[s.options ?? 1]);
  const sourceName = consumedName === undefined ? undefined : method === 'stream' ? consumedName : `${consumedName}-source`;
  const source = getNode(b, call, 'source', 0, ctx, { ...sourceInit, ...(sourceName === undefined ? {} : { fixedName: sourceName }) });
  const named = optionName(args[s.options ?? 1]);
  if (method !== 'stream' && named === undefined && unresolvedName(args[s.options ?? 1])) b.unknownStoreNames = true;
  const storePrefix = (s.store?.storePrefix ?? '').replace('<topic>', topics[0] ?? 'table');
  const store = named ?? `${AUTO}${storePrefix}STATE-STORE-${STORE_KEY}${nodeKey(call)}`;
  // As Kafka: the table's store name draws its counter value first, before the source's.
  if (method !== 'stream' && named === undefined && !(source.reservedStores ?? []).includes(store)) source.reservedStores = [...(source.reservedStores ?? []), store];
  if (method === 'stream') {
    flow(state, { kind: 'stream', b, node: source, keyChanged: false }, call, ctx);
    return;
  }
  const node = getNode(b, call, 'table', 1, ctx, nodeInit(s, consumedName));
  link(source, node);
  // Kafka materializes a source table only when it is named or looked up (a join); a global table always.
  if (named !== undefined || global) addStore(b, store, 'key-value', node, named !== undefined, global);
  flow(state, { kind: 'table', b, node, store, root: node, ...(global ? { global } : {}) }, call, ctx);
}

function streamOp(state: ExtractionState, value: Extract<Value, { kind: 'stream' }>, method: string, call: CallExpression, ctx: Ctx): void {
  const b = value.b;
  const args = call.getArguments();
  const next = (v: Value): void => flow(state, v, call, ctx);
  const s = spec('stream', method === 'merge#other' ? 'merge' : method);
  switch (method) {
    case 'to': {
      if (s === undefined) return;
      const topic = resolveValue(args[0]);
      const extractor = args[0] !== undefined && (Node.isArrowFunction(args[0]) || Node.isFunctionExpression(args[0]));
      const sink = getNode(b, call, 'to', 0, ctx, { ...nodeInit(s, namedOption(b, s, args[s.options ?? 1])), ...(typeof topic === 'string' ? { topic } : {}), ...(extractor ? { topicExtractor: true } : {}) });
      link(value.node, sink);
      if (extractor) addCallbacks(b, s, call, 'to');
      return;
    }
    case 'merge':
    case 'merge#other': {
      if (s === undefined) return;
      const node = getNode(b, call, 'merge', 0, ctx, nodeInit(s, namedOption(b, s, args[s.options ?? 1])), true);
      link(value.node, node);
      next({ kind: 'stream', b, node, keyChanged: value.keyChanged });
      return;
    }
    case 'join#other':
    case 'leftJoin#other':
    case 'outerJoin#other':
      // The other stream of a stream-stream join: its windowed side.
      streamJoinSide(b, call, ctx, method.slice(0, -'#other'.length), 'right', value);
      return;
    case 'outerJoin':
    case 'join':
    case 'leftJoin': {
      if (isStreamJoin(call, method)) {
        const merge = streamJoinSide(b, call, ctx, method, 'left', value);
        if (merge !== undefined) next({ kind: 'stream', b, node: merge, keyChanged: false });
        return;
      }
      if (method === 'outerJoin') return;
      if (isGlobalJoin(call)) {
        const g = spec('stream', `${method}#global`);
        if (g === undefined) return;
        const node = getNode(b, call, method, 3, ctx, nodeInit(g, optionName(args[g.options ?? 3])), true);
        link(value.node, node);
        addCallbacks(b, g, call, method);
        next({ kind: 'stream', b, node, keyChanged: value.keyChanged });
        return;
      }
      if (s === undefined) return;
      const named = optionName(args[s.options ?? 2]);
      let upstream = value.node;
      if (value.keyChanged) {
        // As Kafka's repartitionForJoin: `<name or upstream node>-repartition`; unnamed joins of one
        // stream share it (model.ts keeps the first and lets the others only draw their names).
        upstream = addRepartitionNodes(b, call, ctx, upstream, named === undefined ? { prefixFrom: value.node, shareKey: `join:${value.node.key}` } : { prefix: named }, 0, true);
      }
      const node = getNode(b, call, method, 3, ctx, nodeInit(s, named), true);
      link(upstream, node);
      addCallbacks(b, s, call, method);
      next({ kind: 'stream', b, node, keyChanged: false });
      return;
    }
    case 'repartition': {
      const r = operatorSpec('stream', 'repartition');
      const named = optionName(args[r?.options ?? 0]);
      // Unnamed: the topic is `<drawn KSTREAM-REPARTITION-n>-repartition` (a counter value without a node).
      const naming = named === undefined
        ? { prefixFrom: getNode(b, call, 'repartition-name', 0, ctx, { kind: 'processor', prefix: r?.drawsName ?? NAME_PREFIX.REPARTITION, phantom: 'draws' }) }
        : { prefix: named };
      const source = addRepartitionNodes(b, call, ctx, value.node, naming, 1, false, '', repartitionPartitions(b, args[r?.options ?? 0]));
      next({ kind: 'stream', b, node: source, keyChanged: false });
      return;
    }
    case 'toTable': {
      if (s === undefined) return;
      const named = optionName(args[s.options ?? 0]);
      if (named === undefined && unresolvedName(args[s.options ?? 0])) b.unknownStoreNames = true;
      const node = getNode(b, call, 'toTable', 0, ctx, nodeInit(s, namedOption(b, s, args[s.options ?? 0])));
      const store = named ?? `${AUTO}${s.store?.storePrefix ?? NAME_PREFIX.TOTABLE}STATE-STORE-${STORE_KEY}${nodeKey(call)}`;
      // Counter order as Kafka: the node, its store name, then the repartition (when the key changed).
      if (named === undefined) getNode(b, call, 'toTable-store', 1, ctx, { kind: 'processor', prefix: '', phantom: 'silent', reservedStores: [store] });
      const upstream = value.keyChanged ? addRepartitionNodes(b, call, ctx, value.node, { prefixFrom: node }, 2) : value.node;
      link(upstream, node);
      if (named !== undefined) addStore(b, store, 'key-value', node, true);
      next({ kind: 'table', b, node, store, root: node });
      return;
    }
    case 'groupByKey': {
      const groupedName = optionName(args[0]);
      next({ kind: 'grouped', b, node: value.node, repartition: value.keyChanged, windowed: false, groupedKey: nodeKey(call), ...(groupedName === undefined ? {} : { groupedName }) });
      return;
    }
    case 'groupBy': {
      if (s === undefined) return;
      const groupedName = namedOption(b, s, args[s.options ?? 1]);
      const node = getNode(b, call, 'groupBy', 0, ctx, nodeInit(s, groupedName));
      link(value.node, node);
      addCallbacks(b, s, call, 'groupBy');
      next({ kind: 'grouped', b, node, repartition: true, windowed: false, groupedKey: nodeKey(call), ...(groupedName === undefined ? {} : { groupedName }) });
      return;
    }
    case 'branch': {
      if (s === undefined) return;
      // branch({ name }?, ...predicates): a leading options object names the node and its
      // children `<name>-predicate-<i>` (each still drawing its counter value).
      const leading = args[0] !== undefined && objectLiteralOf(args[0], 0) !== undefined;
      const named = leading ? namedOption(b, s, args[0]) : undefined;
      const predicates = leading ? args.slice(1) : args;
      const node = getNode(b, call, 'branch', 0, ctx, nodeInit(s, named));
      link(value.node, node);
      if (node.branch === undefined) {
        const complete = predicates.every((a) => !Node.isSpreadElement(a));
        node.branch = { api: 'branch', call, prefix: '', predicates: [], hasDefault: false, accessBeyond: [] };
        if (complete) {
          predicates.forEach((arg, index) => {
            const childName = named === undefined ? {} : { fixedName: `${named}-predicate-${index}` };
            const outlet = getNode(b, call, `child${index}`, index + 1, ctx, { kind: 'processor', prefix: NAME_PREFIX.BRANCHCHILD, operator: 'branchChild', ...childName });
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
      if (s === undefined) return;
      // A split name still draws its counter value (BranchedKStreamImpl: orElseGenerateWithPrefix).
      const prefix = namedOption(b, s, args[s.options ?? 0]) ?? '';
      const node = getNode(b, call, 'split', 0, ctx, nodeInit(s, prefix === '' ? undefined : prefix));
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
    // SessionWindows make a session store (the catalog's sessionWindowed entries).
    const arg = args[0];
    const session = arg !== undefined && (arg.getType().getSymbol()?.getName() === 'SessionWindows' || /^SessionWindows\./.test(arg.getText()));
    const sliding = arg !== undefined && (arg.getType().getSymbol()?.getName() === 'SlidingWindows' || /^SlidingWindows\./.test(arg.getText()));
    flow(state, { ...value, windowed: true, ...(session ? { session } : {}), ...(sliding ? { sliding } : {}) }, call, ctx);
    return;
  }
  if (method === 'emitStrategy') {
    flow(state, value, call, ctx);
    return;
  }
  if (value.table === true) {
    groupedTableOp(state, value, method, call, ctx);
    return;
  }
  const s = spec(value.windowed ? (value.session === true ? 'sessionWindowed' : 'windowed') : 'grouped', method);
  if (s === undefined || s.store === undefined) return;
  const named = aggregationStoreName(b, args[s.options ?? 0]);
  const store = named ?? `${AUTO}${s.store.storePrefix}STATE-STORE-${STORE_KEY}${nodeKey(call)}`;
  // count({ keySerde } or { retentionMs }) without a name: Kafka's count(Materialized.with(...))
  // burns one store name first (not for sliding windows), as the runtime.
  const countOptions = objectLiteralOf(args[s.options ?? 0], 0);
  if (method === 'count' && named === undefined && value.sliding !== true && (countOptions?.getProperty('keySerde') !== undefined || countOptions?.getProperty('retentionMs') !== undefined)) {
    getNode(b, call, 'count-burn', 0, ctx, { kind: 'processor', prefix: s.store.storePrefix, phantom: 'draws' });
  }
  let upstream = value.node;
  if (value.repartition) {
    // Counter order as the runtime (and Kafka): store, aggregate, then repartition sink, filter, source.
    // A named grouped stream's aggregations share one repartition (GroupedStreamAggregateBuilder).
    const prefix = value.groupedName ?? store;
    upstream = addRepartitionNodes(b, call, ctx, upstream, { prefix, ...(value.groupedName === undefined ? {} : { shareKey: `grouped:${value.groupedKey}` }) }, 2);
  }
  const node = getNode(b, call, method, 1, ctx, nodeInit(s, namedOption(b, s, args[s.options ?? 0])));
  link(upstream, node);
  addStore(b, store, s.store.kind, node, named !== undefined);
  addCallbacks(b, s, call, method);
  flow(state, { kind: 'table', b, node, store }, call, ctx);
}

/** KGroupedTable count/reduce/aggregate: counter order store, sink, source, aggregation; the
 *  repartition has no filter and keeps its generated node names (KGroupedTableImpl). */
function groupedTableOp(state: ExtractionState, value: Extract<Value, { kind: 'grouped' }>, method: string, call: CallExpression, ctx: Ctx): void {
  const b = value.b;
  const args = call.getArguments();
  const s = spec('groupedTable', method);
  if (s === undefined || s.store === undefined) return;
  const named = aggregationStoreName(b, args[s.options ?? 0]);
  const store = named ?? `${AUTO}${s.store.storePrefix}STATE-STORE-${STORE_KEY}${nodeKey(call)}`;
  const naming = { prefix: value.groupedName ?? store, keepNames: true, ...(value.groupedName === undefined ? {} : { shareKey: `grouped:${value.groupedKey}` }) };
  // A processorName (Named) names the sink `<name>-sink` and source `<name>-source` too.
  const processorName = namedOption(b, s, args[s.options ?? 0]);
  const rpName = (suffix: string): Partial<NodeState> => (processorName === undefined ? {} : { fixedName: `${processorName}${suffix}` });
  const sink = getNode(b, call, 'rp-sink', 0, ctx, { kind: 'sink', prefix: NAME_PREFIX.SINK, internal: true, repartition: { role: 'sink', ...naming }, ...rpName('-sink'), ...(named === undefined ? { reservedStores: [store] } : {}) });
  const source = getNode(b, call, 'rp-source', 1, ctx, { kind: 'source', prefix: NAME_PREFIX.SOURCE, topics: [], internal: true, repartition: { role: 'source', ...naming }, ...rpName('-source') });
  link(value.node, sink);
  const node = getNode(b, call, method, 2, ctx, nodeInit(s, processorName));
  link(source, node);
  addStore(b, store, 'key-value', node, named !== undefined);
  addCallbacks(b, s, call, `groupedTable.${method}`);
  flow(state, { kind: 'table', b, node, store }, call, ctx);
}

/** A print() argument: a visible Printed.toSysOut()/toFile() chain's withName (the last call
 *  wins: Printed is mutable) and key-value mapper; none is toSysOut(); anything else is unknown. */
function printedOptions(arg: Node | undefined): { name?: string; mapper?: Node } | 'unknown' {
  if (arg === undefined) return {};
  let e: Node | undefined = arg;
  let name: string | undefined;
  let mapper: Node | undefined;
  while (e !== undefined && Node.isCallExpression(e)) {
    const callee: Node = e.getExpression();
    if (!Node.isPropertyAccessExpression(callee)) return 'unknown';
    const method = callee.getName();
    if (method === 'withName') {
      const v = resolveValue(e.getArguments()[0]);
      if (typeof v !== 'string') return 'unknown';
      name ??= v;
    } else if (method === 'withKeyValueMapper') {
      mapper ??= e.getArguments()[0];
    } else if ((method === 'toSysOut' || method === 'toFile') && callee.getExpression().getText() === 'Printed') {
      return { ...(name === undefined ? {} : { name }), ...(mapper === undefined ? {} : { mapper }) };
    } else if (method !== 'withLabel') {
      return 'unknown';
    }
    e = callee.getExpression();
  }
  return 'unknown';
}

/** Repartitioned numberOfPartitions of repartition(options): a literal count, else none; options
 *  or a count that do not resolve mark the facts incomplete (task counts would be guesses). */
function repartitionPartitions(b: BuilderState, options: Node | undefined): number | undefined {
  if (options === undefined) return undefined;
  const literal = objectLiteralOf(options, 0);
  if (literal === undefined || literal.getProperties().some((p) => Node.isSpreadAssignment(p))) {
    b.unmodelled.add('repartition numberOfPartitions');
    return undefined;
  }
  const prop = literal.getProperty('numberOfPartitions');
  if (prop === undefined) return undefined;
  const v = Node.isPropertyAssignment(prop) ? resolveValue(prop.getInitializer()) : UNKNOWN;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 1) return v;
  b.unmodelled.add('repartition numberOfPartitions');
  return undefined;
}

/** An aggregation's store name: `name` (Materialized.as) or a `storeSupplier`'s; one that is there
 *  but not known statically marks the store names unknown. */
function aggregationStoreName(b: BuilderState, options: Node | undefined): string | undefined {
  const supplier = objectLiteralOf(options, 0)?.getProperty('storeSupplier');
  if (supplier !== undefined) {
    const name = supplierName(supplier);
    if (name === undefined) b.unknownStoreNames = true;
    return name;
  }
  const named = optionName(options);
  if (named === undefined && unresolvedName(options)) b.unknownStoreNames = true;
  return named;
}

/** Kafka's Materialized on a KTable operation (`{ storeName | storeSupplier | keySerde | valueSerde }`):
 *  the queryable store, or `burn` (the placeholder drawn before the node) when there is no name. */
function tableMaterialized(b: BuilderState, options: Node | undefined, placeholder: string): { store?: string; burn?: string } | undefined {
  if (options === undefined) return undefined;
  const literal = objectLiteralOf(options, 0);
  if (literal === undefined || literal.getProperties().some((p) => Node.isSpreadAssignment(p))) {
    b.unknownStoreNames = true;
    return undefined;
  }
  const has = (key: string): boolean => literal.getProperty(key) !== undefined;
  if (!has('storeName') && !has('storeSupplier') && !has('keySerde') && !has('valueSerde')) return undefined;
  const store = has('storeSupplier') ? supplierName(literal.getProperty('storeSupplier')) : optionName(options, 'storeName');
  if (store === undefined && (has('storeSupplier') || (has('storeName') && unresolvedStoreName(literal.getProperty('storeName'))))) {
    b.unknownStoreNames = true;
    return undefined;
  }
  return store === undefined ? { burn: placeholder } : { store };
}

function unresolvedStoreName(prop: Node | undefined): boolean {
  if (!Node.isPropertyAssignment(prop)) return true;
  const v = resolveValue(prop.getInitializer());
  return v !== undefined && typeof v !== 'string';
}

/** The store name of `storeSupplier: Stores.inMemoryWindowStore('name', ...)` (its first argument). */
export function supplierName(prop: Node | undefined): string | undefined {
  if (!Node.isPropertyAssignment(prop)) return undefined;
  const init = prop.getInitializer();
  if (!Node.isCallExpression(init)) return undefined;
  const callee = init.getExpression();
  if (!Node.isPropertyAccessExpression(callee) || !/^(inMemory|persistent)/.test(callee.getName())) return undefined;
  const name = resolveValue(init.getArguments()[0]);
  return typeof name === 'string' ? name : undefined;
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

/** join(globalTable, keySelector, joiner): a third argument that is a function (a KTable join's
 *  third argument is its options object). */
function isGlobalJoin(call: CallExpression): boolean {
  const third = call.getArguments()[2];
  if (third === undefined) return false;
  if (Node.isArrowFunction(third) || Node.isFunctionExpression(third)) return true;
  return !Node.isObjectLiteralExpression(third) && third.getType().getCallSignatures().length > 0;
}
