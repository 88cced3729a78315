import { Node } from 'ts-morph';
import type { AppState } from '../analysis/extract/apps';
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
      const builders = new Set(apps.map((a) => a.builder));
      if (builders.size < 2) continue; // same topology: more instances of one app
      apps.forEach((app, index) => {
        const prop = app.config?.get('applicationId');
        if (prop === undefined) return;
        const others = apps.filter((o) => o.builder !== app.builder).map(where).join(', ');
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
