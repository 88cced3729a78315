// The set of values an expression can take when it is not one known value: a `let` assigned
// different constants (`threads` 4 or 6), `cond ? 'a' : 'b'`, templates and sums of those, and
// factory parameters bound to a call's arguments (or their defaults). Rules that use a set report
// only what holds for every candidate. Undefined when any possible value is unknown.
import { Node, SyntaxKind, type ParameterDeclaration } from 'ts-morph';
import { resolvedSymbol } from './symbols';
import { letSources, resolveValue, UNKNOWN, type Resolved, type StaticValue } from './values';

/** More candidates than this: treated as unknown (the rules would say nothing useful). */
export const MAX_CANDIDATES = 16;
const MAX_DEPTH = 12;

/**
 * How parameters of the enclosing factory are read: `args` of one call (a missing argument takes
 * the default), or `defaults` (a call without arguments). Without a binding a parameter is unknown.
 */
export interface Binding { fn: Node; args: readonly Node[] | 'defaults' }

export function resolveCandidates(node: Node | undefined, binding?: Binding, depth = 0): StaticValue[] | undefined {
  if (node === undefined || depth > MAX_DEPTH) return undefined;
  const next = (n: Node | undefined): StaticValue[] | undefined => resolveCandidates(n, binding, depth + 1);
  if (Node.isParenthesizedExpression(node) || Node.isAsExpression(node) || Node.isSatisfiesExpression(node) || Node.isNonNullExpression(node)) return next(node.getExpression());
  if (Node.isConditionalExpression(node)) {
    const test = resolveValue(node.getCondition());
    if (test !== UNKNOWN) return next(test === false || test === null || test === 0 || test === '' ? node.getWhenFalse() : node.getWhenTrue());
    return merge([next(node.getWhenTrue()), next(node.getWhenFalse())]);
  }
  if (Node.isIdentifier(node)) {
    const decl = resolvedSymbol(node)?.getDeclarations()[0];
    if (decl !== undefined && Node.isParameterDeclaration(decl)) return parameterCandidates(decl, binding, depth);
    if (decl !== undefined && Node.isVariableDeclaration(decl)) {
      const kind = decl.getVariableStatement()?.getDeclarationKind();
      if (kind === 'const' && Node.isIdentifier(decl.getNameNode())) return next(decl.getInitializer());
      const sources = kind === 'const' ? undefined : letSources(decl);
      // Assignments are read without the binding: they are in the let's scope, not the call's.
      if (sources !== undefined) return merge(sources.map((s) => resolveCandidates(s, undefined, depth + 1)));
    }
  }
  if (Node.isTemplateExpression(node)) {
    let texts: string[] = [node.getHead().getLiteralText()];
    for (const span of node.getTemplateSpans()) {
      const values = next(span.getExpression());
      if (values === undefined || values.some((v) => typeof v === 'object' && v !== null)) return undefined;
      texts = texts.flatMap((t) => values.map((v) => t + String(v) + span.getLiteral().getLiteralText()));
      if (texts.length > MAX_CANDIDATES) return undefined;
    }
    return [...new Set(texts)];
  }
  if (Node.isBinaryExpression(node)) {
    const op = node.getOperatorToken().getKind();
    if (op === SyntaxKind.PlusToken || op === SyntaxKind.AsteriskToken || op === SyntaxKind.MinusToken) {
      const left = next(node.getLeft());
      const right = next(node.getRight());
      if (left === undefined || right === undefined) return undefined;
      const out: StaticValue[] = [];
      for (const l of left) {
        for (const r of right) {
          if (typeof l === 'number' && typeof r === 'number') out.push(op === SyntaxKind.PlusToken ? l + r : op === SyntaxKind.AsteriskToken ? l * r : l - r);
          else if (op === SyntaxKind.PlusToken && (typeof l === 'string' || typeof l === 'number') && (typeof r === 'string' || typeof r === 'number')) out.push(String(l) + String(r));
          else return undefined;
        }
      }
      return dedupe(out);
    }
  }
  const single = resolveValue(node);
  return single === UNKNOWN ? undefined : [single];
}

function parameterCandidates(param: ParameterDeclaration, binding: Binding | undefined, depth: number): StaticValue[] | undefined {
  const fn = param.getParent();
  if (!(Node.isFunctionDeclaration(fn) || Node.isArrowFunction(fn) || Node.isFunctionExpression(fn) || Node.isMethodDeclaration(fn) || Node.isConstructorDeclaration(fn))) return undefined;
  if (binding === undefined || binding.fn !== fn || param.isRestParameter() || !Node.isIdentifier(param.getNameNode())) return undefined;
  const index = fn.getParameters().indexOf(param);
  const given = binding.args === 'defaults' ? undefined : binding.args[index];
  if (binding.args !== 'defaults' && binding.args.slice(0, index + 1).some(Node.isSpreadElement)) return undefined;
  // The argument is read in the caller's scope; a missing one (or `undefined`) takes the default.
  if (given !== undefined && !(Node.isIdentifier(given) && given.getText() === 'undefined')) return resolveCandidates(given, undefined, depth + 1);
  return resolveCandidates(param.getInitializer(), binding, depth + 1);
}

function merge(lists: (StaticValue[] | undefined)[]): StaticValue[] | undefined {
  const out: StaticValue[] = [];
  for (const list of lists) {
    if (list === undefined) return undefined;
    out.push(...list);
  }
  return dedupe(out);
}

function dedupe(values: StaticValue[]): StaticValue[] | undefined {
  const seen = new Map<string, StaticValue>();
  for (const v of values) seen.set(JSON.stringify(v), v);
  return seen.size > MAX_CANDIDATES || seen.size === 0 ? undefined : [...seen.values()];
}

/** The candidates of a config property (`numStreamThreads: threads`, `{ threads }`). */
export function propertyCandidates(prop: { value: Resolved; node: Node; shadowed?: boolean }): StaticValue[] | undefined {
  if (prop.shadowed === true) return undefined;
  const node = prop.node;
  if (Node.isPropertyAssignment(node)) return resolveCandidates(node.getInitializer());
  if (Node.isShorthandPropertyAssignment(node)) return resolveCandidates(node.getNameNode());
  return prop.value === UNKNOWN ? undefined : [prop.value];
}
