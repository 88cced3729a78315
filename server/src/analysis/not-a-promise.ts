// A cheap, syntax-first proof that a callback never returns a Promise, so the type checker is not
// asked for the callback's type (which resolves every DSL call of the chain: most of the cost of a
// cold check). Only answers "certainly not"; anything else goes to the checker as before.
import { Node, SyntaxKind, type TypeNode } from 'ts-morph';
import { resolvedSymbol } from './symbols';

const MAX_DEPTH = 4;

/** String, number and array methods that never return a Promise (called on a record key or value). */
const PLAIN_METHODS = new Set([
  'startsWith', 'endsWith', 'includes', 'indexOf', 'lastIndexOf', 'slice', 'substring', 'substr', 'toUpperCase', 'toLowerCase',
  'toLocaleUpperCase', 'toLocaleLowerCase', 'trim', 'trimStart', 'trimEnd', 'split', 'replace', 'replaceAll', 'padStart', 'padEnd',
  'charAt', 'charCodeAt', 'codePointAt', 'concat', 'repeat', 'match', 'search', 'localeCompare', 'normalize', 'at', 'join',
  'toString', 'toFixed', 'toPrecision', 'valueOf', 'some', 'every', 'find', 'findIndex', 'filter', 'map', 'reduce', 'flat',
  'flatMap', 'keys', 'values', 'entries', 'has', 'get', 'test', 'exec', 'toISOString', 'getTime',
]);

