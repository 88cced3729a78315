// Applies one quick fix of a finding, re-analyses, and checks that the fix adds no compile error.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import type { Finding, RuleId } from '../../../server/src/analysis/workspace-analyzer';
import { applyEdits } from '../../../server/src/fixes/edits';
import { analyzeFixture, type WorkspaceOptions } from './rule-tester';

export function applyFix(fixture: string, rule: RuleId, line: number, title: RegExp, options: WorkspaceOptions = {}): { root: string; before: Finding; after: Finding[]; texts: Map<string, string> } {
  const { root, analyzer, findings } = analyzeFixture(fixture, options);
  const before = findings.find((f) => f.rule === rule && f.range.line === line);
  assert.ok(before, `no ${rule} finding at line ${line}: ${findings.map((f) => `${f.rule}@${f.range.line}`).join(', ')}`);
  const fix = before.fixes.find((f) => title.test(f.title));
  assert.ok(fix, `no fix matching ${String(title)}: ${before.fixes.map((f) => f.title).join(', ')}`);
  const errorsBefore = new Map<string, string[]>();
  for (const file of new Set(fix.edits.map((e) => e.file))) errorsBefore.set(file, analyzer.compileErrors(file).map(withoutLine));
  const texts = new Map<string, string>();
  for (const file of new Set(fix.edits.map((e) => e.file))) {
    const text = applyEdits(readFileSync(file, 'utf8'), fix.edits.filter((e) => e.file === file));
    texts.set(file, text);
    analyzer.setFileText(file, text);
  }
  const after = analyzer.analyze().findings;
  for (const file of texts.keys()) {
    const added = analyzer.compileErrors(file).filter((e) => !(errorsBefore.get(file) ?? []).includes(withoutLine(e)));
    assert.deepEqual(added, [], `the fix must add no compile error to ${file}:\n${texts.get(file) ?? ''}`);
  }
  return { root, before, after, texts };
}

/** Compile errors are `LINE: message`; a fix may move lines. */
function withoutLine(error: string): string {
  return error.replace(/^\d+: /, '');
}
