// Where a processor callback can throw: `throw`, known throwing built-ins, and workspace functions
// that can throw (followed through calls), unless a try/catch inside the callback catches it.
import { Node, SyntaxKind, ts, type CallExpression, type NewExpression, type Project } from 'ts-morph';
import { calleeFunction } from './extract/references';
import { functionOf, ownReturns } from './functions';
import { classesOf, methodOf, overridden } from './instances';
import { isAsyncFunction } from './promises';
import { relativeForMessage } from './paths';
import { resolvedSymbol, isWorkspaceCode } from './symbols';
import { resolveValue, UNKNOWN } from './values';

export const MAX_CALL_DEPTH = 8;
const ARRAY_CALLBACK_METHODS = new Set(['map', 'flatMap', 'forEach', 'filter', 'find', 'findIndex', 'some', 'every', 'reduce', 'reduceRight', 'sort']);
const THROWING_GLOBALS = new Set(['JSON.parse', 'URL', 'decodeURIComponent', 'decodeURI', 'BigInt']);

export interface ThrowSite {
  /** The `throw`, or the call (inside the analysed function) that leads to one. */
  node: Node;
  /** e.g. "`JSON.parse(...)`", "`throw new Error('bad')`". */
  what: string;
  /** Calls followed to reach the throw, outermost first: "parse() (src/parse.ts:3)". */
  path: string[];
  /** Where the final throw is, for the message. */
  origin: string;
}

export class ThrowFinder {
  private readonly memo = new Map<Node, ThrowSite[]>();
  private names: { has(name: string): boolean } | undefined;
  constructor(private readonly root: string, private readonly project: Project) {}

  private workspaceNames(): { has(name: string): boolean } {
    this.names ??= workspaceNames(this.project);
    return this.names;
  }

  /** Throw sites in a function body (nested callbacks passed to calls included). */
  sitesIn(fn: Node, depth = 0): ThrowSite[] {
    const cached = this.memo.get(fn);
    if (cached !== undefined) return cached;
    this.memo.set(fn, []); // recursion guard
    const sites: ThrowSite[] = [];
    const body = Node.isBodied(fn) || Node.isBodyable(fn) ? fn.getBody() : fn;
    if (body === undefined) return sites;
    const visit = (node: Node): void => {
      if (node !== body && isFunctionLike(node) && (!isCallArgument(node) || helperCatches(node))) return;
      if (Node.isThrowStatement(node)) {
        if (!caughtWithin(node, fn)) sites.push({ node, what: `\`${short(node.getText().replace(/;$/, ""))}\``, path: [], origin: this.where(node) });
      } else if (Node.isCallExpression(node) || Node.isNewExpression(node)) {
        const site = this.callSite(node, fn, depth) ?? (Node.isCallExpression(node) ? this.arrayCallbackSite(node, fn, depth) : undefined);
        if (site !== undefined) sites.push(site);
      }
      node.forEachChild(visit);
    };
    visit(body);
    this.memo.set(fn, sites);
    return sites;
  }

  private callSite(call: CallExpression | NewExpression, owner: Node, depth: number): ThrowSite | undefined {
    if (caughtWithin(call, owner)) return undefined;
    const builtin = throwingGlobal(call);
    // `JSON.parse('{}')`: a constant input does not depend on the record being processed.
    const input = call.getArguments()[0];
    if (builtin !== undefined && input !== undefined && resolveValue(input) !== UNKNOWN) return undefined;
    if (builtin !== undefined) return { node: call, what: `\`${builtin}(...)\``, path: [], origin: this.where(call) };
    if (depth >= MAX_CALL_DEPTH) return undefined;
    if (Node.isNewExpression(call)) return this.constructorSite(call, depth);
    const callee = call.getExpression();
    // `validator(schema)(value)`: the function the inner call returns is what runs.
    if (Node.isCallExpression(callee)) {
      const produced = producedFunction(callee);
      return produced === undefined ? undefined : this.siteThrough(call, produced, functionName(produced) ?? callee.getText(), depth);
    }
    const targets = this.calledFunctions(call);
    if (targets === undefined || targets.length === 0) return undefined;
    // Through an interface or a base class: reported only when every body the call can run throws.
    let first: ThrowSite | undefined;
    for (const target of targets) {
      const site = this.siteThrough(call, target.fn, target.name, depth);
      if (site === undefined) return undefined;
      first ??= site;
    }
    if (first === undefined || targets.length === 1) return first;
    return { ...first, what: `${first.what} (every implementation the receiver can hold throws: ${targets.map((t) => `${t.name}()`).join(', ')})` };
  }