/** Global conversion functions of the standard library. */
const PLAIN_GLOBALS = new Set(['String', 'Number', 'Boolean', 'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'encodeURIComponent', 'encodeURI', 'escape']);

const isLibFile = (path: string): boolean => /[\\/]lib\.[\w.]+\.d\.ts$|[\\/]@types[\\/]node[\\/]/.test(path);

const KEYWORD_TYPES = new Set([
  SyntaxKind.StringKeyword, SyntaxKind.NumberKeyword, SyntaxKind.BooleanKeyword, SyntaxKind.VoidKeyword, SyntaxKind.UndefinedKeyword,
  SyntaxKind.NullKeyword, SyntaxKind.NeverKeyword, SyntaxKind.BigIntKeyword, SyntaxKind.SymbolKeyword,
]);

/** True when `fn` (an inline or named, non-async function) certainly returns no Promise. */
export function certainlyNotPromise(fn: Node, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  if (!(Node.isArrowFunction(fn) || Node.isFunctionExpression(fn) || Node.isFunctionDeclaration(fn) || Node.isMethodDeclaration(fn))) return false;
  if (fn.isAsync()) return false;
  const annotated = fn.getReturnTypeNode();
  if (annotated !== undefined) return typeIsPlain(annotated, depth);
  const body = fn.getBody();
  if (body === undefined) return false;
  if (!Node.isBlock(body)) return exprIsPlain(body, fn, depth);
  let plain = true;
  body.forEachDescendant((node, traversal) => {
    if (!plain) return;
    if (Node.isFunctionLikeDeclaration(node) || Node.isArrowFunction(node) || Node.isFunctionExpression(node) || Node.isClassDeclaration(node)) {
      traversal.skip();
      return;
    }
    if (Node.isReturnStatement(node)) {
      const value = node.getExpression();
      if (value !== undefined && !exprIsPlain(value, fn, depth)) plain = false;
    }
  });
  return plain;
}

function exprIsPlain(expr: Node, fn: Node, depth: number): boolean {
  if (Node.isParenthesizedExpression(expr) || Node.isAsExpression(expr) || Node.isSatisfiesExpression(expr) || Node.isNonNullExpression(expr)) {
    return Node.isAsExpression(expr) || Node.isSatisfiesExpression(expr) ? typeIsPlain(expr.getTypeNode(), depth) || exprIsPlain(expr.getExpression(), fn, depth) : exprIsPlain(expr.getExpression(), fn, depth);
  }
  if (Node.isStringLiteral(expr) || Node.isNumericLiteral(expr) || Node.isNoSubstitutionTemplateLiteral(expr) || Node.isTemplateExpression(expr) || Node.isBigIntLiteral(expr) || Node.isRegularExpressionLiteral(expr)) return true;
  const kind = expr.getKind();
  if (kind === SyntaxKind.TrueKeyword || kind === SyntaxKind.FalseKeyword || kind === SyntaxKind.NullKeyword) return true;
  if (Node.isIdentifier(expr) && expr.getText() === 'undefined') return true;
  if (Node.isPrefixUnaryExpression(expr) || Node.isPostfixUnaryExpression(expr) || Node.isTypeOfExpression(expr) || Node.isVoidExpression(expr) || Node.isDeleteExpression(expr)) return true;
  if (Node.isArrayLiteralExpression(expr)) return true;
  if (Node.isObjectLiteralExpression(expr)) {
    // An object literal is thenable only with a `then` member.
    return expr.getProperties().every((p) => !Node.isSpreadAssignment(p) && memberName(p) !== 'then');
  }
  if (Node.isConditionalExpression(expr)) return exprIsPlain(expr.getWhenTrue(), fn, depth) && exprIsPlain(expr.getWhenFalse(), fn, depth);
  if (Node.isBinaryExpression(expr)) {
    const op = expr.getOperatorToken().getKind();
    if (op === SyntaxKind.AmpersandAmpersandToken || op === SyntaxKind.BarBarToken || op === SyntaxKind.QuestionQuestionToken) {
      return exprIsPlain(expr.getLeft(), fn, depth) && exprIsPlain(expr.getRight(), fn, depth);
    }
    if (op === SyntaxKind.CommaToken) return exprIsPlain(expr.getRight(), fn, depth);
    // Comparisons, arithmetic, `in`, `instanceof`: booleans, numbers and strings.
    return op < SyntaxKind.FirstAssignment || op > SyntaxKind.LastAssignment;
  }
  if (Node.isPropertyAccessExpression(expr) && expr.getName() === 'length') return true;
  if (Node.isIdentifier(expr)) {
    // A const of the function itself: what it was initialised with.
    const decl = resolvedSymbol(expr)?.getDeclarations()[0];
    if (Node.isVariableDeclaration(decl) && decl.getVariableStatement()?.getDeclarationKind() === 'const' && decl.getFirstAncestor((a) => a === fn) !== undefined) {
      const init = decl.getInitializer();
      return init !== undefined && depth < MAX_DEPTH && exprIsPlain(init, fn, depth + 1);
    }
    return false;
  }
  if (Node.isCallExpression(expr)) return callIsPlain(expr, fn, depth);
  return false;
}

function callIsPlain(call: import('ts-morph').CallExpression, fn: Node, depth: number): boolean {
  const callee = call.getExpression();
  if (Node.isPropertyAccessExpression(callee)) {
    const root = rootOf(callee.getExpression());
    // A method of the record itself (a callback parameter): asking for its symbol would resolve the
    // whole DSL chain; string and array methods are known not to return Promises.
    if (root !== undefined && isParameterOf(root, fn)) return PLAIN_METHODS.has(callee.getName());
  }
  const target = Node.isPropertyAccessExpression(callee) ? callee.getNameNode() : Node.isIdentifier(callee) ? callee : undefined;
  if (target === undefined) return false;
  const decls = resolvedSymbol(target)?.getDeclarations() ?? [];
  if (decls.length === 0) return false;
  if (Node.isIdentifier(callee) && PLAIN_GLOBALS.has(callee.getText())) return decls.every((d) => isLibFile(d.getSourceFile().getFilePath()));
  return decls.every((decl) => declarationIsPlain(decl, depth + 1));
}

function declarationIsPlain(decl: Node, depth: number): boolean {
  if (Node.isFunctionDeclaration(decl) || Node.isMethodDeclaration(decl) || Node.isMethodSignature(decl)) {
    if (Node.isFunctionDeclaration(decl) || Node.isMethodDeclaration(decl)) {
      if (decl.isAsync()) return false;
      const annotated = decl.getReturnTypeNode();
      if (annotated !== undefined) return typeIsPlain(annotated, depth);
      return decl.getBody() !== undefined && certainlyNotPromise(decl, depth);
    }
    return typeIsPlain(decl.getReturnTypeNode(), depth);
  }
  if (Node.isVariableDeclaration(decl) || Node.isPropertyDeclaration(decl) || Node.isPropertyAssignment(decl)) {
    let init = decl.getInitializer();
    while (init !== undefined && (Node.isParenthesizedExpression(init) || Node.isAsExpression(init) || Node.isSatisfiesExpression(init))) init = init.getExpression();
    return init !== undefined && (Node.isArrowFunction(init) || Node.isFunctionExpression(init)) && certainlyNotPromise(init, depth);
  }
  return false;
}

/** A written type that is certainly not a Promise or other thenable. */
function typeIsPlain(type: TypeNode | undefined, depth: number): boolean {
  if (type === undefined || depth > MAX_DEPTH) return false;
  if (KEYWORD_TYPES.has(type.getKind())) return true;
  if (Node.isLiteralTypeNode(type) || Node.isTemplateLiteralTypeNode(type)) return true;
  if (Node.isArrayTypeNode(type) || Node.isTupleTypeNode(type)) return true;
  if (Node.isParenthesizedTypeNode(type)) return typeIsPlain(type.getTypeNode(), depth);
  if (Node.isUnionTypeNode(type)) return type.getTypeNodes().every((t) => typeIsPlain(t, depth));
  if (Node.isTypeLiteral(type)) return type.getMembers().every((m) => memberName(m) !== 'then');
  if (Node.isTypeReference(type)) {
    const name = type.getTypeName();
    const text = name.getText();
    if (text === 'Promise' || text === 'PromiseLike') return false;
    if (['Array', 'ReadonlyArray', 'Map', 'Set', 'Record', 'Buffer', 'Uint8Array', 'Date', 'RegExp'].includes(text)) return true;
    const decls = resolvedSymbol(Node.isQualifiedName(name) ? name.getRight() : name)?.getDeclarations() ?? [];
    if (decls.length === 0) return false;
    return decls.every((d) => {
      if (Node.isInterfaceDeclaration(d)) return d.getExtends().length === 0 && !d.getMembers().some((m) => memberName(m) === 'then');
      if (Node.isClassDeclaration(d)) return d.getExtends() === undefined && !d.getMembers().some((m) => memberName(m) === 'then');
      if (Node.isEnumDeclaration(d)) return true;
      if (Node.isTypeAliasDeclaration(d)) return typeIsPlain(d.getTypeNode(), depth + 1);
      return false;
    });
  }
  return false;
}

function rootOf(expr: Node): Node | undefined {
  let current = expr;
  while (Node.isPropertyAccessExpression(current) || Node.isElementAccessExpression(current) || Node.isCallExpression(current) || Node.isNonNullExpression(current) || Node.isParenthesizedExpression(current)) current = current.getExpression();
  return Node.isIdentifier(current) ? current : undefined;
}

/** `id` names a parameter of `fn` (by text and scope: no checker needed for the common case). */
function isParameterOf(id: Node, fn: Node): boolean {
  if (!(Node.isArrowFunction(fn) || Node.isFunctionExpression(fn) || Node.isFunctionDeclaration(fn) || Node.isMethodDeclaration(fn))) return false;
  const name = id.getText();
  return fn.getParameters().some((p) => {
    const n = p.getNameNode();
    return Node.isIdentifier(n) ? n.getText() === name : n.getDescendantsOfKind(SyntaxKind.Identifier).some((d) => d.getText() === name);
  });
}

function memberName(member: Node): string | undefined {
  if (Node.isPropertyAssignment(member) || Node.isShorthandPropertyAssignment(member) || Node.isMethodDeclaration(member) || Node.isPropertySignature(member)
    || Node.isMethodSignature(member) || Node.isPropertyDeclaration(member) || Node.isGetAccessorDeclaration(member)) return member.getName();
  return undefined;
}
