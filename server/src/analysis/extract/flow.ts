// Forward data flow of DSL values (builders, streams, tables, branches, topologies) through
// variables, destructuring, function parameters and returns, and imports across files.
import { Node, SyntaxKind, ts, type CallExpression, type NewExpression, type SourceFile } from 'ts-morph';
import { newDeps, recordNode, recording } from '../deps';
import { nodeKey } from '../locations';
import { isKafkajsMethod } from '../kafkajs-clients';
import { isStreamwiseMethod, isWorkspaceCode, resolvedSymbol, streamwiseClassName } from '../symbols';
import { constInitializer, resolveValue } from '../values';
import { wrapCompilerNode } from '../wrap-node';
import { calleeFunction, referencesOf, usesOf } from './references';
import { applyOperator } from './operators';
import { EMPTY_CTX, MAX_CTX_DEPTH, type BuilderState, type Ctx, type NodeState, type Value } from './types';

export interface ExtractionState {
  builders: BuilderState[];
  /** Every `new KafkaStreams(...)` in candidate files. */
  apps: NewExpression[];
  /** kafkajs `consumer({ groupId })` calls. */
  consumers: CallExpression[];
  /** `app.store(name)`, `driver.getKeyValueStore(name)`, `context.getStateStore(name)` calls. */
  storeLookups: CallExpression[];
  /** kafkajs `producer.send({ topic, acks })` / `sendBatch(...)` calls. */
  producerSends: CallExpression[];
  visited: Set<string>;
  /** withChain functions entered, by the context inside them: what each returns is the branch's entry. */
  chains: Map<string, { fn: Node; results: NodeState[]; other: boolean }>;
  isCancelled: () => boolean;
}

/** Methods that look a state store up by name (KafkaStreams, TopologyTestDriver, ProcessorContext). */
const STORE_LOOKUPS = new Set(['store', 'getKeyValueStore', 'getTimestampedKeyValueStore', 'getStateStore']);

/**
 * Scans `sourceFiles` for builders, apps and consumers and extracts the topology of each builder
 * found there and of `moreBuilders` (builders in unchanged files whose dependencies changed).
 */
export function extractFrom(sourceFiles: SourceFile[], isCancelled: () => boolean, moreBuilders: NewExpression[] = []): ExtractionState {
  const state: ExtractionState = { builders: [], apps: [], consumers: [], storeLookups: [], producerSends: [], visited: new Set(), chains: new Map(), isCancelled };
  const builderNews: NewExpression[] = [...moreBuilders];
  for (const sf of sourceFiles) {
    // Walk compiler nodes (cheap) and wrap only the few expressions of interest.
    const hits: ts.Node[] = [];
    // Names a `new` can construct a streamwise class by: the class names and their import aliases.
    // Other `new`s (Map, services, errors) are not worth a question to the type checker.
    const classNames = new Set(STREAMWISE_CLASSES);
    const visit = (node: ts.Node): void => {
      if (ts.isImportSpecifier(node) && node.propertyName !== undefined && STREAMWISE_CLASSES.has(node.propertyName.text)) classNames.add(node.name.text);
      if (ts.isNewExpression(node)) hits.push(node);
      else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
        const method = node.expression.name.text;
        // kafkajs clients are often made in another module (`kafka.ts`): every file is looked at.
        if (method === 'consumer' || method === 'send' || method === 'sendBatch' || STORE_LOOKUPS.has(method)) hits.push(node);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf.compilerNode);
    for (const hit of hits) {
      if (ts.isNewExpression(hit) && !classNames.has(calleeName(hit.expression))) continue;
      const node = wrapCompilerNode(sf, hit);
      if (Node.isCallExpression(node)) {
        const callee = node.getExpression();
        const method = Node.isPropertyAccessExpression(callee) ? callee.getName() : '';
        if (STORE_LOOKUPS.has(method)) {
          if (isStreamwiseMethod(callee)) state.storeLookups.push(node);
        } else if (isKafkajsMethod(callee)) (method === 'consumer' ? state.consumers : state.producerSends).push(node);
      } else if (Node.isNewExpression(node)) {
        const name = streamwiseClassName(node.getExpression());
        if (name === 'StreamsBuilder') builderNews.push(node);
        else if (name === 'KafkaStreams') state.apps.push(node);
      }
    }
  }
  for (const newExpr of builderNews) {
    if (isCancelled()) break;
    const b: BuilderState = {
      id: nodeKey(newExpr), newExpr, nodes: new Map(), stores: new Map(), buildCalls: [], callbacks: [], branches: [], apps: new Set(), drivers: new Set(), unmodelled: new Set(), deps: newDeps(),
    };
    state.builders.push(b);
    recording(b.deps, () => {
      recordNode(newExpr);
      flow(state, { kind: 'builder', b }, newExpr, EMPTY_CTX);
    });
  }
  return state;
}

