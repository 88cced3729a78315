// Finding where a value goes: references of a variable or parameter, call sites of a function.
import { Node, SyntaxKind, type CallExpression, type Identifier } from 'ts-morph';
import { resolvedSymbol } from '../symbols';

/** References of the variable/parameter/function named by `name` (declaration excluded). */
export function referencesOf(name: Identifier): Identifier[] {
  const symbol = name.getSymbol();
  if (symbol === undefined) return [];
  const decl = symbol.getDeclarations()[0];
  if (decl === undefined) return [];
  if (!isExported(decl)) {
    const scope = localScope(decl);
    const text = name.getText();
    return scope.getDescendantsOfKind(SyntaxKind.Identifier).filter((id) => id !== name && id.getText() === text && sameSymbol(id, symbol));
  }
  const out: Identifier[] = [];
  for (const ref of name.findReferencesAsNodes()) {
    if (!Node.isIdentifier(ref) || ref === name) continue;
    const parent = ref.getParent();
    if (Node.isImportSpecifier(parent) || Node.isExportSpecifier(parent) || Node.isImportClause(parent)) continue;
    out.push(ref);
  }
  return out;
}

function sameSymbol(id: Identifier, symbol: import('ts-morph').Symbol): boolean {
  const s = id.getSymbol();
  if (s === undefined) return false;
  if (s === symbol) return true;
  // Shorthand properties `{ x }` resolve to the property; their value symbol is the variable.
  const parent = id.getParent();
  if (Node.isShorthandPropertyAssignment(parent)) return parent.getValueSymbol() === symbol;
  return false;
}

function isExported(decl: Node): boolean {
  if (Node.isVariableDeclaration(decl)) return decl.getVariableStatement()?.isExported() === true || hasExportSpecifier(decl);
  if (Node.isFunctionDeclaration(decl) || Node.isClassDeclaration(decl)) return decl.isExported() || hasExportSpecifier(decl);
  return false;
}

function hasExportSpecifier(decl: Node): boolean {
  const name = Node.isVariableDeclaration(decl) || Node.isFunctionDeclaration(decl) ? decl.getName() : undefined;
  if (name === undefined) return false;
  return decl.getSourceFile().getExportDeclarations().some((e) => e.getNamedExports().some((s) => s.getName() === name));
}

function localScope(decl: Node): Node {
  if (Node.isParameterDeclaration(decl)) return decl.getParentOrThrow();
  const block = decl.getFirstAncestor((a) => Node.isBlock(a) || Node.isSourceFile(a) || Node.isFunctionLikeDeclaration(a));
  return block ?? decl.getSourceFile();
}

/** The function-like a callee expression resolves to, when it is workspace code with a body. */
export function calleeFunction(call: CallExpression): Node | undefined {
  const callee = call.getExpression();
  const target = Node.isPropertyAccessExpression(callee) ? callee.getNameNode() : callee;
  const symbol = resolvedSymbol(target);
  for (const decl of symbol?.getDeclarations() ?? []) {
    const fn = functionOfDeclaration(decl);
    if (fn !== undefined) return fn;
  }
  return undefined;
}

export function functionOfDeclaration(decl: Node): Node | undefined {
  if (Node.isFunctionDeclaration(decl) || Node.isMethodDeclaration(decl)) return decl.getBody() === undefined ? undefined : decl;
  if (Node.isVariableDeclaration(decl) || Node.isPropertyAssignment(decl)) {
    let init = decl.getInitializer();
    while (init !== undefined && (Node.isParenthesizedExpression(init) || Node.isAsExpression(init) || Node.isSatisfiesExpression(init))) init = init.getExpression();
    if (init !== undefined && (Node.isArrowFunction(init) || Node.isFunctionExpression(init))) return init;
  }
  return undefined;
}

/** Call sites of a function-like (through its name or the const holding it). */
export function callSitesOf(fn: Node): CallExpression[] {
  let name: Identifier | undefined;
  if (Node.isFunctionDeclaration(fn)) name = fn.getNameNode();
  else if (Node.isArrowFunction(fn) || Node.isFunctionExpression(fn)) {
    const parent = fn.getParent();
    if (Node.isVariableDeclaration(parent)) {
      const n = parent.getNameNode();
      if (Node.isIdentifier(n)) name = n;
    }
  }
  if (name === undefined) return [];
  const out: CallExpression[] = [];
  for (const ref of referencesOf(name)) {
    const parent = ref.getParent();
    if (Node.isCallExpression(parent) && parent.getExpression() === ref) out.push(parent);
  }
  return out;
}
