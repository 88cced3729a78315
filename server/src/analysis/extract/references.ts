// Finding where a value goes: references of a variable or parameter, call sites of a function.
import { Node, ts, type CallExpression, type Identifier } from 'ts-morph';
import { recordName } from '../deps';
import { programWorkspaceFiles } from '../project';
import { resolvedSymbol } from '../symbols';

/**
 * References of the variable/parameter/function named by `name` (declaration excluded). A text
 * search plus symbol comparison: much cheaper than the language service's find-references, and
 * exported names are only searched in files whose text mentions them.
 */
export function referencesOf(name: Identifier): Identifier[] {
  const symbol = name.getSymbol();
  if (symbol === undefined) return [];
  const decl = symbol.getDeclarations()[0];
  if (decl === undefined) return [];
  const text = name.getText();
  const target = symbol.compilerSymbol;
  const exported = isExported(decl);
  if (exported) recordName(text);
  const scopes: Node[] = exported
    ? programWorkspaceFiles(decl.getProject(), text)
    : [localScope(decl)];
  const out: Identifier[] = [];
  for (const scope of scopes) out.push(...matchingIdentifiers(scope, text, target, name));
  return out;
}

const ID_CHAR = /[A-Za-z0-9_$]/;

/**
 * Identifiers spelled `name` in `scope` that refer to `target`. Candidates are found in the text,
 * checked on compiler nodes (the checker's symbol, aliases, shorthand properties), and only the
 * matches are wrapped as ts-morph nodes.
 */
function matchingIdentifiers(scope: Node, name: string, target: ts.Symbol, exclude: Identifier): Identifier[] {
  const sf = scope.getSourceFile();
  const compilerFile = sf.compilerNode;
  const text = compilerFile.text;
  const end = scope.getEnd();
  const checker = sf.getProject().getTypeChecker().compilerObject;
  const out: Identifier[] = [];
  for (let i = text.indexOf(name, scope.getPos()); i >= 0 && i < end; i = text.indexOf(name, i + name.length)) {
    if (ID_CHAR.test(text[i - 1] ?? '') || ID_CHAR.test(text[i + name.length] ?? '')) continue;
    const id = identifierAt(compilerFile, i);
    if (id === undefined || id === exclude.compilerNode) continue;
    const parent = id.parent;
    if (ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent) || ts.isImportClause(parent)) continue;
    if (!refersTo(checker, id, target)) continue;
    const node = sf.getDescendantAtPos(i);
    if (node !== undefined && Node.isIdentifier(node) && node.getStart() === i) out.push(node);
  }
  return out;
}

/** The identifier starting at `pos`, found by descending compiler nodes (no wrappers created). */
function identifierAt(sf: ts.SourceFile, pos: number): ts.Identifier | undefined {
  let current: ts.Node = sf;
  for (;;) {
    let next: ts.Node | undefined;
    ts.forEachChild(current, (child) => {
      if (next === undefined && child.pos <= pos && pos < child.end) next = child;
      return next !== undefined;
    });
    if (next === undefined) return undefined;
    if (ts.isIdentifier(next)) return next.getStart(sf) === pos ? next : undefined;
    current = next;
  }
}

function refersTo(checker: ts.TypeChecker, id: ts.Identifier, target: ts.Symbol): boolean {
  const s = checker.getSymbolAtLocation(id);
  if (s === undefined) return false;
  if (s === target) return true;
  if ((s.flags & ts.SymbolFlags.Alias) !== 0 && checker.getAliasedSymbol(s) === target) return true;
  // Shorthand properties `{ x }` resolve to the property; their value symbol is the variable.
  return ts.isShorthandPropertyAssignment(id.parent) && checker.getShorthandAssignmentValueSymbol(id.parent) === target;
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
