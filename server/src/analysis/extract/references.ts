// Finding where a value goes: references of a variable or parameter, call sites of a function.
import { Node, SyntaxKind, ts, type CallExpression, type Identifier, type SourceFile } from 'ts-morph';
import { recordName } from '../deps';
import { programWorkspaceFiles } from '../project';
import { resolvedSymbol } from '../symbols';
import { wrapCompilerNode } from '../wrap-node';

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
    const node = wrapCompilerNode(sf, id);
    if (node !== undefined && Node.isIdentifier(node)) out.push(node);
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
  let init: Node | undefined;
  if (Node.isVariableDeclaration(decl) || Node.isPropertyAssignment(decl) || Node.isPropertyDeclaration(decl)) init = decl.getInitializer();
  else if (Node.isExportAssignment(decl)) init = decl.getExpression(); // `export default (raw) => ...`
  while (init !== undefined && (Node.isParenthesizedExpression(init) || Node.isAsExpression(init) || Node.isSatisfiesExpression(init))) init = init.getExpression();
  if (init !== undefined && (Node.isArrowFunction(init) || Node.isFunctionExpression(init))) return init;
  return undefined;
}

/** Call sites of a function-like (through its name or the const holding it). */
export function callSitesOf(fn: Node): CallExpression[] {
  return usesOf(fn).calls;
}

export interface FunctionUses {
  calls: CallExpression[];
  /** Some reference goes where it is not followed (stored, passed on): it may be called from anywhere. */
  escapes: boolean;
}

const MAX_USE_DEPTH = 6;

/**
 * Where a function is called: through its name, a const holding it, the default import of a
 * default export, a class method's `x.method()` calls, and dispatch tables (`JOBS[name]()` reaches
 * every entry of `const JOBS = { audit: auditJob, ... }`).
 */
export function usesOf(fn: Node): FunctionUses {
  const out: FunctionUses = { calls: [], escapes: false };
  if (Node.isMethodDeclaration(fn)) {
    out.calls.push(...methodCallSites(fn));
    return out;
  }
  const parent = fn.getParent();
  let refs: Node[] | undefined;
  if (Node.isFunctionDeclaration(fn)) {
    const name = fn.getNameNode();
    refs = name === undefined ? [] : [...referencesOf(name)];
    if (fn.isDefaultExport()) refs.push(...defaultImports(fn.getSourceFile()));
  } else if (Node.isArrowFunction(fn) || Node.isFunctionExpression(fn)) {
    if (Node.isVariableDeclaration(parent)) {
      const n = parent.getNameNode();
      refs = Node.isIdentifier(n) ? referencesOf(n) : undefined;
    } else if (Node.isExportAssignment(parent)) refs = defaultImports(fn.getSourceFile());
    else refs = [fn]; // written in place (a dispatch table entry, an argument): follow the expression itself
  }
  if (refs === undefined) return { calls: [], escapes: true };
  for (const ref of refs) followUse(ref, out, 0);
  return out;
}

function followUse(expr: Node, out: FunctionUses, depth: number): void {
  if (depth > MAX_USE_DEPTH) {
    out.escapes = true;
    return;
  }
  let current = expr;
  let parent = current.getParent();
  while (parent !== undefined && (Node.isParenthesizedExpression(parent) || Node.isAsExpression(parent) || Node.isSatisfiesExpression(parent) || Node.isNonNullExpression(parent))) {
    current = parent;
    parent = current.getParent();
  }
  if (parent === undefined) return;
  if (Node.isCallExpression(parent) && parent.getExpression() === current) {
    if (!out.calls.includes(parent)) out.calls.push(parent);
    return;
  }
  if (Node.isVariableDeclaration(parent) && parent.getInitializer() === current) {
    const name = parent.getNameNode();
    if (!Node.isIdentifier(name) || parent.getVariableStatement()?.getDeclarationKind() !== 'const') {
      out.escapes = true;
      return;
    }
    for (const ref of referencesOf(name)) followUse(ref, out, depth + 1);
    return;
  }
  if (Node.isPropertyAssignment(parent) && parent.getInitializer() === current) {
    followTableEntry(parent, out, depth);
    return;
  }
  if (Node.isShorthandPropertyAssignment(parent)) {
    followTableEntry(parent, out, depth);
    return;
  }
  // Looking at it is not calling it: `if (job === undefined)`, `typeof job`, `!job`, exports.
  if (Node.isBinaryExpression(parent) && /^[!=]==?$/.test(parent.getOperatorToken().getText())) return;
  if (Node.isTypeOfExpression(parent) || Node.isPrefixUnaryExpression(parent) || Node.isExportAssignment(parent) || Node.isExportSpecifier(parent)) return;
  if (Node.isIfStatement(parent) && parent.getExpression() === current) return;
  out.escapes = true;
}

