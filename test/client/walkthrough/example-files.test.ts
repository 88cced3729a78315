// The walkthrough's example: written where asked, and it has the finding (with a quick fix) the
// walkthrough promises, and nothing else, by the real analyzer.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { WorkspaceAnalyzer } from '../../../server/src/analysis/workspace-analyzer';
import { writeExample } from '../../../client/src/walkthrough/example-files';
import { cli } from '../runs/run-helpers';

test('the example is written under the chosen folder, next to an earlier copy rather than over it', () => {
  const parent = mkdtempSync(join(tmpdir(), 'ext-example-'));
  try {
    const first = writeExample(parent);
    const second = writeExample(parent);
    assert.equal(first, join(parent, 'streamwise-example'));
    assert.equal(second, join(parent, 'streamwise-example-2'));
    for (const file of ['src/gateway.ts', 'streamwise.config.json', 'samples/gw-logs.jsonl', 'package.json']) assert.ok(existsSync(join(second, file)), file);
    const samples = readFileSync(join(first, 'samples', 'gw-logs.jsonl'), 'utf8').trim().split('\n');
    assert.equal(samples.length, 40);
    for (const line of samples) assert.equal(typeof (JSON.parse(line) as { value: unknown }).value, 'string');
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});

test('streamwise check finds the catch-all branch (error) and nothing else; the config is valid; a quick fix exists', () => {
  const parent = mkdtempSync(join(tmpdir(), 'ext-example-'));
  try {
    const root = writeExample(parent);
    const r = spawnSync(process.execPath, [cli, 'check', '.', '--format', 'json'], { cwd: root, encoding: 'utf8' });
    assert.equal(r.stderr, '');
    assert.equal(r.status, 1);
    const out = JSON.parse(r.stdout) as { diagnostics: { rule: string; severity: string; file: string; line: number }[] };
    assert.deepEqual(out.diagnostics.map((d) => `${d.file}:${d.line} ${d.rule} ${d.severity}`), ['src/gateway.ts:30 branch-order error']);
    const findings = new WorkspaceAnalyzer(root).analyze().findings;
    assert.equal(findings.length, 1);
    assert.ok((findings[0]?.fixes.length ?? 0) > 0, 'the walkthrough applies a quick fix');
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});
