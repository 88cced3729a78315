// Runs every test/**/*.test.ts with Node's test runner (tsx loads TypeScript).
// Usage: node test/run-tests.mjs [substring ...] to run only matching files.
// The run gets its own TMPDIR, removed afterwards. KafkaStreams' default stateDir is
// <tmpdir>/streamwise: a test that starts an app without its own stateDir (or instanceId) leaves a
// directory there, which fails the run (tests use test/runtime/streams/helpers/state-dir.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);

function collect(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'fixtures' || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...collect(path));
    else if (entry.name.endsWith('.test.ts')) out.push(relative(root, path));
  }
  return out;
}

const files = collect(join(root, 'test'))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();
if (files.length === 0) {
  process.stderr.write(`no test files match ${filters.join(' ')}\n`);
  process.exit(1);
}
function leftInDefaultStateDir(runTmp) {
  try { return readdirSync(join(runTmp, 'streamwise')).sort(); } catch { return []; }
}

const runTmp = mkdtempSync(join(tmpdir(), 'sw-test-run-'));
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter', 'spec', '--test-timeout', '180000', ...files],
  { cwd: root, stdio: 'inherit', env: { ...process.env, TMPDIR: runTmp } },
);
const left = leftInDefaultStateDir(runTmp);
rmSync(runTmp, { recursive: true, force: true });
if (left.length > 0) {
  process.stderr.write(`\ntest run left ${left.length} state director${left.length === 1 ? 'y' : 'ies'} in the default stateDir (<tmpdir>/streamwise): ${left.join(', ')}\n`
    + 'an app started without an instanceId needs stateDir: tempStateDir() (test/runtime/streams/helpers/state-dir.ts)\n');
  process.exit(1);
}
process.exit(result.status ?? 1);
