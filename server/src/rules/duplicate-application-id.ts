import { Node, type CallExpression } from 'ts-morph';
import type { AppState } from '../analysis/extract/apps';
import { constInitializer, resolveObjectProperties, resolveValue } from '../analysis/values';
import { calleeFunction } from '../analysis/extract/references';
import { resolvedSymbol } from '../analysis/symbols';
import type { FunctionNode } from '../analysis/functions';
import { uniqueIdFix } from '../fixes/app-fixes';
import { defineRule } from './rule';
import { relativeForMessage } from '../analysis/paths';

export default defineRule({
  meta: {
    id: 'duplicate-application-id',
    defaultSeverity: 'error',
    messages: {
      duplicate: "applicationId '{{id}}' is also used by {{others}}, which runs a different topology: they join one consumer group and fight over partitions (rebalances, idle members, lag). Give each app its own id.",
      groupId: "Consumer groupId '{{id}}' is the applicationId of the streams app at {{app}}: both join the same consumer group.",
    },
    docs: { description: 'The application id is the consumer group id: apps running different topologies must not share it, and plain consumers must not join a streams app\'s group.' },
  },
  check(context, report) {
    const byId = new Map<string, AppState[]>();
    for (const app of context.apps) {
      const prop = app.config?.get('applicationId');
      if (prop === undefined || typeof prop.value !== 'string' || app.builder === undefined || app.ambiguousTopology) continue;
      const list = byId.get(prop.value) ?? [];
      list.push(app);
      byId.set(prop.value, list);
    }
    const taken = new Set(byId.keys());
    const where = (app: AppState): string => `${relativeForMessage(context.root, app.newExpr.getSourceFile().getFilePath())}:${app.newExpr.getStartLineNumber()}`;
    for (const [id, apps] of byId) {
      if (apps.length < 2) continue; // an id used once cannot clash (and its instance is not needed)
      const instances = new Map(apps.map((a) => [a, topologyInstance(a)]));
      // Different builder sites build different topologies; one factory builds different ones when
      // called with arguments that make it read other topics. Unknown arguments: cannot tell.
      const differ = (a: AppState, o: AppState): boolean => {
        if (a.builder !== o.builder) return true;
        const x = instances.get(a);
        const y = instances.get(o);
        return x !== undefined && y !== undefined && x !== y;
      };
      apps.forEach((app, index) => {
        const prop = app.config?.get('applicationId');
        if (prop === undefined) return;
        const clashing = apps.filter((o) => o !== app && differ(app, o));
        if (clashing.length === 0) return; // same topology: more instances of one app
        const others = clashing.map(where).join(', ');
        const fix = uniqueIdFix(prop.node, id, taken, index + 2);
        report({ messageId: 'duplicate', node: prop.node, data: { id, others }, ...(fix ? { fixes: [fix] } : {}) });
      });
    }
    for (const call of context.consumers) {
      const props = resolveObjectProperties(call.getArguments()[0]);
      const group = props?.get('groupId');
      if (group === undefined || typeof group.value !== 'string') continue;
      const app = context.apps.find((a) => a.config?.get('applicationId')?.value === group.value);
      const appProp = app?.config?.get('applicationId');
      if (app === undefined || appProp === undefined) continue;
      const node = Node.isPropertyAssignment(group.node) || Node.isShorthandPropertyAssignment(group.node) ? group.node : call;
      report({ messageId: 'groupId', node, data: { id: group.value, app: where(app) } });
      report({ messageId: 'duplicate', node: appProp.node, data: { id: group.value, others: `the kafkajs consumer at ${relativeForMessage(context.root, call.getSourceFile().getFilePath())}:${call.getStartLineNumber()}` } });
    }
  },
});

/**
 * Which instance of its builder's topology an app runs: the source topics, with topics that are
 * parameters of the factory function around the builder taken from the app's call of it
 * (`new KafkaStreams(enrichment('orders'), ...)`). Undefined when a topic is not known.
 */
function topologyInstance(app: AppState): string | undefined {
  const b = app.builder;
  if (b === undefined) return undefined;
  const factory = b.newExpr.getFirstAncestor((a) => Node.isFunctionDeclaration(a) || Node.isArrowFunction(a) || Node.isFunctionExpression(a) || Node.isMethodDeclaration(a));
  let arg: Node | undefined = app.newExpr.getArguments()[0];
  for (let i = 0; i < 5 && arg !== undefined && Node.isIdentifier(arg); i += 1) arg = constInitializer(arg);
  const call = arg !== undefined && Node.isCallExpression(arg) && factory !== undefined && calleeFunction(arg) === factory ? arg : undefined;
  const topics: string[] = [];
  for (const node of b.nodes.values()) {
    if (node.kind !== 'source' || node.internal === true) continue;
    if (node.unknownTopics !== true) {
      topics.push(...(node.topics ?? []));
      continue;
    }
    const topic = call === undefined ? undefined : parameterValue(node.call, call);
    if (topic === undefined) return undefined;
    topics.push(topic);
  }
  return [...new Set(topics)].sort().join('\u0000');
}

/** `builder.stream(input)` where `input` is a parameter of the factory: its value at `call`. */
function parameterValue(source: Node, call: CallExpression): string | undefined {
  if (!Node.isCallExpression(source)) return undefined;
  const expr = source.getArguments()[0];
  if (expr === undefined || !Node.isIdentifier(expr)) return undefined;
  const param = resolvedSymbol(expr)?.getDeclarations().find(Node.isParameterDeclaration);
  const fn = param?.getParent();
  if (param === undefined || fn === undefined || calleeFunction(call) !== fn) return undefined;
  const index = (fn as FunctionNode).getParameters().indexOf(param);
  const given = call.getArguments()[index];
  const value = resolveValue(given ?? param.getInitializer());
  return typeof value === 'string' ? value : undefined;
}
