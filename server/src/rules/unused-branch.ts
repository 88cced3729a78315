import { Node, type CallExpression } from 'ts-morph';
import { unresolvedName } from '../analysis/extract/nodes';
import { referencesOf } from '../analysis/extract/references';
import { functionOf, isAlwaysTrue } from '../analysis/functions';
import type { BranchInfo } from '../analysis/extract/types';
import { objectLiteralOf, propertyName, resolveValue } from '../analysis/values';
import { defineRule, type Report } from './rule';

/** Which results are consumed: a set of array indexes / map keys, or undefined when that cannot be told. */
type Consumed = Set<string> | undefined;

export default defineRule({
  meta: {
    id: 'unused-branch',
    defaultSeverity: 'warning',
    scope: 'topology',
    messages: {
      unused: 'Branch {{position}} of {{count}} ({{what}}) is never consumed: records matching it{{earlier}} vanish silently. Route it somewhere ({{hint}}) or drop the predicate.',
      unusedDefault: "The default branch ('{{key}}') is never consumed: records matching no predicate vanish silently. Route it somewhere or use noDefaultBranch() to say so.",
    },
    docs: {
      description: 'A branch result (an element of the branch() array or an entry of the split() map) that nothing reads: first match wins, so the records routed there vanish without an error.',
    },
  },
  check(context, report) {
    const seen = new Set<CallExpression>();
    for (const b of context.builders) {
      for (const node of b.branches) {
        const info = node.branch;
        if (info === undefined || seen.has(info.call)) continue;
        seen.add(info.call);
        if (info.api === 'branch') checkArray(info, report);
        else checkSplit(info, report);
      }
    }
  },
});

type ReportFn = (r: Report<'unused' | 'unusedDefault'>) => void;

function checkArray(info: BranchInfo, report: ReportFn): void {
  const count = info.predicates.length;
  if (count === 0 || info.call.getArguments().length !== count) return;
  const consumed = consumedResults(info.call, 'array');
  if (consumed === undefined) return;
  const reachable = reachableCount(info);
  for (const p of info.predicates) {
    if (p.index >= reachable) break;
    if (consumed.has(String(p.index))) continue;
    report({
      messageId: 'unused', node: p.expr,
      data: { position: p.index + 1, count, what: `element ${p.index} of the branch() result`, earlier: p.index === 0 ? '' : ' (and no earlier predicate)', hint: 'bind it and call .to() or another operator' },
    });
  }
}

function checkSplit(info: BranchInfo, report: ReportFn): void {
  const terminator = info.terminator;
  if (terminator === undefined || unresolvedName(info.call.getArguments()[0])) return;
  const entries: { key: string; node: Node; chained: boolean; index?: number }[] = [];
  for (const p of info.predicates) {
    const branchCall = p.expr.getParent();
    if (!Node.isCallExpression(branchCall) || p.branchName === undefined) return;
    const options = branchCall.getArguments()[1];
    if (unresolvedName(options)) return;
    entries.push({ key: p.branchName, node: p.expr, chained: hasChain(options), index: p.index });
  }
  const callee = terminator.getExpression();
  if (Node.isPropertyAccessExpression(callee) && callee.getName() === 'defaultBranch') {
    const options = terminator.getArguments()[0];
    if (unresolvedName(options)) return;
    const name = objectLiteralOf(options, 0)?.getProperty('name');
    const suffix = Node.isPropertyAssignment(name) ? resolveValue(name.getInitializer()) : '0';
    entries.push({ key: `${info.prefix}${typeof suffix === 'string' ? suffix : '0'}`, node: terminator, chained: hasChain(options) });
  }
  if (entries.every((e) => e.chained)) return;
  const consumed = consumedResults(terminator, 'map');
  if (consumed === undefined) return;
  const count = info.predicates.length;
  const reachable = reachableCount(info);
  for (const entry of entries) {
    // Branches after a catch-all get no records (branch-order reports them); neither does the default.
    if ((entry.index ?? count) >= reachable) continue;
    if (entry.chained || consumed.has(entry.key)) continue;
    if (entry.index === undefined) {
      report({ messageId: 'unusedDefault', node: entry.node, data: { key: entry.key } });
      continue;
    }
    report({
      messageId: 'unused', node: entry.node,
      data: { position: entry.index + 1, count, what: `'${entry.key}' of the split() result`, earlier: entry.index === 0 ? '' : ' (and no earlier predicate)', hint: `read result['${entry.key}'], or pass withChain/withConsumer` },
    });
  }
}

