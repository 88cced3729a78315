import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['dist/cli.js', ...args], { cwd: root, encoding: 'utf8' });

test('--help lists every command and exits 0', () => {
  const result = cli('--help');
  assert.equal(result.status, 0);
  for (const command of ['check', 'describe', 'run', 'dev-cluster', 'lag']) {
    assert.match(result.stdout, new RegExp(`streamwise ${command} `));
  }
});

test('an unknown command exits 2 with a message naming it', () => {
  const result = cli('frobnicate');
  assert.equal(result.status, 2);
  assert.match(result.stderr, /unknown command 'frobnicate'/);
});
