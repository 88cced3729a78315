// Quick fixes for branch-order: move the catch-all predicate last; add a default branch.
import { Node, type CallExpression } from 'ts-morph';
import type { BranchInfo } from '../analysis/extract/types';
import type { QuickFix } from '../analysis/types';
import { insertAt, reorderSlots, replaceNode } from './edits';

/** The argument list slots to reorder: branch() arguments, or each split `.branch(...)` call's arguments. */
function slotsOf(info: BranchInfo): Node[] | undefined {
  if (info.api === 'branch') return info.call.getArguments();
  const slots: Node[] = [];
  for (const p of info.predicates) {
    const call = p.expr.getParent();
    if (!Node.isCallExpression(call)) return undefined;
    const args = call.getArguments();
    const first = args[0];
    const last = args[args.length - 1];
    if (first === undefined || last === undefined) return undefined;
    // One slot per call: its whole argument list (predicate and options move together).
    slots.push(args.length === 1 ? first : wrapRange(call));
  }
  return slots;
}

/** A node spanning a call's arguments: the SyntaxList between the parentheses. */
function wrapRange(call: CallExpression): Node {
  const list = call.getArguments()[0]?.getParentSyntaxList();
  return list ?? call;
}

export function moveLastFix(info: BranchInfo, index: number): QuickFix | undefined {
  const slots = slotsOf(info);
  if (slots === undefined || slots.length !== info.predicates.length) return undefined;
  const order = slots.map((_, i) => i).filter((i) => i !== index);
  order.push(index);
  const edit = reorderSlots(slots, order);
  return edit === undefined ? undefined : { title: 'Move the catch-all predicate last', edits: [edit], isPreferred: true };
}

export function addDefaultFix(info: BranchInfo): QuickFix | undefined {
  if (info.api === 'branch') {
    const last = info.call.getArguments().at(-1);
    if (last === undefined) return undefined;
    return { title: 'Add a default branch (a catch-all predicate last)', edits: [insertAt(last.getSourceFile(), last.getEnd(), ', () => true')], isPreferred: true };
  }
  const terminator = info.terminator;
  if (terminator !== undefined) {
    const callee = terminator.getExpression();
    if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'noDefaultBranch') return undefined;
    return { title: 'Add a default branch', edits: [replaceNode(callee.getNameNode(), 'defaultBranch')], isPreferred: true };
  }
  const lastCall = info.predicates.at(-1)?.expr.getParent() ?? info.call;
  return { title: 'Add a default branch', edits: [insertAt(lastCall.getSourceFile(), lastCall.getEnd(), '.defaultBranch()')], isPreferred: true };
}
