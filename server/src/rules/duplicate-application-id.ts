import { Node } from 'ts-morph';
import type { AppState } from '../analysis/extract/apps';
import type { BuiltTopology } from '../analysis/extract/model';
import { appBinding, subTopologyTopics, topicChoices } from '../analysis/extract/topic-choices';
import { resolveObjectProperties } from '../analysis/values';
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
      const instances = new Map(apps.map((a) => [a, topologyInstance(a, a.builder === undefined ? undefined : context.topologies.get(a.builder))]));
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
 * (`new KafkaStreams(enrichment('orders'), ...)`). Undefined when a topic is not one known value.
 */
function topologyInstance(app: AppState, built: BuiltTopology | undefined): string | undefined {
  if (built === undefined) return undefined;
  const choices = topicChoices(built, appBinding(app));
  const choice = choices?.length === 1 ? choices[0] : undefined;
  const topics = choice === undefined ? undefined : subTopologyTopics(built, choice);
  if (topics === undefined) return undefined;
  const internal = new Set(built.subTopologies.flatMap((s) => s.internalSources));
  return [...new Set([...topics.values()].flat().filter((t) => !internal.has(t)))].sort().join('\u0000');
}
