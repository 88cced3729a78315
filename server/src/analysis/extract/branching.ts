// split(): BranchedKStream's branch / defaultBranch / noDefaultBranch, and withChain/withConsumer.
import { Node, type CallExpression } from 'ts-morph';
import { NAME_PREFIX } from 'streamwise/model';
import { objectLiteralOf } from '../values';
import { flow, link, push, type ExtractionState } from './flow';
import { addCallback, getNode, optionName } from './nodes';
import { referencesOf } from './references';
import { functionOf } from '../functions';
import { isWorkspaceCode } from '../symbols';
import type { BuilderState, Ctx, NodeState, PredicateInfo, Value } from './types';

export function splitterOp(state: ExtractionState, value: Extract<Value, { kind: 'splitter' }>, method: string, call: CallExpression, ctx: Ctx): void {
  const b = value.b;
  const info = value.branch.branch;
  if (info === undefined) return;
  const args = call.getArguments();
  if (method === 'branch') {
    const existing = info.predicates.find((p) => p.expr === args[0]);
    if (existing === undefined && args[0] !== undefined) {
      const index = info.predicates.length;
      const name = optionName(args[1]);
      const suffix = name ?? String(index + 1);
      const branchName = `${info.prefix}${suffix}`;
      const outlet = getNode(b, call, 'outlet', 1, ctx, { kind: 'processor', prefix: NAME_PREFIX.BRANCHCHILD, operator: 'branchChild', ...childName(info.prefix, value.branch, suffix) });
      link(value.branch, outlet);
      const predicate: PredicateInfo = { expr: args[0], index, outlet, branchName };
      info.predicates.push(predicate);
      addCallback(b, args[0], 'split', call);
      const entry = followChain(state, b, args[1], outlet, call, ctx);
      if (entry !== outlet) predicate.entry = entry ?? null;
    }
    flow(state, value, call, ctx);
    return;
  }
  if (method === 'defaultBranch' || method === 'noDefaultBranch') {
    info.terminator = call;
    const outlets = new Map<string, NodeState>();
    // An unnamed split's keys are its generated node name plus the suffix (KSTREAM-BRANCH-00000000011):
    // only a named split's keys are known here.
    if (info.prefix !== '') {
      for (const p of info.predicates) {
        const entry = p.entry === undefined ? p.outlet : p.entry;
        if (p.branchName !== undefined && entry !== null) outlets.set(p.branchName, entry);
      }
    }
    if (method === 'defaultBranch') {
      const suffix = optionName(args[0]) ?? '0';
      const name = `${info.prefix}${suffix}`;
      const outlet = getNode(b, call, 'default', 1, ctx, { kind: 'processor', prefix: NAME_PREFIX.BRANCHCHILD, operator: 'branchChild', ...childName(info.prefix, value.branch, suffix) });
      link(value.branch, outlet);
      info.hasDefault = true;
      info.defaultOutlet = outlet;
      const entry = followChain(state, b, args[0], outlet, call, ctx);
      if (info.prefix !== '' && entry !== undefined) outlets.set(name, entry);
    }
    flow(state, { kind: 'splitMap', b, branch: value.branch, outlets }, call, ctx);
  }
}

function childName(prefix: string, splitter: NodeState, suffix: string): Partial<NodeState> {
  return prefix === '' ? { nameFrom: { node: splitter, suffix } } : { fixedName: `${prefix}${suffix}` };
}

/**
 * `{ withChain: (s) => ..., withConsumer: (s) => ... }`: the branch's stream flows into the function
 * (inline or a named function, entered as a call of the branch method so its nodes are ordered
 * there). Returns the branch's entry in the split result: the outlet, what withChain returns, or
 * undefined when there is none (withConsumer, a chain returning nothing) or it is not known.
 */
function followChain(state: ExtractionState, b: BuilderState, options: Node | undefined, outlet: NodeState, call: CallExpression, ctx: Ctx): NodeState | undefined {
  const literal = objectLiteralOf(options, 0);
  let entry: NodeState | undefined = outlet;
  for (const key of ['withChain', 'withConsumer']) {
    const prop = literal?.getProperty(key);
    if (prop === undefined) continue;
    entry = undefined;
    const init = Node.isPropertyAssignment(prop) ? prop.getInitializer() : Node.isShorthandPropertyAssignment(prop) ? prop.getNameNode() : undefined;
    const fn = functionOf(init);
    if (fn === undefined || !isWorkspaceCode(fn)) continue;
    const param = fn.getParameters()[0]?.getNameNode();
    const inner = push(ctx, call);
    if (param === undefined || !Node.isIdentifier(param) || inner === undefined) continue;
    const chain = { fn, results: [] as NodeState[], other: false };
    if (key === 'withChain') state.chains.set(inner.key, chain);
    for (const ref of referencesOf(param)) flow(state, { kind: 'stream', b, node: outlet, keyChanged: false }, ref, inner);
    const only = chain.results[0];
    if (key === 'withChain' && !chain.other && chain.results.length === 1 && only !== undefined) entry = only;
  }
  return entry;
}
