// Table-table joins (`table.join(other, joiner, { name, storeName })`, leftJoin, outerJoin), as
// KTableImpl.doJoin: KTABLE-MERGE- (the result), then KTABLE-JOINTHIS- / KTABLE-JOINOTHER-, from the
// operator catalog's parts. The receiver side and the argument side are reached separately (the
// argument through flow's applyArgument); both build the same nodes of the call (getNode keys them
// by call and role), and each links its own input and connects its table's stores to the node on
// the other side, which looks them up.
import { Node, type CallExpression } from 'ts-morph';
import { operatorSpec } from 'streamwise/model';
import { nodeKey } from '../locations';
import { objectLiteralOf } from '../values';
import { link } from './flow';
import { addCallback, addStore, getNode, namedOption, optionName } from './nodes';
import { AUTO, STORE_KEY, type BuilderState, type Ctx, type NodeState, type Value } from './types';

type TableValue = Extract<Value, { kind: 'table' }>;

/** A table-table join call: an outerJoin with a table argument, or a join/leftJoin called on a KTable. */
export function isTableTableJoin(call: CallExpression, method: string): boolean {
  if (method === 'outerJoin') return true;
  const callee = call.getExpression();
  return Node.isPropertyAccessExpression(callee) && callee.getExpression().getType().getSymbol()?.getName() === 'KTable';
}

/**
 * Adds the join's nodes for one side (`left`: the receiver, `right`: the other table) and returns
 * the result node with its store (a `storeName` option materializes it, Materialized.as).
 */
export function tableJoinSide(b: BuilderState, call: CallExpression, ctx: Ctx, method: string, side: 'left' | 'right', input: TableValue): { merge: NodeState; store?: string } | undefined {
  const s = operatorSpec('table', `${method}#table`);
  const parts = s?.parts;
  if (s === undefined || parts === undefined) return undefined;
  const args = call.getArguments();
  const options = args[s.options ?? 2];
  const named = namedOption(b, s, options);
  const literal = objectLiteralOf(options, 0);
  // A valueSerde without a storeName (Materialized.with) materializes under a name drawn before the merge's.
  const generated = optionName(options, 'storeName') === undefined && literal?.getProperty('valueSerde') !== undefined ? `${AUTO}${s.node?.prefix ?? ''}STATE-STORE-${STORE_KEY}${nodeKey(call)}` : undefined;
  const storeName = optionName(options, 'storeName') ?? generated;
  const nodes = new Map<string, NodeState>();
  // Counter order as doJoin: merge, this, other; a name still draws each value.
  parts.forEach((p, i) => {
    const reserved = p.role === 'merge' && generated !== undefined ? { reservedStores: [generated] } : {};
    nodes.set(p.role, getNode(b, call, `tt-${p.role}`, i, ctx, { kind: p.kind, prefix: p.prefix, operator: p.operator, ...(named === undefined ? {} : { fixedName: `${named}${p.namedSuffix}` }), ...reserved }, true));
  });
  const merge = nodes.get('merge');
  const own = nodes.get(side === 'left' ? 'this' : 'other');
  const reader = nodes.get(side === 'left' ? 'other' : 'this');
  if (merge === undefined || own === undefined || reader === undefined) return undefined;
  link(input.node, own);
  link(own, merge);
  connectLookup(b, input, reader);
  if (side === 'left') addCallback(b, args[1], `table.${method}`, call);
  if (storeName !== undefined) addStore(b, storeName, 'key-value', merge, true);
  return { merge, ...(storeName === undefined ? {} : { store: storeName }) };
}

/**
 * Kafka's valueGetterSupplier: `node` looks keys up in `table`, whose root source table is then
 * materialized. An unmaterialized join result looks both joined tables up: not followed here, so
 * the topology's facts are marked incomplete.
 */
export function connectLookup(b: BuilderState, table: TableValue, node: NodeState): void {
  if (table.joinedLookup === true) {
    b.unmodelled.add('lookup of an unmaterialized table-table join result');
    return;
  }
  for (const extra of table.lookupStores ?? []) connect(b, extra, node);
  if (table.store === undefined || node.stores.includes(table.store)) return;
  if (table.root !== undefined) addStore(b, table.store, 'key-value', table.root, false);
  connect(b, table.store, node);
}

function connect(b: BuilderState, store: string, node: NodeState): void {
  if (node.stores.includes(store)) return;
  node.stores.push(store);
  b.stores.get(store)?.processors.push(node.key);
}
