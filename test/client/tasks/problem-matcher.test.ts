// The `$streamwise` problem matcher against real `streamwise check` output.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CHECK_LINE_PATTERN, matchCheckLine } from '../../../client/src/tasks/problem-matcher';
import { cli, root } from '../runs/run-helpers';

interface Matcher { name: string; owner: string; source: string; fileLocation: string[]; pattern: { regexp: string; file: number; line: number; column: number; severity: number; message: number; code: number } }
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: { problemMatchers: Matcher[]; taskDefinitions: { type: string }[]; jsonValidation: { fileMatch: string; url: string }[] };
};

test('package.json contributes the same pattern, with groups in the order the CLI prints them', () => {
  const matcher = pkg.contributes.problemMatchers.find((m) => m.name === 'streamwise');
  assert.ok(matcher !== undefined);
  assert.equal(matcher.pattern.regexp, CHECK_LINE_PATTERN);
  // Not the language client's diagnostic collection ('streamwise'): a task run must not clear the
  // editor's findings, and the Problems panel says which one reported what.
  assert.equal(matcher.owner, 'streamwise-check');
  assert.equal(matcher.source, 'streamwise check');
  assert.deepEqual([matcher.pattern.file, matcher.pattern.line, matcher.pattern.column, matcher.pattern.severity, matcher.pattern.message, matcher.pattern.code], [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(pkg.contributes.taskDefinitions.map((t) => t.type), ['streamwise']);
  assert.deepEqual(pkg.contributes.jsonValidation, [{ fileMatch: 'streamwise.config.json', url: './dist/streamwise.config.schema.json' }]);
});

test('every finding line of a real check run matches; the summary line does not', () => {
  const r = spawnSync(process.execPath, [cli, 'check', 'test/fixtures/lsp/orders'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 1, r.stderr);
  const lines = r.stdout.trim().split('\n');
  const matched = lines.map(matchCheckLine);
  assert.equal(matched.at(-1), undefined, `summary: ${lines.at(-1) ?? ''}`);
  const findings = matched.slice(0, -1);
  assert.ok(findings.length >= 2);
  assert.deepEqual(findings.map((f) => f && `${f.file}:${f.line}:${f.column} ${f.severity} [${f.rule}]`), [
    'test/fixtures/lsp/orders/src/router.ts:6:3 error [branch-order]',
    'test/fixtures/lsp/orders/src/router.ts:14:3 warning [thread-partition-mismatch]',
  ]);
  assert.match(findings[0]?.message ?? '', /^Predicate 1 of 2 always returns true/);
  // A message with two spaces inside still ends at the rule.
  assert.deepEqual(matchCheckLine('a.ts:1:2  info  x  y  [rule-id]'), { file: 'a.ts', line: 1, column: 2, severity: 'info', message: 'x  y', rule: 'rule-id' });
});
