// Which workspace classes an expression's value can be an instance of, the way services hold
// their collaborators: `new X()`, consts and lets assigned only instances, readonly or private
// fields (initializers, constructor assignments, parameter properties), constructor parameters
// (every `new C(...)` of the class in the workspace, or the default), functions returning one.
// Undefined when any possible value is something else or cannot be enumerated: a method is then
// only followed where virtual dispatch cannot pick another body.
import { Node, SyntaxKind, type ClassDeclaration, type MethodDeclaration, type ParameterDeclaration } from 'ts-morph';
import { recordName } from './deps';
import { ownReturns } from './functions';
import { programWorkspaceFiles } from './project';
import { calleeFunction, referencesOf, usesOf } from './extract/references';
import { resolvedSymbol, isWorkspaceCode } from './symbols';

const MAX_DEPTH = 8;

export function classesOf(expr: Node | undefined, depth = 0): ClassDeclaration[] | undefined {
  if (expr === undefined || depth > MAX_DEPTH) return undefined;
  const next = (n: Node | undefined): ClassDeclaration[] | undefined => classesOf(n, depth + 1);
  if (Node.isParenthesizedExpression(expr) || Node.isAsExpression(expr) || Node.isNonNullExpression(expr) || Node.isAwaitExpression(expr) || Node.isSatisfiesExpression(expr)) return next(expr.getExpression());
  if (Node.isNewExpression(expr)) {
    const target = expr.getExpression();
    const cls = resolvedSymbol(Node.isPropertyAccessExpression(target) ? target.getNameNode() : target)?.getDeclarations().find(Node.isClassDeclaration);
    return cls !== undefined && isWorkspaceCode(cls) ? [cls] : undefined;
  }
  if (Node.isConditionalExpression(expr)) return union([expr.getWhenTrue(), expr.getWhenFalse()], depth);
  if (Node.isCallExpression(expr)) {
    const fn = calleeFunction(expr);
    if (fn === undefined || !(Node.isFunctionDeclaration(fn) || Node.isMethodDeclaration(fn) || Node.isArrowFunction(fn) || Node.isFunctionExpression(fn))) return undefined;
    if (fn.isAsync() || (Node.isMethodDeclaration(fn) && !fn.isStatic() && overridden(fn))) return undefined;
    const body = fn.getBody();
    return union(body !== undefined && !Node.isBlock(body) ? [body] : ownReturns(fn).map((r) => r.getExpression()), depth);
  }
  if (!Node.isIdentifier(expr) && !Node.isPropertyAccessExpression(expr)) return undefined;
  const decls = resolvedSymbol(Node.isPropertyAccessExpression(expr) ? expr.getNameNode() : expr)?.getDeclarations() ?? [];
  const decl = decls[0];
  if (decl === undefined || decls.length > 1) return undefined;
  if (Node.isVariableDeclaration(decl)) {
    const id = decl.getNameNode();
    if (!Node.isIdentifier(id)) return undefined;
    const sources: (Node | undefined)[] = [decl.getInitializer()];
    for (const ref of referencesOf(id)) {
      const written = writeOf(ref);
      if (written === null) return undefined;
      if (written !== undefined) sources.push(written);
    }
    return union(sources, depth);
  }
  if (Node.isPropertyDeclaration(decl)) {
    if (decl.isStatic() || !(decl.isReadonly() || decl.hasModifier(SyntaxKind.PrivateKeyword) || Node.isPrivateIdentifier(decl.getNameNode()))) return undefined;
    const sources: (Node | undefined)[] = [];
    const init = decl.getInitializer();
    if (init !== undefined) sources.push(init);
    const writes = fieldWrites(decl.getParent(), decl.getName(), decl);
    if (writes === undefined) return undefined;
    return union([...sources, ...writes], depth);
  }
  if (Node.isParameterDeclaration(decl)) {
    // A parameter property (`constructor(private readonly prices: PriceService)`) or a parameter.
    if (decl.isParameterProperty()) {
      if (!(decl.isReadonly() || decl.hasModifier(SyntaxKind.PrivateKeyword))) return undefined;
      const cls = decl.getParent().getParent();
      if (!Node.isClassDeclaration(cls)) return undefined;
      const writes = fieldWrites(cls, decl.getName(), decl);
      if (writes === undefined) return undefined;
      const given = argumentsOf(decl, depth);
      return given === undefined ? undefined : union([...given, ...writes], depth);
    }
    if (Node.isIdentifier(expr) && assignedInFunction(decl)) return undefined;
    const given = argumentsOf(decl, depth);
    return given === undefined ? undefined : union(given, depth);
  }
  return undefined;
}

