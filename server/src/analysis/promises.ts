// Whether a function returns a Promise, from the type checker (so helpers in other modules,
// methods of services and bound functions count as well as inline `async` arrows).
import { Node, SyntaxKind, type Type } from 'ts-morph';

export type PromiseReturn = 'always' | 'sometimes' | 'never';

/** 'always' when every call signature of the callee returns a Promise-like, 'sometimes' when some constituent does. */
export function promiseReturnOf(callee: Node): PromiseReturn {
  const signatures = callee.getType().getCallSignatures();
  if (signatures.length === 0) return 'never';
  let all = true;
  let some = false;
  for (const signature of signatures) {
    const kind = promiseKind(signature.getReturnType());
    if (kind === 'never') all = false;
    else some = true;
    if (kind === 'sometimes') all = false;
  }
  return all ? 'always' : some ? 'sometimes' : 'never';
}

/** A type that is (or, for a union, may be) a Promise or another thenable; any/unknown are not. */
export function promiseKind(type: Type): PromiseReturn {
  if (type.isAny() || type.isUnknown()) return 'never';
  if (type.isUnion()) {
    const parts = type.getUnionTypes().map(isThenable);
    if (parts.every(Boolean)) return 'always';
    return parts.some(Boolean) ? 'sometimes' : 'never';
  }
  return isThenable(type) ? 'always' : 'never';
}

function isThenable(type: Type): boolean {
  if (type.isAny() || type.isUnknown() || type.isNull() || type.isUndefined()) return false;
  const name = type.getSymbol()?.getName();
  if (name === 'Promise' || name === 'PromiseLike') return true;
  const then = type.getProperty('then');
  if (then === undefined) return false;
  const decl = then.getValueDeclaration() ?? then.getDeclarations()[0];
  if (decl === undefined) return false;
  return then.getTypeAtLocation(decl).getCallSignatures().length > 0;
}

/** `async` written on the function itself. */
export function isAsyncFunction(fn: Node): boolean {
  return (Node.isArrowFunction(fn) || Node.isFunctionExpression(fn) || Node.isFunctionDeclaration(fn) || Node.isMethodDeclaration(fn)) && fn.isAsync();
}

/** An `await` (or `for await`) in the function's own body, not in nested functions. */
export function hasOwnAwait(fn: Node): boolean {
  let found = false;
  fn.forEachDescendant((node, traversal) => {
    if (found) return;
    if (node !== fn && (Node.isFunctionLikeDeclaration(node) || Node.isArrowFunction(node) || Node.isFunctionExpression(node) || Node.isClassDeclaration(node))) {
      traversal.skip();
      return;
    }
    if (Node.isAwaitExpression(node) || (Node.isForOfStatement(node) && node.isAwaited())) found = true;
  });
  return found;
}

/** The `async` keyword of a function, for a fix that removes it. */
export function asyncKeyword(fn: Node): Node | undefined {
  if (!(Node.isArrowFunction(fn) || Node.isFunctionExpression(fn) || Node.isFunctionDeclaration(fn) || Node.isMethodDeclaration(fn))) return undefined;
  return fn.getModifiers().find((m) => m.getKind() === SyntaxKind.AsyncKeyword);
}
