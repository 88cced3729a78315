import { relative } from 'node:path';
import { Node, type CallExpression, type NewExpression } from 'ts-morph';
import type { BuilderState, NodeState } from '../analysis/extract/types';
import { functionOf, ownReturns } from '../analysis/functions';
import { nearestName } from '../analysis/nearest';
import { constructedBy } from '../analysis/receivers';
import { resolvedSymbol } from '../analysis/symbols';
import type { QuickFix } from '../analysis/types';
import { resolveValue } from '../analysis/values';
import { insertAt, replaceNode } from '../fixes/edits';
import { callLocationStart } from '../analysis/locations';
import { defineRule, type RuleContext } from './rule';

export default defineRule({
  meta: {
    id: 'unknown-state-store',
    defaultSeverity: 'error',
    messages: {
      unknown: "No state store '{{name}}' in {{where}}{{suggestion}}: {{consequence}}.",
      notConnected: "This processor is not connected to store '{{name}}': getStateStore() throws at the first record. Connect it with process(supplier, { stores: ['{{name}}'] }) at {{at}}.",
    },
    docs: {
      description: 'app.store(name), driver.getKeyValueStore(name) and context.getStateStore(name) must name a store the topology defines (a count/reduce/aggregate or table name, or addStateStore); a processor must also be connected to it.',
    },
  },
  check(context, report) {
    const processors = processorsByOwner(context);
    for (const call of context.storeLookups) {
      if (context.isCancelled()) return;
      const callee = call.getExpression();
      if (!Node.isPropertyAccessExpression(callee)) continue;
      const arg = call.getArguments()[0];
      const name = resolveValue(arg);
      if (typeof name !== 'string' || arg === undefined) continue;
      const method = callee.getName();
      const target = method === 'getStateStore'
        ? processorTarget(call, processors)
        : runnerTarget(context, callee.getExpression(), method === 'store' ? 'KafkaStreams' : 'TopologyTestDriver');
      const scope = target ?? workspaceTarget(context);
      if (scope === undefined) continue;
      const names = new Set(scope.builders.flatMap((b) => storeNames(context, b)));
      const consequence = method === 'store'
        ? 'the query answers null for every key and all() is empty'
        : method === 'getStateStore' ? 'getStateStore() throws at the first record' : `${method}() throws`;
      if (!names.has(name)) {
        const suggestion = nearestName(name, names);
        const fixes: QuickFix[] = suggestion !== undefined && Node.isStringLiteral(arg)
          ? [{ title: `Use store '${suggestion}'`, edits: [replaceNode(arg, JSON.stringify(suggestion).replace(/^"|"$/g, arg.getQuoteKind()))], isPreferred: true }]
          : [];
        report({ messageId: 'unknown', node: arg, data: { name, where: scope.where, suggestion: suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`, consequence }, fixes });
        continue;
      }
      const processNode = target?.processNode;
      if (processNode !== undefined && processNode.unknownStores !== true && !processNode.stores.includes(name)) {
        const fix = connectFix(processNode, name);
        report({ messageId: 'notConnected', node: arg, data: { name, at: place(context, processNode.call) }, ...(fix === undefined ? {} : { fixes: [fix] }) });
      }
    }
  },
});

interface Target { builders: BuilderState[]; where: string; processNode?: NodeState }

/** Store names are known only when extraction modelled every operator and resolved every name. */
function complete(b: BuilderState): boolean {
  return b.unmodelled.size === 0 && b.unknownStoreNames !== true;
}

function storeNames(context: RuleContext, b: BuilderState): string[] {
  return context.topologies.get(b)?.extracted.model.stores.map((s) => s.name) ?? [];
}

function place(context: RuleContext, node: Node): string {
  const sf = node.getSourceFile();
  return `${relative(context.root, sf.getFilePath()) || sf.getBaseName()}:${sf.getLineAndColumnAtPos(callLocationStart(node)).line}`;
}

/** `app.store()` / `driver.getKeyValueStore()`: the topologies of every app or driver the receiver can hold. */
function runnerTarget(context: RuleContext, receiver: Node, className: 'KafkaStreams' | 'TopologyTestDriver'): Target | undefined {
  const news = constructedBy(receiver, className);
  if (news === undefined || news.length === 0) return undefined;
  const builders: BuilderState[] = [];
  for (const n of news) {
    const owners = context.builders.filter((b) => (className === 'KafkaStreams' ? b.apps : b.drivers).has(n));
    const owner = owners[0];
    if (owners.length !== 1 || owner === undefined || !complete(owner)) return undefined;
    if (!builders.includes(owner)) builders.push(owner);
  }
  const first = news[0];
  if (first === undefined) return undefined;
  const id = className === 'KafkaStreams' && news.length === 1 ? appId(context, first) : undefined;
  const where = className === 'KafkaStreams'
    ? `the topology of ${id === undefined ? 'the app' : `app '${id}'`} (new KafkaStreams at ${place(context, first)}${news.length > 1 ? ` and ${news.length - 1} more` : ''})`
    : `the topology under test (new TopologyTestDriver at ${place(context, first)}${news.length > 1 ? ` and ${news.length - 1} more` : ''})`;
  return { builders, where };
}

function appId(context: RuleContext, newExpr: NewExpression): string | undefined {
  const value = context.apps.find((a) => a.newExpr === newExpr)?.config?.get('applicationId')?.value;
  return typeof value === 'string' ? value : undefined;
}

/** Unknown receiver: a name no topology of the workspace defines is still wrong, if every topology is fully known. */
function workspaceTarget(context: RuleContext): Target | undefined {
  if (context.builders.length === 0 || !context.builders.every(complete)) return undefined;
  if (context.apps.some((a) => a.builder === undefined && !a.ambiguousTopology)) return undefined;
  return { builders: context.builders, where: 'any topology of the workspace' };
}

/** The class or object literal a process() supplier makes, mapped to that process() node. */
function processorsByOwner(context: RuleContext): Map<Node, { b: BuilderState; node: NodeState }[]> {
  const out = new Map<Node, { b: BuilderState; node: NodeState }[]>();
  for (const b of context.builders) {
    for (const callback of b.callbacks) {
      if (callback.operator !== 'process') continue;
      const node = [...b.nodes.values()].find((n) => n.call === callback.call && n.operator === 'process');
      const owner = processorOwner(callback.fn);
      if (node === undefined || owner === undefined) continue;
      const list = out.get(owner) ?? [];
      list.push({ b, node });
      out.set(owner, list);
    }
  }
  return out;
}

function processorOwner(supplier: Node): Node | undefined {
  const fn = functionOf(supplier);
  if (fn === undefined) return undefined;
  const body = fn.getBody();
  let result: Node | undefined = body !== undefined && !Node.isBlock(body) ? body : ownReturns(fn)[0]?.getExpression();
  while (result !== undefined && Node.isParenthesizedExpression(result)) result = result.getExpression();
  if (result !== undefined && Node.isObjectLiteralExpression(result)) return result;
  if (result !== undefined && Node.isNewExpression(result)) return resolvedSymbol(result.getExpression())?.getDeclarations().find((d) => Node.isClassDeclaration(d));
  return undefined;
}

function processorTarget(call: CallExpression, processors: Map<Node, { b: BuilderState; node: NodeState }[]>): Target | undefined {
  const owner = call.getFirstAncestor((a) => processors.has(a));
  const uses = owner === undefined ? undefined : processors.get(owner);
  const use = uses?.[0];
  if (uses === undefined || use === undefined || uses.length !== 1 || !complete(use.b)) return undefined;
  return { builders: [use.b], where: "this processor's topology", processNode: use.node };
}

/** `process(supplier)` -> `process(supplier, { stores: ['x'] })`; appends to a literal `stores` array. */
function connectFix(processNode: NodeState, name: string): QuickFix | undefined {
  const call = processNode.call;
  if (!Node.isCallExpression(call)) return undefined;
  const args = call.getArguments();
  const quoted = `'${name.replace(/'/g, "\\'")}'`;
  const title = `Connect store '${name}' to this processor`;
  if (args.length === 1 && args[0] !== undefined) {
    return { title, edits: [insertAt(call.getSourceFile(), args[0].getEnd(), `, { stores: [${quoted}] }`)], isPreferred: true };
  }
  const options = args[1];
  if (args.length === 2 && options !== undefined && Node.isObjectLiteralExpression(options)) {
    const prop = options.getProperty('stores');
    const init = Node.isPropertyAssignment(prop) ? prop.getInitializer() : undefined;
    if (init !== undefined && Node.isArrayLiteralExpression(init)) {
      const elements = init.getElements();
      const last = elements[elements.length - 1];
      return { title, edits: [last === undefined ? replaceNode(init, `[${quoted}]`) : insertAt(call.getSourceFile(), last.getEnd(), `, ${quoted}`)], isPreferred: true };
    }
  }
  return undefined;
}