function union(sources: (Node | undefined)[], depth: number): ClassDeclaration[] | undefined {
  if (sources.length === 0) return undefined;
  const out: ClassDeclaration[] = [];
  for (const source of sources) {
    const found = classesOf(source, depth + 1);
    if (found === undefined) return undefined;
    for (const c of found) if (!out.includes(c)) out.push(c);
  }
  return out;
}

/** `ref = value`: the value; null for another write (`+=`, destructuring, `++`); undefined for a read. */
function writeOf(ref: Node): Node | null | undefined {
  const parent = ref.getParent();
  if (Node.isBinaryExpression(parent) && parent.getLeft() === ref) {
    const kind = parent.getOperatorToken().getKind();
    if (kind === SyntaxKind.EqualsToken) return parent.getRight();
    if (kind >= SyntaxKind.FirstAssignment && kind <= SyntaxKind.LastAssignment) return null;
  }
  if (Node.isPrefixUnaryExpression(parent) || Node.isPostfixUnaryExpression(parent)) return null;
  if (Node.isArrayLiteralExpression(parent) || Node.isShorthandPropertyAssignment(parent)) {
    // `[a] = pair`, `({ a } = obj)`: written by a destructuring assignment.
    let p: Node | undefined = parent;
    while (p !== undefined && (Node.isArrayLiteralExpression(p) || Node.isObjectLiteralExpression(p) || Node.isShorthandPropertyAssignment(p) || Node.isPropertyAssignment(p))) p = p.getParent();
    if (Node.isBinaryExpression(p) && p.getOperatorToken().getKind() === SyntaxKind.EqualsToken) return null;
  }
  return undefined;
}

/** Values written to `this.<name>` inside the class (a private or readonly field is written nowhere else). */
function fieldWrites(cls: Node, name: string, decl: Node): Node[] | undefined {
  const out: Node[] = [];
  for (const access of cls.getDescendantsOfKind(SyntaxKind.PropertyAccessExpression)) {
    if (access.getName() !== name || resolvedSymbol(access.getNameNode())?.getDeclarations().includes(decl) !== true) continue;
    const written = writeOf(access);
    if (written === null) return undefined;
    if (written !== undefined) out.push(written);
  }
  return out;
}

/** A parameter written inside its function: its value is not (only) what callers pass. */
function assignedInFunction(param: ParameterDeclaration): boolean {
  const name = param.getNameNode();
  if (!Node.isIdentifier(name)) return true;
  return referencesOf(name).some((ref) => writeOf(ref) !== undefined);
}

/** What every construction or call passes for a parameter (its default when left out); undefined when not all are known. */
export function parameterArguments(param: ParameterDeclaration): (Node | undefined)[] | undefined {
  return argumentsOf(param, 0);
}

/**
 * What every caller passes for `param` (its default when an argument is left out): the construction
 * sites of a constructor's class, the call sites of a function that does not escape. Undefined when
 * some caller is not known (the class or function is passed around, a subclass calls super, a spread).
 */
function argumentsOf(param: ParameterDeclaration, depth: number): (Node | undefined)[] | undefined {
  const fn = param.getParent();
  if (!(Node.isConstructorDeclaration(fn) || Node.isFunctionDeclaration(fn) || Node.isArrowFunction(fn) || Node.isFunctionExpression(fn))) return undefined;
  const index = fn.getParameters().indexOf(param);
  if (index < 0 || param.isRestParameter()) return undefined;
  const sites = Node.isConstructorDeclaration(fn) ? constructionSites(fn.getParent(), depth) : functionCallSites(fn);
  if (sites === undefined || sites.length === 0) return undefined;
  const out: (Node | undefined)[] = [];
  for (const args of sites) {
    if (args.slice(0, index + 1).some(Node.isSpreadElement)) return undefined;
    const given = args[index];
    const missing = given === undefined || (Node.isIdentifier(given) && given.getText() === 'undefined');
    if (missing) {
      const init = param.getInitializer();
      if (init === undefined) return undefined;
      out.push(init);
    } else out.push(given);
  }
  return out;
}

