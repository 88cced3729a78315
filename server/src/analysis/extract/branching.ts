// split(): BranchedKStream's branch / defaultBranch / noDefaultBranch, and withChain/withConsumer.
import { Node, type CallExpression } from 'ts-morph';
import { NAME_PREFIX } from 'streamwise/model';
import { objectLiteralOf } from '../values';
import { flow, link, type ExtractionState } from './flow';
import { addCallback, getNode, optionName } from './nodes';
import { referencesOf } from './references';
import type { BuilderState, Ctx, NodeState, Value } from './types';

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
      info.predicates.push({ expr: args[0], index, outlet, branchName });
      addCallback(b, args[0], 'split', call);
      followChain(state, b, args[1], outlet, ctx);
    }
    flow(state, value, call, ctx);
    return;
  }
  if (method === 'defaultBranch' || method === 'noDefaultBranch') {
    info.terminator = call;
    const outlets = new Map<string, NodeState>();
    // An unnamed split's keys are its generated node name plus the suffix (KSTREAM-BRANCH-00000000011):
    // only a named split's keys are known here.
    if (info.prefix !== '') for (const p of info.predicates) if (p.branchName !== undefined) outlets.set(p.branchName, p.outlet);
    if (method === 'defaultBranch') {
      const suffix = optionName(args[0]) ?? '0';
      const name = `${info.prefix}${suffix}`;
      const outlet = getNode(b, call, 'default', 1, ctx, { kind: 'processor', prefix: NAME_PREFIX.BRANCHCHILD, operator: 'branchChild', ...childName(info.prefix, value.branch, suffix) });
      link(value.branch, outlet);
      info.hasDefault = true;
      info.defaultOutlet = outlet;
      if (info.prefix !== '') outlets.set(name, outlet);
      followChain(state, b, args[0], outlet, ctx);
    }
    flow(state, { kind: 'splitMap', b, branch: value.branch, outlets }, call, ctx);
  }
}

function childName(prefix: string, splitter: NodeState, suffix: string): Partial<NodeState> {
  return prefix === '' ? { nameFrom: { node: splitter, suffix } } : { fixedName: `${prefix}${suffix}` };
}

/** `{ withChain: (s) => ..., withConsumer: (s) => ... }`: the branch's stream flows into the function. */
function followChain(state: ExtractionState, b: BuilderState, options: Node | undefined, outlet: NodeState, ctx: Ctx): void {
  const literal = objectLiteralOf(options, 0);
  for (const key of ['withChain', 'withConsumer']) {
    const prop = literal?.getProperty(key);
    const init = Node.isPropertyAssignment(prop) ? prop.getInitializer() : undefined;
    if (init === undefined || !(Node.isArrowFunction(init) || Node.isFunctionExpression(init))) continue;
    const param = init.getParameters()[0]?.getNameNode();
    if (param === undefined || !Node.isIdentifier(param)) continue;
    for (const ref of referencesOf(param)) flow(state, { kind: 'stream', b, node: outlet, keyChanged: false }, ref, ctx);
  }
}

