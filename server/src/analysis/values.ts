// Static value resolution: literals, consts, const objects, imports, template literals of
// constants, `process.env.X ?? 'default'` (the default). Unknown -> undefined (callers stay silent).
import { Node, SyntaxKind } from 'ts-morph';
import { resolvedSymbol } from './symbols';
import { referencesOf } from './extract/references';

export type StaticValue = string | number | boolean | null | StaticValue[] | { [key: string]: StaticValue };

export const UNKNOWN: unique symbol = Symbol('unknown');
export type Resolved = StaticValue | typeof UNKNOWN;

const MAX_DEPTH = 20;

export function resolveValue(node: Node | undefined, depth = 0): Resolved {
  if (node === undefined || depth > MAX_DEPTH) return UNKNOWN;
  const next = (n: Node | undefined): Resolved => resolveValue(n, depth + 1);
  if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) return node.getLiteralValue();
  if (Node.isNumericLiteral(node)) return node.getLiteralValue();
  if (node.getKind() === SyntaxKind.TrueKeyword) return true;
  if (node.getKind() === SyntaxKind.FalseKeyword) return false;
  if (node.getKind() === SyntaxKind.NullKeyword) return null;
  if (Node.isParenthesizedExpression(node) || Node.isAsExpression(node) || Node.isSatisfiesExpression(node) || Node.isNonNullExpression(node) || Node.isTypeAssertion(node)) {
    return next(node.getExpression());
  }
  if (Node.isPrefixUnaryExpression(node) && node.getOperatorToken() === SyntaxKind.MinusToken) {
    const v = next(node.getOperand());
    return typeof v === 'number' ? -v : UNKNOWN;
  }
  if (Node.isTemplateExpression(node)) {
    let text = node.getHead().getLiteralText();
    for (const span of node.getTemplateSpans()) {
      const v = next(span.getExpression());
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return UNKNOWN;
      text += String(v) + span.getLiteral().getLiteralText();
    }
    return text;
  }
  if (Node.isBinaryExpression(node)) return resolveBinary(node, next);
  if (Node.isArrayLiteralExpression(node)) {
    const out: StaticValue[] = [];
    for (const element of node.getElements()) {
      if (Node.isSpreadElement(element)) {
        const v = next(element.getExpression());
        if (!Array.isArray(v)) return UNKNOWN;
        out.push(...v);
        continue;
      }
      const v = next(element);
      if (v === UNKNOWN) return UNKNOWN;
      out.push(v);
    }
    return out;
  }
  if (Node.isObjectLiteralExpression(node)) return resolveObject(node, next);
  if (Node.isIdentifier(node)) return resolveIdentifier(node, depth);
  if (Node.isPropertyAccessExpression(node)) {
    if (isProcessEnv(node.getExpression())) return UNKNOWN;
    // `ns.NAME` (namespace import) or `Enum.X`: the member is itself a const declaration.
    const member = constInitializer(node.getNameNode());
    if (member !== undefined) return next(member);
    const decl = resolvedSymbol(node.getNameNode())?.getDeclarations()[0];
    if (decl !== undefined && Node.isEnumMember(decl)) return enumMemberValue(decl, depth);
    const target = next(node.getExpression());
    return property(target, node.getName());
  }
  if (Node.isElementAccessExpression(node)) {
    const target = next(node.getExpression());
    const key = next(node.getArgumentExpression());
    return typeof key === 'string' || typeof key === 'number' ? property(target, String(key)) : UNKNOWN;
  }
  return UNKNOWN;
}

/**
 * The properties of an object literal (through consts and imports). What does not resolve is kept
 * with an UNKNOWN value. After a spread that cannot be read the map is `openEnded` (any other key
 * may be set), and what was written before that spread may have been overridden (UNKNOWN).
 */
export type ObjectProperties = Map<string, { value: Resolved; node: Node; /** Written before a spread that cannot be read: may be overridden. */ shadowed?: boolean }> & { openEnded?: boolean };

