// `streamwise check` must not evaluate the runtime (KafkaStreams, the dev cluster, kafkajs): it only
// analyses, and loading them cost about a tenth of a cold check. The commands that need them load
// them when they run.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { test } from 'node:test';
import { repoRoot, workspaceFrom } from '../rules/rule-tester';

const hook = join(repoRoot, 'test/fixtures/cli/report-loaded-modules.cjs');

/** Runs the built CLI and returns its exit code and every CommonJS module it evaluated. */
function loadedModules(args: string[], cwd: string): { status: number | null; stderr: string; modules: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'sw-loaded-modules-'));
  try {
    const out = join(dir, 'modules.json');
    const r = spawnSync(process.execPath, ['--require', hook, join(repoRoot, 'dist/cli.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, LOADED_MODULES_OUT: out } });
    return { status: r.status, stderr: r.stderr, modules: JSON.parse(readFileSync(out, 'utf8')) as string[] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const runtimeDist = join(repoRoot, 'runtime', 'dist') + sep;
const isKafkajs = (file: string): boolean => file.split(sep).includes('kafkajs');
/** 'streamwise/model' (plain types, the operator catalog, the config schema, lag math) is what the analyzer needs; the rest of the runtime is not. */
const LIGHT = [`model${sep}`, `lag${sep}`, join('devcluster', 'defaults.js')];
const isHeavyRuntime = (file: string): boolean => file.startsWith(runtimeDist) && !LIGHT.some((p) => file.slice(runtimeDist.length).startsWith(p));

test('check analyses a workspace with topologies without evaluating the runtime or kafkajs', () => {
  const root = workspaceFrom('branch-order/invalid-no-default.ts');
  try {
    const r = loadedModules(['check', '.', '--format', 'json'], root);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.modules.some((f) => f.split(sep).includes('ts-morph')), 'the analyzer ran (ts-morph loaded)');
    assert.deepEqual(r.modules.filter(isKafkajs), []);
    assert.deepEqual(r.modules.filter(isHeavyRuntime), []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('--help shows the dev cluster defaults without evaluating the runtime', () => {
  const r = loadedModules(['--help'], repoRoot);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.modules.filter((f) => isKafkajs(f) || isHeavyRuntime(f)), []);
});

test('describe, which runs user code, does load the runtime (the check above can see it)', () => {
  const r = loadedModules(['describe', 'examples/gateway-log-router.ts'], repoRoot);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.modules.some(isHeavyRuntime), 'runtime modules loaded');
  assert.ok(r.modules.some(isKafkajs), 'kafkajs loaded');
});