function functionCallSites(fn: Node): Node[][] | undefined {
  if (!(Node.isFunctionDeclaration(fn) || Node.isArrowFunction(fn) || Node.isFunctionExpression(fn))) return undefined;
  const uses = usesOf(fn);
  return uses.escapes ? undefined : uses.calls.map((c) => c.getArguments());
}

/** The arguments of every `new C(...)` in the workspace; undefined when the class is used as a value another way. */
function constructionSites(cls: Node, depth: number): Node[][] | undefined {
  if (!Node.isClassDeclaration(cls) || depth > MAX_DEPTH) return undefined;
  const name = cls.getNameNode();
  if (name === undefined || cls.isDefaultExport()) return undefined;
  const out: Node[][] = [];
  for (const ref of referencesOf(name)) {
    const parent = ref.getParent();
    if (Node.isNewExpression(parent) && parent.getExpression() === ref) {
      out.push(parent.getArguments());
      continue;
    }
    // Types say nothing about values; `implements C` neither. Anything else (a subclass calling
    // super, the class passed to a factory) may construct it with other arguments.
    if (Node.isTypeReference(parent) || Node.isTypeQuery(parent)) continue;
    if (Node.isExpressionWithTypeArguments(parent) && parent.getParent()?.getKind() === SyntaxKind.HeritageClause && parent.getParentIfKind(SyntaxKind.HeritageClause)?.getToken() === SyntaxKind.ImplementsKeyword) continue;
    return undefined;
  }
  return out;
}

/** The method `name` instances of `cls` run: its own or the nearest base class's (workspace classes only). */
export function methodOf(cls: ClassDeclaration, name: string): MethodDeclaration | undefined {
  for (let c: ClassDeclaration | undefined = cls, i = 0; c !== undefined && i < MAX_DEPTH; c = c.getBaseClass(), i += 1) {
    if (!isWorkspaceCode(c)) return undefined;
    const own = c.getInstanceMethod(name);
    if (own !== undefined) return own.getBody() === undefined ? undefined : own;
    if (c.getInstanceProperty(name) !== undefined) return undefined; // an arrow-function field: not followed
    if (c.getExtends() !== undefined && c.getBaseClass() === undefined) return undefined;
  }
  return undefined;
}

/** A workspace subclass of the method's class declares a member of the same name (virtual dispatch may pick it). */
export function overridden(method: MethodDeclaration): boolean {
  const cls = method.getParent();
  if (!Node.isClassDeclaration(cls)) return true;
  const index = derivedClasses(method.getProject());
  if (index === 'unknown') return true;
  const name = method.getName();
  // An edit that adds an override mentions the name: the findings that relied on none are redone.
  recordName(name);
  return (index.get(cls) ?? []).some((sub) => sub.getInstanceMember(name) !== undefined);
}

/** Per program: each workspace class's subclasses (transitively); 'unknown' when a class expression extends something. */
const derivedByProgram = new WeakMap<object, Map<ClassDeclaration, ClassDeclaration[]> | 'unknown'>();

function derivedClasses(project: import('ts-morph').Project): Map<ClassDeclaration, ClassDeclaration[]> | 'unknown' {
  const program = project.getProgram().compilerObject;
  const known = derivedByProgram.get(program);
  if (known !== undefined) return known;
  let out: Map<ClassDeclaration, ClassDeclaration[]> | 'unknown' = new Map();
  for (const sf of programWorkspaceFiles(project, 'extends')) {
    if (sf.getDescendantsOfKind(SyntaxKind.ClassExpression).some((c) => c.getExtends() !== undefined)) {
      out = 'unknown';
      break;
    }
    for (const sub of sf.getDescendantsOfKind(SyntaxKind.ClassDeclaration)) {
      if (sub.getExtends() === undefined) continue;
      for (let base = sub.getBaseClass(), i = 0; base !== undefined && i < MAX_DEPTH; base = base.getBaseClass(), i += 1) {
        const list = out.get(base) ?? [];
        list.push(sub);
        out.set(base, list);
      }
    }
  }
  derivedByProgram.set(program, out);
  return out;
}
