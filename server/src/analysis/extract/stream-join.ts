// Stream-stream windowed joins (`left.join(right, joiner, JoinWindows...)`, leftJoin, outerJoin):
// the nodes and stores come from the operator catalog's parts. The receiver side and the argument
// side are reached separately (the argument through flow's applyArgument); both build the same
// nodes of the call (getNode keys them by call and role) and each links its own input.
import { Node, type CallExpression } from 'ts-morph';
import { operatorSpec, type OperatorSpec } from 'streamwise/model';
import { link } from './flow';
import { addCallback, addStore, getNode, optionName } from './nodes';
import { addRepartitionNodes } from './repartition';
import { DERIVED, STORE_KEY, type BuilderState, type Ctx, type NodeState } from './types';
import { objectLiteralOf, resolveValue } from '../values';

/** The catalog entry of a stream-stream join method (`join#stream`, `leftJoin#stream`, `outerJoin`). */
export function streamJoinSpec(method: string): OperatorSpec | undefined {
  const key = method === 'outerJoin' ? 'outerJoin' : `${method}#stream`;
  const s = operatorSpec('stream', key);
  return s?.parts === undefined ? undefined : s;
}

/** A join whose third argument is JoinWindows, or whose first argument is a KStream (outerJoin always). */
export function isStreamJoin(call: CallExpression, method: string): boolean {
  if (method === 'outerJoin') return true;
  const [first, , third] = call.getArguments();
  const typeName = (n: Node | undefined): string | undefined => n?.getType().getSymbol()?.getName();
  return typeName(third) === 'JoinWindows' || typeName(first) === 'KStream';
}

function optionString(options: Node | undefined, prop: string): string | undefined {
  const literal = objectLiteralOf(options, 0);
  const p = literal?.getProperty(prop);
  if (!Node.isPropertyAssignment(p)) return undefined;
  const v = resolveValue(p.getInitializer());
  return typeof v === 'string' ? v : undefined;
}

/**
 * Adds the join's nodes for one side: `left` is the receiver (returns the result node), `right`
 * the other stream. A side whose key changed is repartitioned first (`<name>-left|right-repartition`,
 * or after its node, shared with the stream's other unnamed joins).
 */
export function streamJoinSide(
  b: BuilderState,
  call: CallExpression,
  ctx: Ctx,
  method: string,
  side: 'left' | 'right',
  input: { node: NodeState; keyChanged: boolean },
): NodeState | undefined {
  const s = streamJoinSpec(method);
  const parts = s?.parts;
  if (s === undefined || parts === undefined) return undefined;
  const args = call.getArguments();
  const options = args[s.options ?? 3];
  const named = optionName(options);
  const storeName = optionString(options, 'storeName');
  let upstream = input.node;
  if (input.keyChanged) {
    const suffix = side === 'left' ? (s.repartitionSuffixes?.left ?? '-left') : (s.repartitionSuffixes?.right ?? '-right');
    const naming = named === undefined ? { prefixFrom: input.node, shareKey: `join:${input.node.key}` } : { prefix: `${named}${suffix}` };
    upstream = addRepartitionNodes(b, call, ctx, upstream, naming, side === 'left' ? 0 : 3, true, side === 'left' ? '' : '-r');
  }
  const nodes = new Map<string, NodeState>();
  parts.forEach((p, index) => {
    nodes.set(p.role, getNode(b, call, `ssj-${p.role}`, 6 + index, ctx, {
      kind: p.kind, prefix: p.prefix, operator: p.operator, ...(named === undefined ? {} : { fixedName: `${named}${p.namedSuffix}` }),
    }, true));
  });
  const storeNames = new Map<string, string>();
  for (const ps of s.partStores ?? []) {
    const after = nodes.get(ps.namedAfter);
    if (after === undefined) continue;
    storeNames.set(ps.role, storeName !== undefined ? `${storeName}${ps.storeSuffix}-store` : `${DERIVED}${after.key}${STORE_KEY}${ps.prefix ?? ''}`);
  }
  for (const p of parts) {
    const node = nodes.get(p.role);
    if (node === undefined) continue;
    for (const f of p.from) {
      if (f === side) link(upstream, node);
      const from = nodes.get(f);
      if (from !== undefined) link(from, node);
    }
    for (const role of p.stores) {
      const name = storeNames.get(role);
      const kind = (s.partStores ?? []).find((ps) => ps.role === role)?.kind ?? 'window';
      if (name !== undefined) addStore(b, name, kind, node, storeName !== undefined);
    }
  }
  if (side === 'left') for (const i of s.callbacks) addCallback(b, args[i], method, call);
  return nodes.get('merge');
}
