import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { applyFix } from './fix-tester';
import { analyzeFixture, ruleTests } from './rule-tester';

ruleTests('serde-mismatch', {
  valid: [
    { name: 'the reader alone: no writer in the workspace, nothing to compare', fixture: 'serde-mismatch/workspace/src/dashboard.ts' },
  ],
  invalid: [
    {
      name: 'count() values (Long) read as String, a count changelog read by another app, a double read as Integer; same families, raw bytes and custom serdes are silent',
      fixture: 'serde-mismatch/workspace',
      errors: [
        { file: 'src/dashboard.ts', line: 8, severity: 'warning', message: /'page-counts' is read here with value serde String \(the default String serde\), but the sink writes it with Long \(count\(\) \(Long values\)\) at src\/counter\.ts:9/ },
        { file: 'src/dashboard.ts', line: 18, message: /'counter-view-counts-changelog' .* the changelog of count\(\) store 'view-counts' writes it with Long .* at src\/counter\.ts:8/ },
        { file: 'src/dashboard.ts', line: 38, message: /value serde Integer \(the valueSerde option\), but the sink writes it with Number \(the valueSerde option\) at src\/counter\.ts:13/ },
      ],
    },
  ],
});

test('serde-mismatch fix: read with the writer\'s serde', () => {
  const { after, texts } = applyFix('serde-mismatch/workspace', 'serde-mismatch', 8, /Read with Serdes\.Long\(\)/);
  assert.deepEqual(after.filter((f) => f.rule === 'serde-mismatch').map((f) => f.range.line), [18, 38]);
  assert.match([...texts.values()][0] ?? '', /b\.stream\('page-counts', \{ valueSerde: Serdes\.Long\(\) \}\)\.foreach/);
});

test('serde-mismatch updates when only the writer\'s file changes', () => {
  const { root, analyzer } = analyzeFixture('serde-mismatch/workspace');
  const counter = join(root, 'src', 'counter.ts');
  const dashboard = join(root, 'src', 'dashboard.ts');
  assert.ok(analyzer.analyzeFile(dashboard).some((f) => f.rule === 'serde-mismatch' && f.range.line === 8));
  analyzer.setFileText(counter, readFileSync(counter, 'utf8').replace("to('page-counts')", "to('page-counts-v2')"));
  assert.deepEqual(analyzer.analyzeFile(dashboard).filter((f) => f.rule === 'serde-mismatch').map((f) => f.range.line), [18, 38]);
  assert.equal(analyzer.lastStats.filesScanned, 1, 'only the writer was scanned again');
  assert.ok(analyzer.lastStats.topologiesReused >= 7, "the readers' topologies were reused");
});
