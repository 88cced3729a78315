import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { isAnalysable } from '../../../server/src/lsp/documents';

// Overlaying, versions and URIs of open documents are exercised over LSP in diagnostics.test.ts.
test('only TypeScript sources are analysed, not declarations or other files', () => {
  for (const file of ['/w/a.ts', '/w/a.mts', '/w/a.cts', '/w/a.tsx']) assert.ok(isAnalysable(file), file);
  for (const file of ['/w/a.d.ts', '/w/a.d.mts', '/w/a.js', '/w/streamwise.config.json', '/w/a.ts.bak', '/w/node_modules/lib/index.ts']) assert.ok(!isAnalysable(file), file);
});
