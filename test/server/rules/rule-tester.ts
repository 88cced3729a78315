// typescript-eslint style rule tests over fixture files: each case is a fixture (a file, or a
// folder for multi-file workspaces) copied to a fresh temporary workspace and analysed.
import { strict as assert } from 'node:assert';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { WorkspaceAnalyzer, type Finding, type RuleId } from '../../../server/src/analysis/workspace-analyzer';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
export const fixturesDir = join(repoRoot, 'test', 'fixtures', 'analyzer');

export interface WorkspaceOptions {
  /** streamwise.config.json contents. */
  config?: string;
  /** Link the repository's kafkajs into the workspace's node_modules. */
  kafkajs?: boolean;
}

/** Copies a fixture (file -> src/<name>, folder -> its contents) into a new temporary workspace. */
export function workspaceFrom(fixture: string, options: WorkspaceOptions = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'sw-analyzer-'));
  const source = join(fixturesDir, fixture);
  if (statSync(source).isDirectory()) cpSync(source, root, { recursive: true });
  else {
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'src', basename(source)), readFileSync(source));
  }
  if (options.config !== undefined) writeFileSync(join(root, 'streamwise.config.json'), options.config);
  if (options.kafkajs === true) {
    mkdirSync(join(root, 'node_modules'), { recursive: true });
    symlinkSync(join(repoRoot, 'node_modules', 'kafkajs'), join(root, 'node_modules', 'kafkajs'));
  }
  return root;
}

export interface ExpectedError {
  line: number;
  /** Workspace-relative file, when the fixture is a folder. */
  file?: string;
  severity?: Finding['severity'];
  message?: RegExp;
}

export interface ValidCase extends WorkspaceOptions { name: string; fixture: string }
export interface InvalidCase extends ValidCase { errors: ExpectedError[] }

export function analyzeFixture(fixture: string, options: WorkspaceOptions = {}): { root: string; analyzer: WorkspaceAnalyzer; findings: Finding[] } {
  const root = workspaceFrom(fixture, options);
  const analyzer = new WorkspaceAnalyzer(root, { logger: failingLogger });
  return { root, analyzer, findings: analyzer.analyze().findings };
}

/** Analyzer errors are bugs: fail the test instead of hiding them. */
const failingLogger = {
  debug: (): void => {},
  info: (): void => {},
  warn: (): void => {},
  error: (message: string, fields?: Record<string, unknown>): void => {
    throw new Error(`analyzer logged an error: ${message} ${JSON.stringify(fields)}`);
  },
};

export function ruleTests(rule: RuleId, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  for (const c of cases.valid) {
    test(`${rule} valid: ${c.name}`, () => {
      const { findings } = analyzeFixture(c.fixture, c);
      const mine = findings.filter((f) => f.rule === rule);
      assert.deepEqual(mine.map((f) => `${f.range.line}: ${f.message}`), []);
    });
  }
  for (const c of cases.invalid) {
    test(`${rule} invalid: ${c.name}`, () => {
      const { root, findings } = analyzeFixture(c.fixture, c);
      const mine = findings.filter((f) => f.rule === rule);
      const actual = mine.map((f) => ({ file: f.file.slice(root.length + 1), line: f.range.line })).sort(byPlace);
      const expected = c.errors.map((e) => ({ file: e.file ?? `src/${basename(c.fixture)}`, line: e.line })).sort(byPlace);
      assert.deepEqual(actual, expected, mine.map((f) => `${f.range.line}: ${f.message}`).join('\n'));
      const unused = [...mine];
      for (const e of c.errors) {
        const index = unused.findIndex((f) => f.range.line === e.line && f.file.endsWith(e.file ?? basename(c.fixture)) && (e.message === undefined || e.message.test(f.message)));
        const finding = unused[index];
        assert.ok(finding, `no finding at line ${e.line} matching ${String(e.message)}: ${mine.map((f) => `${f.range.line}: ${f.message}`).join('\n')}`);
        unused.splice(index, 1);
        if (e.severity !== undefined) assert.equal(finding.severity, e.severity, finding.message);
      }
    });
  }
}

function byPlace(a: { file: string; line: number }, b: { file: string; line: number }): number {
  return a.file.localeCompare(b.file) || a.line - b.line;
}