  private siteThrough(call: CallExpression, fn: Node, name: string, depth: number): ThrowSite | undefined {
    if (!isWorkspaceCode(fn)) return undefined;
    const inner = this.sitesIn(fn, depth + 1)[0];
    if (inner === undefined) return undefined;
    if (isAsyncFunction(fn)) {
      // An async function never throws at its call: what it throws rejects its promise. A handled
      // promise (`.catch(...)`, `.then(ok, fail)`) cannot hurt the thread; an unhandled rejection
      // ends the Node process (its default since Node 15).
      if (promiseHandled(call)) return undefined;
      return { node: call, what: `${inner.what}, inside async ${name}() whose promise is not handled (an unhandled rejection ends the process)`, path: [`${name}() (${this.where(fn)})`, ...inner.path], origin: inner.origin };
    }
    return { node: call, what: inner.what, path: [`${name}() (${this.where(fn)})`, ...inner.path], origin: inner.origin };
  }

  /**
   * The bodies a call can run. `recv.method(...)`: the method of each class the receiver can hold
   * (classesOf), else the declared method when no workspace subclass overrides it; a method only
   * declared by an interface with unknown receivers: none (the caller picks the implementation).
   */
  private calledFunctions(call: CallExpression): { fn: Node; name: string }[] | undefined {
    const callee = call.getExpression();
    const calleeName = Node.isPropertyAccessExpression(callee) ? callee.getName() : Node.isIdentifier(callee) ? callee.getText() : undefined;
    if (calleeName === undefined || !this.workspaceNames().has(calleeName)) return undefined;
    const declared = calleeFunction(call);
    if (!Node.isPropertyAccessExpression(callee) || (declared !== undefined && !Node.isMethodDeclaration(declared)) || (declared !== undefined && Node.isMethodDeclaration(declared) && declared.isStatic())) {
      return declared === undefined ? undefined : [{ fn: declared, name: functionName(declared) ?? callee.getText() }];
    }
    const receiver = callee.getExpression();
    const classes = receiver.getKind() === SyntaxKind.SuperKeyword ? undefined : classesOf(receiver);
    if (classes !== undefined && classes.length > 0) {
      const out: { fn: Node; name: string }[] = [];
      for (const cls of classes) {
        const method = methodOf(cls, calleeName);
        if (method === undefined) return undefined;
        if (!out.some((t) => t.fn === method)) out.push({ fn: method, name: `${cls.getName() ?? 'class'}.${calleeName}` });
      }
      // One body, the declared one: named as before.
      const only = out[0];
      if (out.length === 1 && only !== undefined && only.fn === declared) return [{ fn: declared, name: calleeName }];
      return out;
    }
    if (declared === undefined || overridden(declared)) return undefined;
    return [{ fn: declared, name: functionName(declared) ?? callee.getText() }];
  }

  /** `lines.map(parsers.json)`: an array method calls the workspace function it is given, right away. */
  private arrayCallbackSite(call: CallExpression, owner: Node, depth: number): ThrowSite | undefined {
    const callee = call.getExpression();
    if (!Node.isPropertyAccessExpression(callee) || !ARRAY_CALLBACK_METHODS.has(callee.getName()) || depth >= MAX_CALL_DEPTH) return undefined;
    const arg = call.getArguments()[0];
    if (arg === undefined || !(Node.isIdentifier(arg) || Node.isPropertyAccessExpression(arg))) return undefined;
    const name = Node.isPropertyAccessExpression(arg) ? arg.getName() : arg.getText();
    if (!this.workspaceNames().has(name) || caughtWithin(call, owner)) return undefined;
    const fn = functionOf(arg);
    if (fn === undefined || !isWorkspaceCode(fn) || isAsyncFunction(fn)) return undefined;
    const inner = this.sitesIn(fn, depth + 1)[0];
    if (inner === undefined || !callee.getExpression().getType().isArray()) return undefined;
    return { node: call, what: inner.what, path: [`${functionName(fn) ?? arg.getText()}() (${this.where(fn)})`, ...inner.path], origin: inner.origin };
  }

  /** `new Money(cents)`: a call of the workspace class's constructor (and its field initializers). */
  private constructorSite(call: NewExpression, depth: number): ThrowSite | undefined {
    const target = call.getExpression();
    const name = Node.isPropertyAccessExpression(target) ? target.getName() : Node.isIdentifier(target) ? target.getText() : undefined;
    if (name === undefined || !this.workspaceNames().has(name)) return undefined;
    const symbol = resolvedSymbol(Node.isPropertyAccessExpression(target) ? target.getNameNode() : target);
    const cls = symbol?.getDeclarations().find(Node.isClassDeclaration);
    if (cls === undefined || !isWorkspaceCode(cls)) return undefined;
    const parts: Node[] = [...cls.getConstructors().filter((c) => c.getBody() !== undefined)];
    for (const p of cls.getProperties()) {
      const init = p.getInitializer();
      if (init !== undefined && !p.isStatic()) parts.push(init);
    }
    for (const part of parts) {
      const inner = this.sitesIn(part, depth + 1)[0];
      if (inner !== undefined) return { node: call, what: inner.what, path: [`new ${cls.getName() ?? name}() (${this.where(part)})`, ...inner.path], origin: inner.origin };
    }
    return undefined;
  }

