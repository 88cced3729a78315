// The analyzer's speed-ups change nothing it reports: every production fixture workspace (and a
// generated one) is analysed with the fast paths and with the reference path (`fastPaths: false`),
// with 'streamwise' installed in node_modules (where the fast paths apply) and without it (the
// bundled declarations). Findings, topologies, apps and file errors must be identical.
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { generateWorkspace } from '../../../bench/lib/generate-workspace';
import { blankJsDoc } from '../../../server/src/analysis/declaration-files';
import { BUNDLED_ROOT, createWorkspaceProject } from '../../../server/src/analysis/project';
import { WorkspaceAnalyzer } from '../../../server/src/analysis/workspace-analyzer';
import { fixturesDir, repoRoot } from '../rules/rule-tester';

const noop = (): void => {};
const silent = { debug: noop, info: noop, warn: noop, error: noop };
const runtimeDir = join(repoRoot, 'runtime');

function outcome(root: string, fastPaths: boolean): { findings: unknown[]; topologies: unknown[]; apps: unknown[]; fileErrors: unknown[]; configErrors: string[] } {
  const result = new WorkspaceAnalyzer(root, { logger: silent, fastPaths }).analyze();
  return { findings: result.findings, topologies: result.topologies.map((t) => t.model), apps: result.apps, fileErrors: result.fileErrors, configErrors: result.configErrors };
}

/** Compares the two paths; returns how many findings and topologies were compared (zero compares nothing). */
function assertSame(root: string, label: string): number {
  const fast = outcome(root, true);
  const reference = outcome(root, false);
  assert.deepEqual(fast, reference, `${label}: the fast paths changed the analysis`);
  return reference.findings.length + reference.topologies.length;
}

function workspace(fixtures: readonly string[], installed: boolean): string {
  const root = mkdtempSync(join(tmpdir(), 'sw-fast-paths-'));
  if (fixtures.length === 1) cpSync(join(production, fixtures[0] ?? ''), root, { recursive: true });
  else for (const name of fixtures) cpSync(join(production, name), join(root, name), { recursive: true });
  if (installed) {
    mkdirSync(join(root, 'node_modules'), { recursive: true });
    symlinkSync(runtimeDir, join(root, 'node_modules', 'streamwise'));
  }
  return root;
}

function check(fixtures: readonly string[], installed: boolean): void {
  const root = workspace(fixtures, installed);
  try {
    assert.ok(assertSame(root, `${fixtures.join(', ')} (${installed ? 'streamwise installed' : 'bundled declarations'})`) > 0);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

// A fixture with its own streamwise.config.json or tsconfig.json is analysed on its own (both
// change the findings); the others share one workspace, one folder each (an analysis costs the
// same parse of lib and @types/node whatever the workspace size).
const production = join(fixturesDir, 'production');
const names = readdirSync(production).sort();
const configured = names.filter((name) => existsSync(join(production, name, 'streamwise.config.json')) || existsSync(join(production, name, 'tsconfig.json')));
const plain = names.filter((name) => !configured.includes(name));

test(`production workspaces ${plain.join(', ')} together: the same results with and without the fast paths, installed or bundled streamwise`, () => {
  check(plain, true);
  check(plain, false);
});

for (const name of configured) {
  test(`production workspace ${name}: the same results with and without the fast paths`, () => {
    check([name], true);
  });
}

test("the bench's generated workspace: the same results with and without the fast paths, and the fast paths really apply", () => {
  const root = mkdtempSync(join(tmpdir(), 'sw-fast-paths-gen-'));
  try {
    const { topologyFiles } = generateWorkspace(root, runtimeDir, 24, true, 'topologies');
    assert.ok(assertSame(root, 'generated workspace') >= topologyFiles.length);
    // Not vacuous: with streamwise installed the bundle is never parsed, and declaration files
    // from node_modules come without their JSDoc; the reference path keeps both.
    const fast = createWorkspaceProject(root, new Map(), silent).project.getProgram().compilerObject;
    const reference = createWorkspaceProject(root, new Map(), silent, { fastPaths: false }).project.getProgram().compilerObject;
    assert.equal(fast.getSourceFiles().filter((sf) => sf.fileName.startsWith(BUNDLED_ROOT)).length, 0);
    assert.ok(reference.getSourceFiles().some((sf) => sf.fileName.startsWith(BUNDLED_ROOT)));
    const nodeTypes = (p: typeof fast): string => p.getSourceFiles().find((sf) => sf.fileName.endsWith('/@types/node/fs.d.ts'))?.text ?? '';
    assert.ok(nodeTypes(reference).includes('/**'));
    assert.ok(!nodeTypes(fast).includes('/**'));
    assert.equal(nodeTypes(fast).length, nodeTypes(reference).length);
    assert.equal(new WorkspaceAnalyzer(root, { logger: silent }).analyze().topologies.length, topologyFiles.length);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('blankJsDoc: JSDoc blocks become spaces of the same length, line breaks, other comments and strings stay', () => {
  const text = [
    '/** Top. */',
    'export declare const a: "/** not a comment */";',
    "export declare const b: '/** neither */';",
    'export type C = `/** nor ${string} this */`;',
    '// a line comment /** with a star star */',
    '/* a block comment */ /**/',
    '/**',
    ' * Multi-line,\r',
    ' * @param x it',
    ' */',
    'export declare function f(x: number): void;',
  ].join('\n');
  const blanked = blankJsDoc(text);
  assert.equal(blanked.length, text.length);
  assert.deepEqual(blanked.split('\n').map((l) => l.trimEnd()), [
    '',
    'export declare const a: "/** not a comment */";',
    "export declare const b: '/** neither */';",
    'export type C = `/** nor ${string} this */`;',
    '// a line comment /** with a star star */',
    '/* a block comment */ /**/',
    '',
    '',
    '',
    '',
    'export declare function f(x: number): void;',
  ]);
  assert.equal(blanked.split('\r').length, 2);
  assert.equal(blankJsDoc('/** unterminated'), '                ');
});
