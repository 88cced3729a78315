// `streamwise check` through the built CLI (dist/cli.js), as users and CI run it.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { allRules } from '../../../server/src/rules';
import { repoRoot, workspaceFrom } from '../rules/rule-tester';

const cli = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [join(repoRoot, 'dist/cli.js'), 'check', ...args], { cwd, encoding: 'utf8' });

function assertNoStack(stderr: string): void {
  assert.doesNotMatch(stderr, /\n\s+at .+:\d+:\d+\)?/, `stack trace on stderr:\n${stderr}`);
}

test('text: compiler-style lines, a summary, exit 1 on an error finding', () => {
  const root = workspaceFrom('branch-order/invalid-no-default.ts');
  writeFileSync(join(root, 'src', 'catch-all.ts'), "import { StreamsBuilder } from 'streamwise';\nconst b = new StreamsBuilder();\nb.stream('x').branch(() => true, (_k, v) => v === 'y');\n");
  const r = cli(root, '.');
  assert.equal(r.status, 1, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.deepEqual(lines.slice(0, -1).map((l) => l.replace(/ {2}\S.* {2}\[/, '  ... [')), [
    'src/catch-all.ts:3:22  ... [branch-order]',
    'src/catch-all.ts:3:22  ... [unused-branch]',
    'src/invalid-no-default.ts:5:33  ... [branch-order]',
    'src/invalid-no-default.ts:9:4  ... [branch-order]',
  ]);
  assert.match(lines[0] ?? '', /^src\/catch-all\.ts:3:22 {2}error {2}Predicate 1 of 2 always returns true.* {2}\[branch-order\]$/);
  assert.match(lines[2] ?? '', / {2}info {2}No default branch/);
  assert.equal(lines.at(-1), '4 problems (1 error(s), 1 warning(s), 2 info)');
});

test('json: exactly one object with version and 1-based diagnostics, files relative to the cwd; exit 0 without errors', () => {
  const root = workspaceFrom('branch-order/invalid-no-default.ts');
  const r = cli(join(root, 'src'), '..', '--format', 'json');
  assert.equal(r.status, 0, r.stderr);
  const out: unknown = JSON.parse(r.stdout);
  assert.deepEqual(out, {
    version: 1,
    diagnostics: [
      { rule: 'branch-order', severity: 'info', message: 'No default branch: records matching none of the 2 predicate(s) are dropped silently.', file: 'invalid-no-default.ts', line: 5, column: 33, endLine: 5, endColumn: 106 },
      { rule: 'branch-order', severity: 'info', message: 'No default branch: records matching none of the 1 predicate(s) are dropped silently.', file: 'invalid-no-default.ts', line: 9, column: 4, endLine: 9, endColumn: 25 },
    ],
  });
});

test('sarif: 2.1.0 with rule metadata and results GitHub code scanning accepts', () => {
  const root = workspaceFrom('uncaught-processor-throw/invalid-throw.ts');
  const r = cli(root, '.', '--format', 'sarif');
  assert.equal(r.status, 0, r.stderr); // warnings only
  const sarif = JSON.parse(r.stdout) as {
    version: string; $schema: string;
    runs: { tool: { driver: { name: string; rules: { id: string; shortDescription: { text: string }; defaultConfiguration: { level: string } }[] } }; results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }[] }[] }[];
  };
  assert.equal(sarif.version, '2.1.0');
  assert.match(sarif.$schema, /sarif-2\.1\.0/);
  const run = sarif.runs[0];
  assert.ok(run);
  assert.equal(run.tool.driver.name, 'streamwise');
  assert.deepEqual(run.tool.driver.rules.map((r) => r.id).sort(), allRules.map((r) => r.meta.id).sort());
  assert.ok(run.tool.driver.rules.some((r) => r.id === 'syntax-error'));
  for (const rule of run.tool.driver.rules) assert.ok(rule.shortDescription.text.length > 10 && ['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
  assert.deepEqual(run.results.map((x) => [x.ruleId, x.level, x.locations[0]?.physicalLocation.artifactLocation.uri, x.locations[0]?.physicalLocation.region.startLine]), [
    ['uncaught-processor-throw', 'warning', 'src/invalid-throw.ts', 8],
    ['uncaught-processor-throw', 'warning', 'src/invalid-throw.ts', 12],
    ['uncaught-processor-throw', 'warning', 'src/invalid-throw.ts', 13],
    ['uncaught-processor-throw', 'warning', 'src/invalid-throw.ts', 14],
  ]);
  for (const x of run.results) assert.equal(run.tool.driver.rules[x.ruleIndex]?.id, x.ruleId);
});

test('a path that does not exist: a clear message, exit 2, no stack trace', () => {
  const r = cli(repoRoot, 'no/such/dir');
  assert.equal(r.status, 2);
  assert.equal(r.stderr.trim(), 'streamwise check: no such file or directory: no/such/dir');
  assert.equal(r.stdout, '');
});

test('a broken streamwise.config.json: the file, line and column, exit 2, no stack trace', () => {
  const root = workspaceFrom('thread-partition-mismatch/scale-out.ts', { config: '{ "topics": { "webtoon-gw-logstash": { "partitions": 30, } }, "apps": { "gw-viewer": { "instances": 4 } ' });
  const r = cli(root, '.');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /streamwise check: streamwise\.config\.json:1:\d+: invalid JSON: closing brace expected/);
  assertNoStack(r.stderr);
});

test('a file that does not parse is a syntax-error finding in text, JSON and SARIF; the other files are still analysed (exit 1)', () => {
  const root = workspaceFrom('branch-order/invalid-always-true-first.ts');
  writeFileSync(join(root, 'src', 'broken.ts'), "import { StreamsBuilder } from 'streamwise';\nexport const b = new StreamsBuilder(;\n");
  const json = cli(root, '.', '--format', 'json');
  assert.equal(json.status, 1);
  assert.equal(json.stderr, '');
  const out = JSON.parse(json.stdout) as { diagnostics: { rule: string; severity: string; message: string; file: string; line: number; column: number }[] };
  assert.deepEqual(out.diagnostics.map((d) => [d.rule, d.severity, d.file, d.line, d.column]), [
    ['syntax-error', 'error', 'src/broken.ts', 2, 37],
    ['branch-order', 'error', 'src/invalid-always-true-first.ts', 7, 5],
  ].sort((a, b) => String(a[2]).localeCompare(String(b[2]))));
  assert.match(out.diagnostics.find((d) => d.rule === 'syntax-error')?.message ?? '', /^Syntax error: '\)' expected \(the rest of the workspace is still analysed\)$/);
  const text = cli(root, '.');
  assert.equal(text.status, 1);
  assert.match(text.stdout, /^src\/broken\.ts:2:37 {2}error {2}Syntax error: .+ {2}\[syntax-error\]$/m);
  assert.doesNotMatch(text.stdout, /No problems found/);
  const sarif = JSON.parse(cli(root, '.', '--format', 'sarif').stdout) as { runs: { results: { ruleId: string; level: string }[] }[] };
  assert.ok(sarif.runs[0]?.results.some((r) => r.ruleId === 'syntax-error' && r.level === 'error'));
});

test('PATH may be one file: only its findings are printed', () => {
  const root = workspaceFrom('duplicate-application-id/two-apps');
  const r = cli(root, 'src/clicks.ts', '--format', 'json');
  assert.equal(r.status, 1, r.stderr);
  const out = JSON.parse(r.stdout) as { diagnostics: { file: string; line: number; rule: string }[] };
  assert.deepEqual(out.diagnostics.map((d) => [d.rule, d.file, d.line]), [['duplicate-application-id', 'src/clicks.ts', 6]]);
  assert.equal(basename(root).startsWith('sw-analyzer-'), true);
});

test('bad arguments: usage errors with exit 2', () => {
  const noPath = cli(repoRoot);
  assert.equal(noPath.status, 2);
  assert.equal(noPath.stderr, 'streamwise check: missing PATH (streamwise check --help shows the usage)\n');
  const badFormat = cli(repoRoot, '.', '--format', 'xml');
  assert.equal(badFormat.status, 2);
  assert.match(badFormat.stderr, /unknown format 'xml'/);
  const unknownOption = cli(repoRoot, '.', '--fast');
  assert.equal(unknownOption.status, 2);
  assertNoStack(unknownOption.stderr);
});

test('check honours the rules map of streamwise.config.json (off drops, a level replaces the severity)', () => {
  const r = cli(repoRoot, join(repoRoot, 'test', 'fixtures', 'lsp', 'rules'), '--format', 'json');
  const out = JSON.parse(r.stdout) as { diagnostics: { rule: string; severity: string }[] };
  assert.deepEqual(out.diagnostics.map((d) => `${d.rule}:${d.severity}`), ['branch-order:warning']);
  assert.equal(r.status, 0, r.stderr);
});

test('the rules map reaches every rule id: the e2e gateway workspace raises all of them, off silences each, a level replaces each', () => {
  const root = mkdtempSync(join(tmpdir(), 'sw-rule-levels-'));
  cpSync(join(repoRoot, 'test', 'e2e', 'fixtures', 'gateway'), root, { recursive: true });
  const ids: string[] = allRules.map((r) => r.meta.id).sort();
  const config = readFileSync(join(root, 'streamwise.config.json'), 'utf8');
  const withRules = (level: string) => config.replace('{', `{\n  "rules": { ${ids.map((id) => `"${id}": "${level}"`).join(', ')} },`);
  const rulesRaised = (): { rule: string; severity: string }[] => {
    const r = cli(root, '.', '--format', 'json');
    assert.equal(r.stderr, '');
    return (JSON.parse(r.stdout) as { diagnostics: { rule: string; severity: string }[] }).diagnostics.filter((d) => ids.includes(d.rule));
  };
  assert.deepEqual([...new Set(rulesRaised().map((d) => d.rule))].sort(), ids);
  writeFileSync(join(root, 'streamwise.config.json'), withRules('off'));
  assert.deepEqual(rulesRaised(), []);
  writeFileSync(join(root, 'streamwise.config.json'), withRules('info'));
  const asInfo = rulesRaised();
  assert.deepEqual([...new Set(asInfo.map((d) => d.rule))].sort(), ids);
  assert.deepEqual([...new Set(asInfo.map((d) => d.severity))], ['info']);
  rmSync(root, { recursive: true, force: true });
});