/** An entry of `const TABLE = { name: fn }`: reached by `TABLE.name` and by `TABLE[key]` for an unknown or equal key. */
function followTableEntry(entry: import('ts-morph').PropertyAssignment | import('ts-morph').ShorthandPropertyAssignment, out: FunctionUses, depth: number): void {
  const literal = entry.getParent();
  let holder: Node | undefined = literal.getParent();
  while (holder !== undefined && (Node.isAsExpression(holder) || Node.isSatisfiesExpression(holder) || Node.isParenthesizedExpression(holder))) holder = holder.getParent();
  if (!Node.isVariableDeclaration(holder) || holder.getVariableStatement()?.getDeclarationKind() !== 'const') {
    out.escapes = true;
    return;
  }
  const tableName = holder.getNameNode();
  if (!Node.isIdentifier(tableName)) {
    out.escapes = true;
    return;
  }
  const key = entry.getName();
  for (const ref of referencesOf(tableName)) {
    const access = ref.getParent();
    if (Node.isPropertyAccessExpression(access) && access.getExpression() === ref) {
      if (access.getName() === key) followUse(access, out, depth + 1);
      continue;
    }
    if (Node.isElementAccessExpression(access) && access.getExpression() === ref) {
      const arg = access.getArgumentExpression();
      const literalKey = arg !== undefined && (Node.isStringLiteral(arg) || Node.isNoSubstitutionTemplateLiteral(arg)) ? arg.getLiteralValue() : undefined;
      if (literalKey === undefined || literalKey === key) followUse(access, out, depth + 1);
      continue;
    }
    // `name in JOBS`, `Object.keys(JOBS)` do not call; anything else may.
    if (Node.isBinaryExpression(access) && access.getOperatorToken().getText() === 'in') continue;
    if (Node.isCallExpression(access) && /^Object\.keys$/.test(access.getExpression().getText())) continue;
    out.escapes = true;
  }
}

/** The local names other workspace files import `sf`'s default export under. */
function defaultImports(sf: SourceFile): Identifier[] {
  const out: Identifier[] = [];
  for (const other of programWorkspaceFiles(sf.getProject(), 'import')) {
    for (const decl of other.getImportDeclarations()) {
      const name = decl.getDefaultImport();
      if (name === undefined || decl.getModuleSpecifierSourceFile() !== sf) continue;
      out.push(...referencesOf(name));
    }
  }
  return out;
}

/** Calls `x.method(...)` of a class method anywhere in the workspace (text pre-filter, then symbols). */
function methodCallSites(method: import('ts-morph').MethodDeclaration): CallExpression[] {
  const name = method.getName();
  const out: CallExpression[] = [];
  for (const sf of programWorkspaceFiles(method.getProject(), name)) {
    for (const access of sf.getDescendantsOfKind(SyntaxKind.PropertyAccessExpression)) {
      if (access.getName() !== name) continue;
      const call = access.getParent();
      if (!Node.isCallExpression(call) || call.getExpression() !== access) continue;
      if (resolvedSymbol(access.getNameNode())?.getDeclarations().includes(method) === true) out.push(call);
    }
  }
  return out;
}
