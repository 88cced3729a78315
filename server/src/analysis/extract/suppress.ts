// KTable.suppress(Suppressed...): KTABLE-SUPPRESS- and its buffer KTABLE-SUPPRESS-STATE-STORE-,
// drawn in that order (node first, unlike aggregations); `.withName(n)` names them `n` and
// `n-store` and draws no counter value (KTableImpl.suppress).
import { Node, type CallExpression } from 'ts-morph';
import { operatorSpec } from 'streamwise/model';
import { nodeKey } from '../locations';
import { resolveValue } from '../values';
import { link } from './flow';
import { addStore, getNode } from './nodes';
import { AUTO, STORE_KEY, type BuilderState, type Ctx, type NodeState } from './types';

/** The name a Suppressed argument gives and whether its buffer logs to a changelog; unknown when
 *  it is not a visible Suppressed chain (or its buffer config is not a visible BufferConfig chain). */
function suppressedName(arg: Node | undefined): { name?: string; logging: boolean } | 'unknown' {
  let e = arg;
  let name: string | undefined;
  while (e !== undefined && Node.isCallExpression(e)) {
    const callee = e.getExpression();
    if (!Node.isPropertyAccessExpression(callee)) return 'unknown';
    const method = callee.getName();
    if (method === 'withName') {
      const v = resolveValue(e.getArguments()[0]);
      if (typeof v !== 'string') return 'unknown';
      name ??= v; // the outermost withName wins
    } else if ((method === 'untilWindowCloses' || method === 'untilTimeLimit') && callee.getExpression().getText() === 'Suppressed') {
      const logging = bufferLogging(e.getArguments()[method === 'untilWindowCloses' ? 0 : 1]);
      if (logging === 'unknown') return 'unknown';
      return name === undefined ? { logging } : { name, logging };
    }
    e = callee.getExpression();
  }
  return 'unknown';
}

/** Whether a BufferConfig chain logs (withLoggingDisabled / withLoggingEnabled, the outermost call
 *  winning; default enabled); a const variable is followed to its initializer. */
function bufferLogging(arg: Node | undefined): boolean | 'unknown' {
  let e = arg;
  for (let hops = 0; e !== undefined && Node.isIdentifier(e) && hops < 5; hops += 1) {
    const decl = e.getSymbol()?.getDeclarations()[0];
    if (!Node.isVariableDeclaration(decl) || decl.getVariableStatement()?.getDeclarationKind() !== 'const') return 'unknown';
    e = decl.getInitializer();
  }
  while (e !== undefined && Node.isCallExpression(e)) {
    const callee = e.getExpression();
    if (!Node.isPropertyAccessExpression(callee)) return 'unknown';
    const method = callee.getName();
    if (method === 'withLoggingDisabled') return false;
    if (method === 'withLoggingEnabled') return true;
    if (callee.getExpression().getText() === 'BufferConfig') return true;
    e = callee.getExpression();
  }
  return 'unknown';
}

/** Adds the suppress node and its buffer store; returns both, or undefined when the name is unknown. */
export function suppressNode(b: BuilderState, call: CallExpression, ctx: Ctx, upstream: NodeState): { node: NodeState; store: string } | undefined {
  const s = operatorSpec('table', 'suppress');
  const naming = suppressedName(call.getArguments()[0]);
  if (s?.node === undefined || naming === 'unknown') {
    b.unmodelled.add('suppress');
    return undefined;
  }
  const { name } = naming;
  const init = { kind: s.node.kind, prefix: s.node.prefix, operator: 'suppress' as const, ...(name === undefined ? {} : { fixedName: name, noCounter: true }) };
  const node = getNode(b, call, 'suppress', 0, ctx, init);
  link(upstream, node);
  const store = name !== undefined ? `${name}-store` : `${AUTO}${s.store?.storePrefix ?? s.node.prefix}STATE-STORE-${STORE_KEY}${nodeKey(call)}`;
  // Unnamed, the store's counter value comes after the node's: a silent phantom draws it.
  if (name === undefined) getNode(b, call, 'suppress-store', 1, ctx, { kind: 'processor', prefix: '', phantom: 'silent', reservedStores: [store] });
  addStore(b, store, 'key-value', node, name !== undefined);
  // BufferConfig.withLoggingDisabled(): no changelog, as the runtime's buffer.
  const state = b.stores.get(store);
  if (state !== undefined && !naming.logging) state.changelog = false;
  return { node, store };
}