const STREAMWISE_CLASSES: ReadonlySet<string> = new Set(['StreamsBuilder', 'KafkaStreams', 'TopologyTestDriver']);

/** `X` of `new X(...)` or `new ns.X(...)`. */
function calleeName(expression: ts.Node): string {
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text;
  return '';
}

function valueKey(value: Value): string {
  switch (value.kind) {
    case 'builder':
    case 'topology':
      return `${value.kind}@${value.b.id}`;
    case 'branches':
    case 'splitter':
    case 'splitMap':
      return `${value.kind}@${value.branch.key}`;
    default:
      return `${value.kind}@${value.node.key}`;
  }
}

export function push(ctx: Ctx, call: CallExpression | NewExpression): Ctx | undefined {
  if (ctx.calls.length >= MAX_CTX_DEPTH || ctx.calls.includes(call)) return undefined;
  return { calls: [...ctx.calls, call], key: `${ctx.key}>${nodeKey(call)}` };
}

function pop(ctx: Ctx): Ctx {
  const calls = ctx.calls.slice(0, -1);
  return { calls, key: calls.map((c) => `>${nodeKey(c)}`).join('') };
}

/** `value` is what `expr` evaluates to; follow where it is used. */
export function flow(state: ExtractionState, value: Value, expr: Node, ctx: Ctx): void {
  if (state.isCancelled()) return;
  const visitKey = `${nodeKey(expr)}|${valueKey(value)}|${ctx.key}`;
  if (state.visited.has(visitKey)) return;
  state.visited.add(visitKey);
  recordNode(expr);

  let current: Node = expr;
  let parent = current.getParent();
  while (parent !== undefined && (Node.isParenthesizedExpression(parent) || Node.isAsExpression(parent) || Node.isSatisfiesExpression(parent) || Node.isNonNullExpression(parent))) {
    current = parent;
    parent = current.getParent();
  }
  if (parent === undefined) return;

  if (Node.isPropertyAccessExpression(parent) && parent.getExpression() === current) {
    const grand = parent.getParent();
    if (Node.isCallExpression(grand) && grand.getExpression() === parent) {
      applyOperator(state, value, parent.getName(), grand, ctx);
      return;
    }
    if (value.kind === 'splitMap') {
      const outlet = value.outlets.get(parent.getName());
      if (outlet !== undefined) flow(state, { kind: 'stream', b: value.b, node: outlet, keyChanged: false }, parent, ctx);
    }
    return;
  }
  if (Node.isElementAccessExpression(parent) && parent.getExpression() === current) {
    const key = resolveValue(parent.getArgumentExpression());
    if (value.kind === 'branches' && typeof key === 'number') {
      const info = value.branch.branch;
      const outlet = info?.predicates[key]?.outlet;
      if (outlet !== undefined) flow(state, { kind: 'stream', b: value.b, node: outlet, keyChanged: false }, parent, ctx);
      else if (info !== undefined && Number.isInteger(key) && key >= info.predicates.length) info.accessBeyond.push({ node: parent, index: key });
    } else if (value.kind === 'splitMap' && typeof key === 'string') {
      const outlet = value.outlets.get(key);
      if (outlet !== undefined) flow(state, { kind: 'stream', b: value.b, node: outlet, keyChanged: false }, parent, ctx);
    }
    return;
  }
  if (Node.isVariableDeclaration(parent) && parent.getInitializer() === current) {
    flowIntoBinding(state, value, parent.getNameNode(), ctx);
    return;
  }
  if (Node.isReturnStatement(parent) || (Node.isArrowFunction(parent) && parent.getBody() === current)) {
    const fn = Node.isArrowFunction(parent) ? parent : parent.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a));
    if (fn === undefined) return;
    const top = ctx.calls[ctx.calls.length - 1];
    const chain = state.chains.get(ctx.key);
    if (chain !== undefined && chain.fn === fn) {
      if (value.kind === 'stream') chain.results.push(value.node);
      else chain.other = true;
      return;
    }
    if (top !== undefined && Node.isCallExpression(top) && calleeFunction(top) === fn) {
      flow(state, value, top, pop(ctx));
      return;
    }
    if (ctx.calls.length > 0) return;
    const uses = usesOf(fn);
    // The factory is stored or passed where it is not followed: whatever runs the topology is unknown.
    if (uses.escapes && value.kind === 'topology') value.b.unknownRunner = true;
    for (const site of uses.calls) flow(state, value, site, EMPTY_CTX);
    return;
  }
  if (Node.isPropertyDeclaration(parent) && parent.getInitializer() === current) {
    flowIntoMember(state, value, parent, undefined, ctx);
    return;
  }
  if (Node.isBinaryExpression(parent) && parent.getRight() === current && parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken) {
    // `this.builder = new StreamsBuilder()` in a constructor.
    const left = parent.getLeft();
    const decl = Node.isPropertyAccessExpression(left) && left.getExpression().getKind() === SyntaxKind.ThisKeyword
      ? resolvedSymbol(left.getNameNode())?.getDeclarations().find(Node.isPropertyDeclaration)
      : undefined;
    if (decl !== undefined) flowIntoMember(state, value, decl, left, ctx);
    else if (value.kind === 'topology') value.b.unknownRunner = true;
    return;
  }
  if (Node.isNewExpression(parent) && parent.getArguments()[0] === current && value.kind === 'topology') {
    const runner = streamwiseClassName(parent.getExpression());
    if (runner === 'KafkaStreams') value.b.apps.add(parent);
    else if (runner === 'TopologyTestDriver') value.b.drivers.add(parent);
    else if (unresolved(parent.getExpression())) value.b.unknownRunner = true;
    else if (!flowIntoConstructor(state, value, parent, current, ctx)) value.b.unknownRunner = true;
    return;
  }
  if (Node.isNewExpression(parent) && parent.getExpression() !== current) {
    // `new OrdersTopology(builder)`: a builder or stream given to a workspace class's constructor.
    if (!flowIntoConstructor(state, value, parent, current, ctx) && value.kind === 'topology') value.b.unknownRunner = true;
    return;
  }
  if (Node.isCallExpression(parent) && parent.getExpression() !== current) {
    const index = parent.getArguments().indexOf(current);
    if (index < 0) return;
    const callee = parent.getExpression();
    if (Node.isPropertyAccessExpression(callee)) {
      // An argument of a DSL call (merge(other), join(table)) is handled by the operator.
      if (applyArgument(state, value, parent, index, ctx)) return;
    }
    const fn = calleeFunction(parent);
    if (fn === undefined && value.kind === 'topology' && unresolved(callee)) value.b.unknownRunner = true;
    if (fn === undefined || !(Node.isFunctionDeclaration(fn) || Node.isArrowFunction(fn) || Node.isFunctionExpression(fn) || Node.isMethodDeclaration(fn))) return;
    const param = fn.getParameters()[index];
    const inner = push(ctx, parent);
    if (param === undefined || inner === undefined) return;
    flowIntoBinding(state, value, param.getNameNode(), inner);
    return;
  }
  // A topology stored or passed where it is not followed (an object, an array, an unknown call):
  // the app that runs it, and so its exception handler, is unknown. A default export is the
  // module's topology, run as it is.
  if (value.kind === 'topology' && !Node.isExportAssignment(parent) && !Node.isExpressionStatement(parent)) value.b.unknownRunner = true;
}

