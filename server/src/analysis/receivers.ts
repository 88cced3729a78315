// Which `new X(...)` an expression holds: through consts, variables assigned only `new X(...)`,
// class fields assigned in the class, and functions returning one (the way services keep an app
// or a test driver in a field). Undefined when any possible value is something else.
import { Node, SyntaxKind, type NewExpression } from 'ts-morph';
import { ownReturns } from './functions';
import { calleeFunction, referencesOf } from './extract/references';
import { resolvedSymbol, streamwiseClassName } from './symbols';

const MAX_DEPTH = 6;

export function constructedBy(expr: Node | undefined, className: string, depth = 0): NewExpression[] | undefined {
  if (expr === undefined || depth > MAX_DEPTH) return undefined;
  if (Node.isParenthesizedExpression(expr) || Node.isAsExpression(expr) || Node.isNonNullExpression(expr) || Node.isAwaitExpression(expr) || Node.isSatisfiesExpression(expr)) {
    return constructedBy(expr.getExpression(), className, depth + 1);
  }
  if (Node.isNewExpression(expr)) return streamwiseClassName(expr.getExpression()) === className ? [expr] : undefined;
  if (Node.isCallExpression(expr)) {
    const fn = calleeFunction(expr);
    if (fn === undefined || !(Node.isFunctionDeclaration(fn) || Node.isMethodDeclaration(fn) || Node.isArrowFunction(fn) || Node.isFunctionExpression(fn))) return undefined;
    const body = fn.getBody();
    const results = body !== undefined && !Node.isBlock(body) ? [body] : ownReturns(fn).map((r) => r.getExpression());
    return all(results, className, depth);
  }
  if (!Node.isIdentifier(expr) && !Node.isPropertyAccessExpression(expr)) return undefined;
  const name = Node.isPropertyAccessExpression(expr) ? expr.getNameNode() : expr;
  const decls = resolvedSymbol(name)?.getDeclarations() ?? [];
  const decl = decls[0];
  if (decl === undefined || decls.length > 1) return undefined;
  if (Node.isVariableDeclaration(decl)) {
    const id = decl.getNameNode();
    if (!Node.isIdentifier(id)) return undefined;
    const sources: (Node | undefined)[] = [];
    const init = decl.getInitializer();
    if (init !== undefined) sources.push(init);
    for (const ref of referencesOf(id)) {
      const assigned = assignedValue(ref);
      if (assigned !== undefined) sources.push(assigned);
    }
    return all(sources, className, depth);
  }
  if (Node.isPropertyDeclaration(decl)) {
    const cls = decl.getParent();
    const sources: (Node | undefined)[] = [];
    const init = decl.getInitializer();
    if (init !== undefined) sources.push(init);
    const symbol = resolvedSymbol(decl.getNameNode());
    for (const access of cls.getDescendantsOfKind(SyntaxKind.PropertyAccessExpression)) {
      if (access.getName() !== decl.getName() || resolvedSymbol(access.getNameNode()) !== symbol) continue;
      const assigned = assignedValue(access);
      if (assigned !== undefined) sources.push(assigned);
    }
    return all(sources, className, depth);
  }
  return undefined;
}

function all(sources: (Node | undefined)[], className: string, depth: number): NewExpression[] | undefined {
  if (sources.length === 0) return undefined;
  const out: NewExpression[] = [];
  for (const source of sources) {
    const found = constructedBy(source, className, depth + 1);
    if (found === undefined) return undefined;
    for (const n of found) if (!out.includes(n)) out.push(n);
  }
  return out;
}

/** The right-hand side when `ref` is the target of `ref = value`. */
function assignedValue(ref: Node): Node | undefined {
  const parent = ref.getParent();
  if (Node.isBinaryExpression(parent) && parent.getLeft() === ref && parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken) return parent.getRight();
  return undefined;
}
