import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { rangesOverlap, toCodeAction, toDiagnostic, toRange } from '../../../server/src/lsp/convert';
import type { Finding } from '../../../server/src/analysis/workspace-analyzer';

const finding: Finding = {
  rule: 'branch-order',
  severity: 'warning',
  message: 'unreachable',
  file: '/w/a.ts',
  range: { line: 3, column: 5, endLine: 3, endColumn: 12 },
  fixes: [{ title: 'Move it', isPreferred: true, edits: [{ file: '/w/b.ts', range: { line: 1, column: 1, endLine: 1, endColumn: 1 }, newText: 'x' }] }],
};

test('1-based analyzer ranges become 0-based LSP ranges (end exclusive stays exclusive)', () => {
  assert.deepEqual(toRange(finding.range), { start: { line: 2, character: 4 }, end: { line: 2, character: 11 } });
});

test('a finding becomes a diagnostic with the rule id as code and source streamwise', () => {
  assert.deepEqual(toDiagnostic(finding), {
    range: { start: { line: 2, character: 4 }, end: { line: 2, character: 11 } },
    severity: 2,
    code: 'branch-order',
    codeDescription: { href: 'https://github.com/streamwise/streamwise/blob/main/docs/rules/branch-order.md' },
    source: 'streamwise',
    message: 'unreachable',
  });
  assert.equal(toDiagnostic({ ...finding, severity: 'info' }).severity, 3);
  assert.equal(toDiagnostic({ ...finding, severity: 'error' }).severity, 1);
});

test('a fix becomes a preferred quick fix editing every file it names, through the client URI map', () => {
  const fix = finding.fixes[0];
  assert.ok(fix !== undefined);
  const action = toCodeAction(finding, fix, (file) => `file://${file}?open`);
  assert.equal(action.isPreferred, true);
  assert.equal(action.kind, 'quickfix');
  assert.deepEqual(Object.keys(action.edit?.changes ?? {}), ['file:///w/b.ts?open']);
  assert.equal(toCodeAction(finding, { ...fix, isPreferred: undefined }, (f) => f).isPreferred, undefined);
});

test('a cursor at either end of a range overlaps it; a disjoint range does not', () => {
  const r = toRange(finding.range);
  assert.ok(rangesOverlap({ start: r.start, end: r.start }, r));
  assert.ok(rangesOverlap({ start: r.end, end: r.end }, r));
  assert.ok(!rangesOverlap({ start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, r));
});
