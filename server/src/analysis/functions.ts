// Predicates and callbacks as functions: resolving them through names and consts, canonical
// forms for structural equality (parameter names and whitespace ignored), always-true detection.
import { Node, SyntaxKind } from 'ts-morph';
import { resolvedSymbol } from './symbols';
import { functionOfDeclaration } from './extract/references';
import { resolveValue } from './values';

export type FunctionNode = import('ts-morph').ArrowFunction | import('ts-morph').FunctionExpression | import('ts-morph').FunctionDeclaration | import('ts-morph').MethodDeclaration;

/** The function an argument stands for: written inline, or a named function / const arrow. */
export function functionOf(expr: Node | undefined, depth = 0): FunctionNode | undefined {
  if (expr === undefined || depth > 10) return undefined;
  if (Node.isArrowFunction(expr) || Node.isFunctionExpression(expr)) return expr;
  if (Node.isParenthesizedExpression(expr) || Node.isAsExpression(expr) || Node.isSatisfiesExpression(expr)) return functionOf(expr.getExpression(), depth + 1);
  if (Node.isIdentifier(expr) || Node.isPropertyAccessExpression(expr)) {
    const target = Node.isPropertyAccessExpression(expr) ? expr.getNameNode() : expr;
    for (const decl of resolvedSymbol(target)?.getDeclarations() ?? []) {
      const fn = functionOfDeclaration(decl);
      if (fn !== undefined && (Node.isArrowFunction(fn) || Node.isFunctionExpression(fn) || Node.isFunctionDeclaration(fn) || Node.isMethodDeclaration(fn))) return fn;
      if (Node.isVariableDeclaration(decl) && decl.getVariableStatement()?.getDeclarationKind() === 'const') {
        const init = decl.getInitializer();
        if (init !== undefined && Node.isIdentifier(init)) return functionOf(init, depth + 1);
      }
    }
  }
  return undefined;
}

/** Return statements of `fn` itself (not of nested functions). */
export function ownReturns(fn: FunctionNode): import('ts-morph').ReturnStatement[] {
  const out: import('ts-morph').ReturnStatement[] = [];
  const body = fn.getBody();
  if (body === undefined) return out;
  body.forEachDescendant((node, traversal) => {
    if (Node.isFunctionLikeDeclaration(node) || Node.isArrowFunction(node) || Node.isFunctionExpression(node) || Node.isClassDeclaration(node)) {
      traversal.skip();
      return;
    }
    if (Node.isReturnStatement(node)) out.push(node);
  });
  return out;
}

/** `() => true`, `(k, v) => true`, a function whose every return is `true` (through consts). */
export function isAlwaysTrue(fn: FunctionNode): boolean {
  const body = fn.getBody();
  if (body === undefined) return false;
  if (!Node.isBlock(body)) return resolveValue(body) === true;
  const returns = ownReturns(fn);
  if (returns.length === 0) return false;
  const last = body.getStatements().at(-1);
  if (last === undefined || !Node.isReturnStatement(last)) return false; // falling off the end returns undefined
  return returns.every((r) => resolveValue(r.getExpression()) === true);
}

/** The single expression a predicate computes: its expression body or its only `return`. */
export function resultExpression(fn: FunctionNode): Node | undefined {
  const body = fn.getBody();
  if (body === undefined) return undefined;
  if (!Node.isBlock(body)) return body;
  const statements = body.getStatements();
  const only = statements[0];
  if (statements.length === 1 && only !== undefined && Node.isReturnStatement(only)) return only.getExpression();
  return undefined;
}

/** A canonical text of an expression with the function's parameters renamed by position. */
export function canonical(node: Node, fn: FunctionNode): string {
  const params = new Map<string, string>();
  let i = 0;
  for (const p of fn.getParameters()) {
    const name = p.getNameNode();
    const ids = Node.isIdentifier(name) ? [name] : name.getDescendantsOfKind(SyntaxKind.Identifier);
    for (const id of ids) params.set(id.getText(), `$${i++}`);
  }
  const walk = (n: Node): string => {
    if (Node.isParenthesizedExpression(n)) return walk(n.getExpression());
    if (Node.isIdentifier(n)) return params.get(n.getText()) ?? n.getText();
    const children = n.getChildren();
    if (children.length === 0) return n.getKind() === SyntaxKind.SyntaxList ? '' : n.getText();
    return `${n.getKindName()}(${children.map(walk).join(',')})`;
  };
  return walk(node);
}

/** Top-level operands of an `a && b && c` chain. */
export function conjuncts(node: Node): Node[] {
  if (Node.isParenthesizedExpression(node)) return conjuncts(node.getExpression());
  if (Node.isBinaryExpression(node) && node.getOperatorToken().getKind() === SyntaxKind.AmpersandAmpersandToken) {
    return [...conjuncts(node.getLeft()), ...conjuncts(node.getRight())];
  }
  return [node];
}