export function resolveObjectProperties(node: Node | undefined, depth = 0): ObjectProperties | undefined {
  const target = objectLiteralOf(node, 0);
  if (target === undefined || depth > MAX_DEPTH) return undefined;
  const out: ObjectProperties = new Map();
  for (const prop of target.getProperties()) {
    if (Node.isPropertyAssignment(prop)) {
      out.set(propertyName(prop.getNameNode()) ?? '', { value: resolveValue(prop.getInitializer()), node: prop });
    } else if (Node.isShorthandPropertyAssignment(prop)) {
      out.set(prop.getName(), { value: resolveValue(prop.getNameNode()), node: prop });
    } else if (Node.isSpreadAssignment(prop)) {
      const inner = resolveObjectProperties(prop.getExpression(), depth + 1);
      if (inner === undefined || inner.openEnded === true) {
        // `{ ...base, applicationId: 'x' }`: what follows still counts; what came before may not.
        for (const [k, v] of out) out.set(k, { value: UNKNOWN, node: v.node, shadowed: true });
        out.openEnded = true;
        if (inner !== undefined) for (const [k, v] of inner) out.set(k, v);
        continue;
      }
      for (const [k, v] of inner) out.set(k, v);
    } else {
      return undefined;
    }
  }
  return out;
}

/** The object literal an expression stands for (through consts and imports), if any. */
export function objectLiteralOf(node: Node | undefined, depth: number): import('ts-morph').ObjectLiteralExpression | undefined {
  if (node === undefined || depth > MAX_DEPTH) return undefined;
  if (Node.isObjectLiteralExpression(node)) return node;
  if (Node.isParenthesizedExpression(node) || Node.isAsExpression(node) || Node.isSatisfiesExpression(node)) return objectLiteralOf(node.getExpression(), depth + 1);
  if (Node.isIdentifier(node)) return objectLiteralOf(constInitializer(node), depth + 1);
  return undefined;
}

export function propertyName(name: Node): string | undefined {
  if (Node.isIdentifier(name) || Node.isPrivateIdentifier(name)) return name.getText();
  if (Node.isStringLiteral(name) || Node.isNumericLiteral(name) || Node.isNoSubstitutionTemplateLiteral(name)) return String(name.getLiteralValue());
  if (Node.isComputedPropertyName(name)) {
    const v = resolveValue(name.getExpression());
    return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
  }
  return undefined;
}

/** The initializer of the const an identifier refers to (following imports), if it is a const. */
export function constInitializer(node: Node): Node | undefined {
  const symbol = resolvedSymbol(node);
  for (const decl of symbol?.getDeclarations() ?? []) {
    if (Node.isVariableDeclaration(decl)) {
      const list = decl.getVariableStatement()?.getDeclarationKind();
      if (list !== 'const') return undefined;
      if (!Node.isIdentifier(decl.getNameNode())) return undefined;
      return decl.getInitializer();
    }
    if (Node.isEnumMember(decl)) return decl.getInitializer();
  }
  return undefined;
}

/** An enum member's value: its initializer, else the previous member's number plus one (0 first). */
function enumMemberValue(member: import('ts-morph').EnumMember, depth: number): Resolved {
  const init = member.getInitializer();
  if (init !== undefined) return resolveValue(init, depth + 1);
  const members = member.getParentOrThrow().getMembers();
  const index = members.indexOf(member);
  const previous = members[index - 1];
  if (previous === undefined) return 0;
  const v = enumMemberValue(previous, depth + 1);
  return typeof v === 'number' ? v + 1 : UNKNOWN;
}

/**
 * A `let` (or `var`) whose every assignment can be enumerated: its initializer and each `x = value`
 * in its scope. Known only when they all resolve to the same value (as good as a const).
 */
function letValue(decl: import('ts-morph').VariableDeclaration, depth: number): Resolved {
  const sources = letSources(decl);
  if (sources === undefined) return UNKNOWN;
  let value: Resolved | undefined;
  for (const source of sources) {
    const v = resolveValue(source, depth + 1);
    if (v === UNKNOWN) return UNKNOWN;
    if (value !== undefined && JSON.stringify(v) !== JSON.stringify(value)) return UNKNOWN;
    value = v;
  }
  return value ?? UNKNOWN;
}

/** Every value a `let` is given (initializer first); undefined when one is not a plain `x = value`
 *  (`+=`, `++`, destructuring, for-of) or there is no initializer. */
export function letSources(decl: import('ts-morph').VariableDeclaration): Node[] | undefined {
  const name = decl.getNameNode();
  const init = decl.getInitializer();
  if (!Node.isIdentifier(name) || init === undefined) return undefined;
  const sources: Node[] = [init];
  for (const ref of referencesOf(name)) {
    const parent = ref.getParent();
    if (Node.isBinaryExpression(parent) && parent.getLeft() === ref) {
      const kind = parent.getOperatorToken().getKind();
      if (kind === SyntaxKind.EqualsToken) sources.push(parent.getRight());
      else if (kind >= SyntaxKind.FirstAssignment && kind <= SyntaxKind.LastAssignment) return undefined;
    } else if (Node.isPrefixUnaryExpression(parent) || Node.isPostfixUnaryExpression(parent) || Node.isForInStatement(parent) || Node.isForOfStatement(parent) || inDestructuringTarget(ref)) {
      return undefined;
    }
  }
  return sources;
}

