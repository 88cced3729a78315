import { Node } from 'ts-morph';
import { defineRule } from './rule';

// Kafka's legal characters for application.id (it prefixes internal topic names).
const LEGAL = /^[A-Za-z0-9._-]+$/;
const MAX_LENGTH = 249;

export default defineRule({
  meta: {
    id: 'application-id-format',
    defaultSeverity: 'error',
    messages: {
      illegalChars: "applicationId '{{id}}' contains characters Kafka does not allow ({{chars}}): use only letters, digits, '.', '_' and '-'",
      tooLong: 'applicationId is {{length}} characters long; Kafka allows at most 249',
      empty: 'applicationId is empty',
    },
    docs: { description: 'The application id names the consumer group and prefixes internal topics, so it must be a legal Kafka name: [A-Za-z0-9._-], at most 249 characters.' },
  },
  check(context, report) {
    for (const app of context.apps) {
      const prop = app.config?.get('applicationId');
      if (prop === undefined || typeof prop.value !== 'string') continue;
      const node: Node = Node.isPropertyAssignment(prop.node) || Node.isShorthandPropertyAssignment(prop.node) ? prop.node : prop.node;
      const id = prop.value;
      if (id.length === 0) report({ messageId: 'empty', node });
      else if (!LEGAL.test(id)) {
        const chars = [...new Set([...id].filter((c) => !/[A-Za-z0-9._-]/.test(c)))].map((c) => JSON.stringify(c)).join(', ');
        report({ messageId: 'illegalChars', node, data: { id, chars } });
      } else if (id.length > MAX_LENGTH) report({ messageId: 'tooLong', node, data: { length: id.length } });
    }
  },
});