/**
 * A DSL value passed to a workspace class's constructor: followed into the parameter (its uses in
 * the constructor, `this.x = param`) and, for a parameter property (`constructor(private readonly
 * builder: StreamsBuilder)`), into every `this.builder` of the class when nothing writes it.
 */
function flowIntoConstructor(state: ExtractionState, value: Value, newExpr: NewExpression, arg: Node, ctx: Ctx): boolean {
  const index = newExpr.getArguments().indexOf(arg);
  const target = newExpr.getExpression();
  const cls = resolvedSymbol(Node.isPropertyAccessExpression(target) ? target.getNameNode() : target)?.getDeclarations().find(Node.isClassDeclaration);
  if (index < 0 || cls === undefined || !isWorkspaceCode(cls)) return false;
  const ctor = cls.getConstructors().find((c) => c.getBody() !== undefined);
  const param = ctor?.getParameters()[index];
  const inner = push(ctx, newExpr);
  if (param === undefined || param.isRestParameter() || inner === undefined) return false;
  flowIntoBinding(state, value, param.getNameNode(), inner);
  if (!param.isParameterProperty()) return true;
  const name = param.getName();
  const accesses = cls.getDescendantsOfKind(SyntaxKind.PropertyAccessExpression).filter((a) =>
    a.getName() === name && a.getExpression().getKind() === SyntaxKind.ThisKeyword && resolvedSymbol(a.getNameNode())?.getDeclarations().includes(param) === true);
  if (accesses.some(isAssignmentTarget)) {
    if (value.kind === 'topology') value.b.unknownRunner = true;
    return true;
  }
  for (const access of accesses) flowIntoAccess(state, value, access, inner);
  return true;
}