/** `[a, b] = pair` / `({ a } = obj)`: the reference is written by a destructuring assignment. */
function inDestructuringTarget(ref: Node): boolean {
  let child: Node = ref;
  for (let parent = ref.getParent(); parent !== undefined && !Node.isStatement(parent); parent = parent.getParent()) {
    if (Node.isBinaryExpression(parent) && parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken && parent.getLeft() === child) return true;
    child = parent;
  }
  return false;
}

function resolveIdentifier(node: Node, depth: number): Resolved {
  if (node.getText() === 'undefined') return UNKNOWN;
  const init = constInitializer(node);
  if (init !== undefined) return resolveValue(init, depth + 1);
  const decl = resolvedSymbol(node)?.getDeclarations()[0];
  if (decl !== undefined && Node.isEnumMember(decl)) return enumMemberValue(decl, depth);
  if (decl !== undefined && Node.isVariableDeclaration(decl) && decl.getVariableStatement()?.getDeclarationKind() !== 'const' && decl.getInitializer() !== undefined) return letValue(decl, depth);
  return UNKNOWN;
}

function resolveBinary(node: import('ts-morph').BinaryExpression, next: (n: Node | undefined) => Resolved): Resolved {
  const op = node.getOperatorToken().getKind();
  const left = node.getLeft();
  if (op === SyntaxKind.QuestionQuestionToken || op === SyntaxKind.BarBarToken) {
    // process.env.X ?? 'default': the default is the statically known value.
    if (isProcessEnvRead(left)) return next(node.getRight());
    const l = next(left);
    if (l === UNKNOWN) return UNKNOWN;
    if (op === SyntaxKind.QuestionQuestionToken) return l === null ? next(node.getRight()) : l;
    return l ? l : next(node.getRight());
  }
  if (op === SyntaxKind.PlusToken) {
    const l = next(left);
    const r = next(node.getRight());
    if (typeof l === 'number' && typeof r === 'number') return l + r;
    if ((typeof l === 'string' || typeof l === 'number') && (typeof r === 'string' || typeof r === 'number')) return String(l) + String(r);
    return UNKNOWN;
  }
  if (op === SyntaxKind.AsteriskToken || op === SyntaxKind.MinusToken) {
    const l = next(left);
    const r = next(node.getRight());
    if (typeof l !== 'number' || typeof r !== 'number') return UNKNOWN;
    return op === SyntaxKind.AsteriskToken ? l * r : l - r;
  }
  return UNKNOWN;
}

function resolveObject(node: import('ts-morph').ObjectLiteralExpression, next: (n: Node | undefined) => Resolved): Resolved {
  const out: { [key: string]: StaticValue } = {};
  for (const prop of node.getProperties()) {
    if (Node.isPropertyAssignment(prop)) {
      const name = propertyName(prop.getNameNode());
      const v = next(prop.getInitializer());
      if (name === undefined || v === UNKNOWN) return UNKNOWN;
      out[name] = v;
    } else if (Node.isShorthandPropertyAssignment(prop)) {
      const v = next(prop.getNameNode());
      if (v === UNKNOWN) return UNKNOWN;
      out[prop.getName()] = v;
    } else if (Node.isSpreadAssignment(prop)) {
      const v = next(prop.getExpression());
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return UNKNOWN;
      Object.assign(out, v);
    } else {
      return UNKNOWN;
    }
  }
  return out;
}

function property(target: Resolved, name: string): Resolved {
  if (typeof target !== 'object' || target === null) return UNKNOWN;
  if (Array.isArray(target)) return name === 'length' ? target.length : (target[Number(name)] ?? UNKNOWN);
  return Object.prototype.hasOwnProperty.call(target, name) ? (target[name] ?? UNKNOWN) : UNKNOWN;
}

function isProcessEnv(node: Node): boolean {
  return Node.isPropertyAccessExpression(node) && node.getName() === 'env' && Node.isIdentifier(node.getExpression()) && node.getExpression().getText() === 'process';
}

function isProcessEnvRead(node: Node): boolean {
  if (Node.isPropertyAccessExpression(node)) return isProcessEnv(node.getExpression());
  if (Node.isElementAccessExpression(node)) return isProcessEnv(node.getExpression());
  return false;
}