  private where(node: Node): string {
    return `${relativeForMessage(this.root, node.getSourceFile().getFilePath())}:${node.getStartLineNumber()}`;
  }
}

const namesByFile = new WeakMap<ts.SourceFile, string[]>();

/** Workspace names of a project's latest program, updated file by file when a new program replaces it. */
interface NameIndex { program: ts.Program; files: Map<string, ts.SourceFile>; counts: Map<string, number> }
const nameIndexes = new WeakMap<Project, NameIndex>();

/**
 * Names that can denote workspace functions (declarations, variables, imports). A call whose
 * callee name is not among them cannot reach workspace code, so the type checker is not asked.
 * After an edit only the changed source files are walked again (names counted per file).
 */
function workspaceNames(project: Project): { has(name: string): boolean } {
  const program = project.getProgram().compilerObject;
  let index = nameIndexes.get(project);
  if (index === undefined) {
    index = { program, files: new Map(), counts: new Map() };
    nameIndexes.set(project, index);
  } else if (index.program === program) return namesOf(index);
  index.program = program;
  const { files, counts } = index;
  const count = (list: readonly string[], delta: number): void => {
    for (const name of list) {
      const n = (counts.get(name) ?? 0) + delta;
      if (n > 0) counts.set(name, n);
      else counts.delete(name);
    }
  };
  const seen = new Set<string>();
  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile || /[\\/]node_modules[\\/]/.test(sf.fileName)) continue;
    seen.add(sf.fileName);
    const previous = files.get(sf.fileName);
    if (previous === sf) continue;
    if (previous !== undefined) count(fileNames(previous), -1);
    count(fileNames(sf), 1);
    files.set(sf.fileName, sf);
  }
  for (const [name, sf] of files) {
    if (seen.has(name)) continue;
    count(fileNames(sf), -1);
    files.delete(name);
  }
  return namesOf(index);
}

function namesOf(index: NameIndex): { has(name: string): boolean } {
  return { has: (name) => index.counts.has(name) };
}

function fileNames(sf: ts.SourceFile): string[] {
  let list = namesByFile.get(sf);
  if (list === undefined) {
    const found: string[] = [];
    const visit = (node: ts.Node): void => {
      if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isVariableDeclaration(node) || ts.isPropertyAssignment(node) || ts.isImportSpecifier(node) || ts.isBindingElement(node) || ts.isPropertyDeclaration(node) || ts.isImportClause(node) || ts.isNamespaceImport(node)) && node.name !== undefined && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name))) {
        found.push(node.name.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
    list = found;
    namesByFile.set(sf, list);
  }
  return list;
}

function isFunctionLike(node: Node): boolean {
  return Node.isArrowFunction(node) || Node.isFunctionExpression(node) || Node.isFunctionDeclaration(node) || Node.isMethodDeclaration(node) || Node.isClassDeclaration(node) || Node.isGetAccessorDeclaration(node) || Node.isSetAccessorDeclaration(node);
}

/** A function passed straight to a call (`items.map(x => ...)`) most likely runs during it. */
function isCallArgument(node: Node): boolean {
  const parent = node.getParent();
  return (Node.isArrowFunction(node) || Node.isFunctionExpression(node)) && Node.isCallExpression(parent) && parent.getArguments().includes(node);
}

/**
 * `safely(() => JSON.parse(raw), fallback)`: the function argument is called by a workspace helper
 * only inside its own try/catch, so what it throws is caught there.
 */
function helperCatches(fn: Node): boolean {
  const call = fn.getParent();
  if (!Node.isCallExpression(call)) return false;
  const index = call.getArguments().indexOf(fn);
  const helper = calleeFunction(call);
  if (helper === undefined || !isWorkspaceCode(helper) || !(Node.isFunctionDeclaration(helper) || Node.isArrowFunction(helper) || Node.isFunctionExpression(helper) || Node.isMethodDeclaration(helper))) return false;
  const param = helper.getParameters()[index]?.getNameNode();
  if (param === undefined || !Node.isIdentifier(param)) return false;
  const name = param.getText();
  const uses = helper.getDescendants().filter((d) => Node.isIdentifier(d) && d.getText() === name && d !== param);
  // Only called (never passed on or stored), and every call inside a try with a catch.
  return uses.length > 0 && uses.every((use) => {
    const parent = use.getParent();
    return Node.isCallExpression(parent) && parent.getExpression() === use && caughtWithin(parent, helper);
  });
}

