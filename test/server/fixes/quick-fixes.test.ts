// Each quick fix: apply its edits, re-run the analysis, the finding is gone and the code compiles.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Finding, RuleId, WorkspaceAnalyzer } from '../../../server/src/analysis/workspace-analyzer';
import { applyEdits } from '../../../server/src/fixes/edits';
import { analyzeFixture, type WorkspaceOptions } from '../rules/rule-tester';

function fixAndRecheck(fixture: string, rule: RuleId, line: number, title: RegExp, options: WorkspaceOptions = {}): { analyzer: WorkspaceAnalyzer; before: Finding; after: Finding[]; texts: Map<string, string> } {
  const { analyzer, findings } = analyzeFixture(fixture, options);
  const before = findings.find((f) => f.rule === rule && f.range.line === line);
  assert.ok(before, `no ${rule} finding at line ${line}: ${findings.map((f) => `${f.rule}@${f.range.line}`).join(', ')}`);
  const files = [...new Set(findings.map((f) => f.file))];
  for (const file of files) assert.deepEqual(analyzer.compileErrors(file), [], `fixture ${file} must compile before the fix`);
  const fix = before.fixes.find((f) => title.test(f.title));
  assert.ok(fix, `no fix matching ${String(title)}: ${before.fixes.map((f) => f.title).join(', ')}`);
  const texts = new Map<string, string>();
  for (const file of new Set(fix.edits.map((e) => e.file))) {
    const text = applyEdits(readFileSync(file, 'utf8'), fix.edits.filter((e) => e.file === file));
    texts.set(file, text);
    analyzer.setFileText(file, text);
  }
  const after = analyzer.analyze().findings;
  for (const file of new Set([...files, ...texts.keys()])) assert.deepEqual(analyzer.compileErrors(file), [], `${file} must compile after the fix:\n${texts.get(file) ?? ''}`);
  return { analyzer, before, after, texts };
}

test('branch-order: move the catch-all predicate last', () => {
  const { after, texts } = fixAndRecheck('branch-order/invalid-always-true-first.ts', 'branch-order', 7, /Move the catch-all predicate last/);
  assert.deepEqual(after.filter((f) => f.rule === 'branch-order'), []);
  assert.match([...texts.values()][0] ?? '', /\(_k, v\) => v\.startsWith\('ERROR'\),\n\s+\(_k, v\) => v\.startsWith\('WARN'\),\n\s+\(k, v\) => true,/);
});

test('branch-order: move a catch-all split branch (with its options) last', () => {
  const { after } = fixAndRecheck('branch-order/invalid-named-always-true.ts', 'branch-order', 15, /Move the catch-all/);
  // The other catch-all (line 14) is still first: one fix, one finding gone.
  assert.deepEqual(after.filter((f) => f.rule === 'branch-order' && f.severity === 'error').map((f) => f.range.line), [14]);
});

test('branch-order: add a default branch to branch()', () => {
  const { after } = fixAndRecheck('branch-order/invalid-no-default.ts', 'branch-order', 5, /Add a default branch/);
  assert.deepEqual(after.filter((f) => f.rule === 'branch-order').map((f) => f.range.line), [9]);
});

test('branch-order: add a default branch to split() (noDefaultBranch -> defaultBranch)', () => {
  const { after } = fixAndRecheck('branch-order/invalid-no-default.ts', 'branch-order', 9, /Add a default branch/);
  assert.deepEqual(after.filter((f) => f.rule === 'branch-order').map((f) => f.range.line), [5]);
});

test('branch-order: close an unterminated split with a default branch', () => {
  const { after, texts } = fixAndRecheck('branch-order/invalid-split-unterminated.ts', 'branch-order', 6, /Add a default branch/);
  assert.deepEqual(after.filter((f) => f.rule === 'branch-order'), []);
  assert.match([...texts.values()][0] ?? '', /s\.to\('warnings'\) \}\)\.defaultBranch\(\);/);
});

test('uncaught-processor-throw: route failing records to a dead-letter topic (the handler)', () => {
  const { after, texts } = fixAndRecheck('uncaught-processor-throw/invalid-throw.ts', 'uncaught-processor-throw', 13, /dead-letter topic 'thrower-dlq'/);
  assert.deepEqual(after.filter((f) => f.rule === 'uncaught-processor-throw'), []);
  assert.match([...texts.values()][0] ?? '', /processingExceptionHandler: \{ deadLetterTopic: 'thrower-dlq' \}/);
});

test('uncaught-processor-throw: add the handler to a config without one', () => {
  const { after } = fixAndRecheck('uncaught-processor-throw/deep-calls', 'uncaught-processor-throw', 5, /dead-letter topic 'pairs-dlq'/);
  assert.deepEqual(after.filter((f) => f.rule === 'uncaught-processor-throw'), []);
});

test('uncaught-processor-throw: wrap the callback body in try/catch', () => {
  const { after } = fixAndRecheck('uncaught-processor-throw/invalid-throw.ts', 'uncaught-processor-throw', 8, /Wrap the callback body/);
  assert.deepEqual(after.filter((f) => f.rule === 'uncaught-processor-throw').map((f) => f.range.line), [12, 13, 14]);
});

test('thread-partition-mismatch: set numStreamThreads to the useful maximum', () => {
  const config = JSON.stringify({ topics: { 'webtoon-gw-logstash': { partitions: 30 } }, apps: { 'gw-viewer': { instances: 4 } } });
  const { after, texts } = fixAndRecheck('thread-partition-mismatch/scale-out.ts', 'thread-partition-mismatch', 7, /Set numStreamThreads to 7/, { config });
  assert.match([...texts.values()][0] ?? '', /numStreamThreads: 7,/);
  // 28 threads for 30 tasks: no idle threads left (an uneven-split note may remain).
  assert.deepEqual(after.filter((f) => f.rule === 'thread-partition-mismatch' && f.severity === 'warning'), []);
});

test('duplicate-application-id: make the application id unique', () => {
  const { after, texts } = fixAndRecheck('duplicate-application-id/two-apps', 'duplicate-application-id', 6, /Make the application id unique: 'gw-viewer-2'/);
  assert.deepEqual(after.filter((f) => f.rule === 'duplicate-application-id'), []);
  assert.match([...texts.values()][0] ?? '', /applicationId: 'gw-viewer-2'/);
});
