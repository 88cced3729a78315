import { rangeBetween } from '../analysis/locations';
import { syntaxErrors } from '../analysis/syntax-errors';
import { defineRule } from './rule';

// A file that does not parse is a finding like any other (SPEC section 6): the first error per file.
export default defineRule({
  meta: {
    id: 'syntax-error',
    defaultSeverity: 'error',
    messages: { syntax: 'Syntax error: {{message}} (the rest of the workspace is still analysed)' },
    docs: { description: 'A source file that does not parse. Its topology code cannot be analysed (or run) until it does; the rest of the workspace is still analysed.' },
  },
  check(context, report) {
    const seen = new Set<string>();
    for (const error of syntaxErrors(context.project)) {
      if (seen.has(error.file)) continue;
      seen.add(error.file);
      const sourceFile = context.project.getSourceFile(error.file);
      if (sourceFile === undefined) continue;
      const end = Math.min(error.start + Math.max(error.length, 1), sourceFile.getEnd());
      report({ messageId: 'syntax', node: sourceFile, data: { message: error.message.replace(/\.$/, '') }, range: rangeBetween(sourceFile, error.start, Math.max(end, error.start)) });
    }
  },
});