/** True when a try block with a catch clause between `node` and `owner` encloses it. */
export function caughtWithin(node: Node, owner: Node): boolean {
  let child: Node = node;
  let parent = node.getParent();
  while (parent !== undefined && child !== owner) {
    if (Node.isTryStatement(parent) && parent.getTryBlock() === child && parent.getCatchClause() !== undefined) return true;
    if (parent === owner) return false;
    child = parent;
    parent = parent.getParent();
  }
  return false;
}

function throwingGlobal(call: CallExpression | NewExpression): string | undefined {
  const callee = call.getExpression();
  let name: string | undefined;
  let target: Node = callee;
  if (Node.isPropertyAccessExpression(callee)) {
    name = `${callee.getExpression().getText()}.${callee.getName()}`;
    target = callee.getNameNode();
  } else if (Node.isIdentifier(callee)) name = callee.getText();
  if (name === undefined || !THROWING_GLOBALS.has(name)) return undefined;
  if (Node.isNewExpression(call) !== (name === 'URL')) return undefined;
  // Resolved symbol must be the standard library's, not a user function of the same name. With no
  // declaration at all (no DOM lib, no @types/node) the name can only be the runtime's global.
  const decls = resolvedSymbol(target)?.getDeclarations() ?? [];
  if (decls.length === 0) {
    const root = Node.isPropertyAccessExpression(callee) ? callee.getExpression() : callee;
    return (resolvedSymbol(root)?.getDeclarations() ?? []).some((d) => isWorkspaceCode(d)) ? undefined : (name === 'URL' ? 'new URL' : name);
  }
  return decls.every((d) => d.getSourceFile().isDeclarationFile() && /lib\.[\w.]+\.d\.ts$|[\\/]@types[\\/]node[\\/]/.test(d.getSourceFile().getFilePath())) ? (name === 'URL' ? 'new URL' : name) : undefined;
}

/** `p.catch(h)`, `p.then(ok, fail)`, `await p` inside a try/catch of the caller: the rejection is handled. */
function promiseHandled(call: CallExpression): boolean {
  let current: Node = call;
  for (;;) {
    const parent = current.getParent();
    if (parent === undefined) return false;
    if (Node.isParenthesizedExpression(parent) || Node.isAsExpression(parent)) {
      current = parent;
      continue;
    }
    if (Node.isPropertyAccessExpression(parent) && parent.getExpression() === current) {
      const grand = parent.getParent();
      if (!Node.isCallExpression(grand) || grand.getExpression() !== parent) return false;
      const method = parent.getName();
      if (method === 'catch' && grand.getArguments().length >= 1) return true;
      if (method === 'then' && grand.getArguments().length >= 2) return true;
      // `.then(ok).catch(h)` / `.finally(f).catch(h)`: the chain's end decides.
      if (method === 'then' || method === 'finally') {
        current = grand;
        continue;
      }
      return false;
    }
    return false;
  }
}

/** The function a call returns when the callee's every result is one function (`atLeast(100)`). */
export function producedFunction(call: CallExpression): Node | undefined {
  const fn = calleeFunction(call);
  if (fn === undefined || !(Node.isFunctionDeclaration(fn) || Node.isArrowFunction(fn) || Node.isFunctionExpression(fn) || Node.isMethodDeclaration(fn))) return undefined;
  const body = fn.getBody();
  if (body === undefined) return undefined;
  const results = Node.isBlock(body) ? ownReturns(fn).map((r) => r.getExpression()) : [body];
  let produced: Node | undefined;
  for (let result of results) {
    while (result !== undefined && (Node.isParenthesizedExpression(result) || Node.isAsExpression(result))) result = result.getExpression();
    if (result === undefined || !(Node.isArrowFunction(result) || Node.isFunctionExpression(result))) return undefined;
    if (produced !== undefined && produced !== result) return undefined;
    produced = result;
  }
  return produced;
}

function functionName(fn: Node): string | undefined {
  if (Node.isFunctionDeclaration(fn) || Node.isMethodDeclaration(fn)) return fn.getName();
  const parent = fn.getParent();
  if (Node.isVariableDeclaration(parent) || Node.isPropertyAssignment(parent)) return parent.getName();
  return undefined;
}

function short(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}