/**
 * `this.field` holding a value of one construction (the innermost context is its `new`): inside
 * a method it exists when that instance's method runs, so it is followed at each call of the
 * method on that instance (ordered there, as the runtime numbers nodes); elsewhere as it is.
 */
function flowIntoAccess(state: ExtractionState, value: Value, access: Node, ctx: Ctx): void {
  const instance = ctx.calls[ctx.calls.length - 1];
  const method = access.getFirstAncestor((a) => Node.isMethodDeclaration(a) || Node.isConstructorDeclaration(a) || Node.isPropertyDeclaration(a));
  if (instance === undefined || !Node.isNewExpression(instance) || method === undefined || !Node.isMethodDeclaration(method) || method.isStatic()) {
    flow(state, value, access, ctx);
    return;
  }
  for (const site of usesOf(method).calls) {
    if (receiverConstruction(site) !== instance) continue;
    const inner = push(ctx, site);
    if (inner !== undefined) flow(state, value, access, inner);
  }
}

/** `new X(...).m()` or `const x = new X(...); x.m()`: the construction a method call is made on. */
function receiverConstruction(site: CallExpression): NewExpression | undefined {
  const callee = site.getExpression();
  if (!Node.isPropertyAccessExpression(callee)) return undefined;
  let receiver: Node | undefined = callee.getExpression();
  for (let i = 0; i < 4 && receiver !== undefined; i += 1) {
    while (Node.isParenthesizedExpression(receiver)) receiver = receiver.getExpression();
    if (Node.isNewExpression(receiver)) return receiver;
    receiver = Node.isIdentifier(receiver) ? constInitializer(receiver) : undefined;
  }
  return undefined;
}

/**
 * A class field holding a DSL value (`private readonly builder = new StreamsBuilder()`, a stream
 * built in a field initializer): followed into every `this.field` of the class, when the field
 * is assigned only once (`assignment`: the constructor's `this.field = ...`, else the initializer).
 */
