import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { ts } from 'ts-morph';
import { Topology } from 'streamwise';
import { loadWithTypeScript, TranspileError } from '../../../../server/src/cli/run/typescript-loader';

const dir = join(__dirname, '../../../fixtures/cli/ts-loader');
const bare: string[] = [];
const requireBare = (id: string, fromFile: string): unknown => {
  bare.push(id);
  return createRequire(fromFile)(id);
};

test('loads a module graph: relative imports (dir index, .js written for .ts), type-only imports, bare imports through the given require', () => {
  const exports = loadWithTypeScript(ts, join(dir, 'entry.ts'), requireBare);
  assert.ok(exports.default instanceof Topology);
  const describe = (exports.default as Topology).describe().toString();
  assert.match(describe, /Source: .* \(topics: \[in\]\)/);
  assert.deepEqual(bare, ['streamwise']);
  assert.equal((exports.isTopology as (t: unknown) => boolean)(exports.default), true);
});

test('a syntax error names the file, line and column', () => {
  assert.throws(() => loadWithTypeScript(ts, join(dir, 'broken.ts'), requireBare), (error: unknown) => {
    assert.ok(error instanceof TranspileError);
    assert.match(error.message, /broken\.ts does not compile: .*broken\.ts:2:\d+: /);
    return true;
  });
});

test('an unresolvable relative import names the importing file and the specifier', () => {
  assert.throws(() => loadWithTypeScript(ts, join(dir, 'missing-import.ts'), requireBare), /missing-import\.ts: cannot resolve '\.\/not-there'/);
});
