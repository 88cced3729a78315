import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { Project, SyntaxKind } from 'ts-morph';
import { resolveValue, UNKNOWN } from '../../../server/src/analysis/values';

/** Resolves the initializer of `const target = ...` in a small two-file program. */
function resolveTarget(main: string, other = ''): unknown {
  const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true } });
  project.createSourceFile('/other.ts', other);
  const sf = project.createSourceFile('/main.ts', main);
  const decl = sf.getVariableDeclarationOrThrow('target');
  const value = resolveValue(decl.getInitializerOrThrow());
  return value === UNKNOWN ? 'UNKNOWN' : value;
}

test('literals, consts, const objects and arrays', () => {
  assert.equal(resolveTarget("const A = 'x';\nconst target = A;"), 'x');
  assert.equal(resolveTarget("const O = { id: 'app', n: 3 } as const;\nconst target = O.n;"), 3);
  assert.deepEqual(resolveTarget("const L = ['a', 'b'];\nconst target = [...L, 'c'];"), ['a', 'b', 'c']);
  assert.equal(resolveTarget("const O = { nested: { t: 'deep' } };\nconst target = O['nested'].t;"), 'deep');
  assert.equal(resolveTarget('const target = 4 * 2 + 1;'), 9);
});

test('imports (including re-exports) and template literals of constants', () => {
  assert.equal(resolveTarget("import { PREFIX } from './other';\nconst target = `${PREFIX}-viewer-${2}`;", "export const PREFIX = 'gw';"), 'gw-viewer-2');
  assert.equal(resolveTarget("import * as names from './other';\nconst target = names.TOPICS.raw;", "export const TOPICS = { raw: 'logs' };"), 'logs');
});

test("process.env.X ?? 'default' and || resolve to the default", () => {
  assert.equal(resolveTarget("const target = process.env.APP_ID ?? 'gw-viewer';"), 'gw-viewer');
  assert.equal(resolveTarget("const target = process.env['APP_ID'] || 'fallback';"), 'fallback');
});

test('what cannot be known statically is UNKNOWN (never a guess)', () => {
  assert.equal(resolveTarget('const target = process.env.APP_ID;'), 'UNKNOWN');
  assert.equal(resolveTarget("let a = 'x';\nif (Math.random() > 0.5) a = 'y';\nconst target = a;"), 'UNKNOWN');
  assert.equal(resolveTarget("let a = 'x';\na += 'y';\nconst target = a;"), 'UNKNOWN');
  assert.equal(resolveTarget("let a = 'x';\n[a] = ['y'];\nconst target = a;"), 'UNKNOWN');
  assert.equal(resolveTarget('declare function f(): string;\nconst target = f();'), 'UNKNOWN');
  assert.equal(resolveTarget('declare const n: number;\nconst target = `t-${n}`;'), 'UNKNOWN');
  assert.equal(resolveTarget("declare const o: object;\nconst target = { ...o, a: 'x' };"), 'UNKNOWN');
});

test('lets whose every assignment is known and equal, and enum members with and without initialisers', () => {
  assert.equal(resolveTarget("let a = 'x';\nconst target = a;"), 'x');
  assert.equal(resolveTarget("let a = 'x';\nif (Math.random() > 0.5) a = 'x';\nconst target = a;"), 'x');
  assert.equal(resolveTarget('enum Shard { A, B, C = 7, D }\nconst target = `s-${Shard.B}-${Shard.D}`;'), 's-1-8');
  assert.equal(resolveTarget("enum T { Orders = 'orders' }\nconst target = T.Orders;"), 'orders');
  assert.equal(resolveTarget('const enum N { Low = 2, High = Low * 4 }\nconst target = N.High;'), 8);
});

test('a const referring to itself does not loop', () => {
  const project = new Project({ useInMemoryFileSystem: true });
  const sf = project.createSourceFile('/loop.ts', 'const a: string = b;\nconst b: string = a;');
  const init = sf.getFirstDescendantByKindOrThrow(SyntaxKind.VariableDeclaration).getInitializerOrThrow();
  assert.equal(resolveValue(init), UNKNOWN);
});