function flowIntoMember(state: ExtractionState, value: Value, decl: import('ts-morph').PropertyDeclaration, assignment: Node | undefined, ctx: Ctx): void {
  const cls = decl.getParent();
  if (!Node.isClassDeclaration(cls) && !Node.isClassExpression(cls)) return;
  const name = decl.getName();
  const accesses = cls.getDescendantsOfKind(SyntaxKind.PropertyAccessExpression).filter((a) =>
    a.getName() === name && a.getExpression().getKind() === SyntaxKind.ThisKeyword && resolvedSymbol(a.getNameNode())?.getDeclarations().includes(decl) === true);
  const writes = accesses.filter(isAssignmentTarget);
  const assignedOnce = assignment === undefined ? writes.length === 0 : decl.getInitializer() === undefined && writes.length === 1 && writes[0] === assignment;
  if (!assignedOnce) {
    if (value.kind === 'topology') value.b.unknownRunner = true;
    return;
  }
  for (const access of accesses) if (access !== assignment) flowIntoAccess(state, value, access, ctx);
}

function flowIntoBinding(state: ExtractionState, value: Value, name: Node, ctx: Ctx): void {
  if (Node.isIdentifier(name)) {
    const refs = referencesOf(name);
    // A reassigned variable holds different values over time: following it would guess wrong.
    if (refs.some(isAssignmentTarget)) {
      if (value.kind === 'topology') value.b.unknownRunner = true;
      return;
    }
    for (const ref of refs) flow(state, value, ref, ctx);
    return;
  }
  if (Node.isArrayBindingPattern(name) && value.kind === 'branches') {
    const info = value.branch.branch;
    name.getElements().forEach((element, index) => {
      if (!Node.isBindingElement(element) || info === undefined) return;
      const outlet = info.predicates[index]?.outlet;
      if (outlet === undefined) {
        info.accessBeyond.push({ node: element, index });
        return;
      }
      flowIntoBinding(state, { kind: 'stream', b: value.b, node: outlet, keyChanged: false }, element.getNameNode(), ctx);
    });
    return;
  }
  if (Node.isObjectBindingPattern(name) && value.kind === 'splitMap') {
    for (const element of name.getElements()) {
      const key = element.getPropertyNameNode()?.getText().replace(/^['"`]|['"`]$/g, '') ?? element.getName();
      const outlet = value.outlets.get(key);
      if (outlet !== undefined) flowIntoBinding(state, { kind: 'stream', b: value.b, node: outlet, keyChanged: false }, element.getNameNode(), ctx);
    }
  }
}

/** Arguments of DSL calls that carry DSL values: `a.merge(b)`, `s.join(table, ...)`. */
function applyArgument(state: ExtractionState, value: Value, call: CallExpression, index: number, ctx: Ctx): boolean {
  const callee = call.getExpression();
  if (!Node.isPropertyAccessExpression(callee) || index !== 0) return false;
  const method = callee.getName();
  if (method === 'merge' && value.kind === 'stream') {
    applyOperator(state, value, 'merge#other', call, ctx);
    return true;
  }
  if ((method === 'join' || method === 'leftJoin' || method === 'outerJoin') && value.kind === 'stream') {
    applyOperator(state, value, `${method}#other`, call, ctx);
    return true;
  }
  if ((method === 'join' || method === 'leftJoin' || method === 'outerJoin') && value.kind === 'table') {
    applyOperator(state, value, `${method}#table`, call, ctx);
    return true;
  }
  return false;
}

function isAssignmentTarget(ref: Node): boolean {
  const parent = ref.getParent();
  if (Node.isBinaryExpression(parent) && parent.getLeft() === ref) {
    const kind = parent.getOperatorToken().getKind();
    return kind >= SyntaxKind.FirstAssignment && kind <= SyntaxKind.LastAssignment;
  }
  return (Node.isPrefixUnaryExpression(parent) || Node.isPostfixUnaryExpression(parent)) && /\+\+|--/.test(parent.getText());
}

/** A callee or class that does not resolve (e.g. a runtime build without it): what it does is unknown. */
function unresolved(expression: Node): boolean {
  const target = Node.isPropertyAccessExpression(expression) ? expression.getNameNode() : expression;
  return (resolvedSymbol(target)?.getDeclarations().length ?? 0) === 0;
}

export function link(from: NodeState, to: NodeState): void {
  if (!from.successors.includes(to)) from.successors.push(to);
  if (!to.predecessors.includes(from)) to.predecessors.push(from);
}
