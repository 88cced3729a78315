import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { Node, Project } from 'ts-morph';
import { resolveCandidates } from '../../../server/src/analysis/candidates';

/** The candidates of the initializer of `const target = ...`, optionally inside `function f(...)` called as `call`. */
function candidatesOf(main: string, bindTo?: 'defaults' | string): unknown {
  const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true } });
  const sf = project.createSourceFile('/main.ts', main);
  const decl = sf.getVariableDeclarations().find((d) => d.getName() === 'target') ?? sf.getFunctions().flatMap((f) => f.getVariableDeclarations()).find((d) => d.getName() === 'target');
  const fn = sf.getFunction('f');
  let binding;
  if (bindTo !== undefined && fn !== undefined) {
    const call = sf.getDescendants().find((n) => Node.isCallExpression(n) && n.getExpression().getText() === 'f' && n.getText() === bindTo);
    binding = { fn, args: bindTo === 'defaults' ? ('defaults' as const) : Node.isCallExpression(call) ? call.getArguments() : [] };
  }
  return resolveCandidates(decl?.getInitializer(), binding) ?? 'UNKNOWN';
}

test('a let assigned constants: every value it is given', () => {
  assert.deepEqual(candidatesOf("declare const big: boolean;\nlet t = 4;\nif (big) t = 6;\nconst target = t;"), [4, 6]);
  assert.deepEqual(candidatesOf("declare const big: boolean;\nlet t = 4;\nif (big) t = 4;\nconst target = t * 2;"), [8]);
  assert.equal(candidatesOf("declare const n: number;\nlet t = 4;\nt = n;\nconst target = t;"), 'UNKNOWN');
  assert.equal(candidatesOf("let t = 4;\nt += 1;\nconst target = t;"), 'UNKNOWN');
});

test('conditionals, templates and sums combine their candidates', () => {
  assert.deepEqual(candidatesOf("declare const eu: boolean;\nconst target = eu ? 'orders-eu' : 'orders';"), ['orders-eu', 'orders']);
  assert.deepEqual(candidatesOf("declare const eu: boolean;\nconst r = eu ? 'eu' : 'us';\nconst target = `audit-${r}`;"), ['audit-eu', 'audit-us']);
  assert.deepEqual(candidatesOf("declare const a: boolean;\nconst x = a ? 1 : 2;\nconst target = x + 10;"), [11, 12]);
  assert.deepEqual(candidatesOf("const target = true ? 'x' : 'y';"), ['x']);
  assert.equal(candidatesOf("declare const s: string;\ndeclare const a: boolean;\nconst target = a ? s : 'y';"), 'UNKNOWN');
});

test("a factory parameter: the call's argument, the default when it is left out, unknown without a binding", () => {
  const src = "function f(region = 'eu') {\n  const target = `audit-${region}`;\n  return target;\n}\nf('us');\nf();";
  assert.deepEqual(candidatesOf(src, "f('us')"), ['audit-us']);
  assert.deepEqual(candidatesOf(src, 'f()'), ['audit-eu']);
  assert.deepEqual(candidatesOf(src, 'defaults'), ['audit-eu']);
  assert.equal(candidatesOf(src), 'UNKNOWN');
});