/** Predicates up to and including the first always-true one can get records; everything after cannot. */
function reachableCount(info: BranchInfo): number {
  const index = info.predicates.findIndex((p) => {
    const fn = functionOf(p.expr);
    return fn !== undefined && isAlwaysTrue(fn);
  });
  return index < 0 ? Number.POSITIVE_INFINITY : index + 1;
}

/** `withChain` / `withConsumer`: the branch is consumed inside the options (or not put in the map). */
function hasChain(options: Node | undefined): boolean {
  const literal = objectLiteralOf(options, 0);
  return literal !== undefined && (literal.getProperty('withChain') !== undefined || literal.getProperty('withConsumer') !== undefined);
}

function outermost(expr: Node): Node {
  let current = expr;
  let parent = current.getParent();
  while (parent !== undefined && (Node.isParenthesizedExpression(parent) || Node.isAsExpression(parent) || Node.isSatisfiesExpression(parent) || Node.isNonNullExpression(parent))) {
    current = parent;
    parent = current.getParent();
  }
  return current;
}

/** What the code does with the result of `call`: array indexes or map keys read, or undefined (passed on, iterated...). */
function consumedResults(call: CallExpression, shape: 'array' | 'map'): Consumed {
  const expr = outermost(call);
  const parent = expr.getParent();
  if (parent === undefined) return undefined;
  if (Node.isExpressionStatement(parent)) return new Set();
  const key = accessKey(expr, shape);
  if (key !== null) return key === undefined ? undefined : new Set([key]);
  if (!Node.isVariableDeclaration(parent) || parent.getInitializer() !== expr) return undefined;
  const name = parent.getNameNode();
  if (Node.isIdentifier(name)) {
    const out = new Set<string>();
    for (const ref of referencesOf(name)) {
      const k = accessKey(outermost(ref), shape);
      if (k === null || k === undefined) return undefined;
      out.add(k);
    }
    return out;
  }
  if (shape === 'array' && Node.isArrayBindingPattern(name)) {
    const out = new Set<string>();
    let index = 0;
    for (const element of name.getElements()) {
      if (Node.isBindingElement(element)) {
        if (element.getDotDotDotToken() !== undefined) return used(element.getNameNode()) ? undefined : out;
        if (used(element.getNameNode())) out.add(String(index));
      }
      index += 1;
    }
    return out;
  }
  if (shape === 'map' && Node.isObjectBindingPattern(name)) {
    const out = new Set<string>();
    for (const element of name.getElements()) {
      if (element.getDotDotDotToken() !== undefined) {
        if (used(element.getNameNode())) return undefined;
        continue;
      }
      const prop = element.getPropertyNameNode();
      const k = prop === undefined ? element.getName() : propertyName(prop);
      if (k === undefined) return undefined;
      if (used(element.getNameNode())) out.add(k);
    }
    return out;
  }
  return undefined;
}

/** A binding is used when anything refers to it (nested patterns count as used). */
function used(name: Node): boolean {
  if (!Node.isIdentifier(name)) return true;
  return referencesOf(name).length > 0;
}

/** `x[2]` / `x['a']` / `x.a` on `expr`: the key; null when `expr` is not accessed so; undefined for a computed key. */
function accessKey(expr: Node, shape: 'array' | 'map'): string | null | undefined {
  const parent = expr.getParent();
  if (Node.isElementAccessExpression(parent) && parent.getExpression() === expr) {
    const key = resolveValue(parent.getArgumentExpression());
    if (shape === 'array') return typeof key === 'number' && Number.isInteger(key) ? String(key) : undefined;
    return typeof key === 'string' ? key : undefined;
  }
  // `branches.forEach(...)`, `branches.length`: the array used whole.
  if (Node.isPropertyAccessExpression(parent) && parent.getExpression() === expr) return shape === 'map' ? parent.getName() : undefined;
  return null;
}
