// branch-order's structured `unreachable` data (the graph marks outlets from it, never from the
// message): which predicate, and whether it shadows every later outlet or only its own.
import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { analyzeFixture } from './rule-tester';

const unreachableOf = (fixture: string): [number, unknown][] => {
  const { root, findings } = analyzeFixture(fixture);
  try {
    return findings.filter((f) => f.rule === 'branch-order').map((f) => [f.range.line, f.unreachable]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
};

test('a catch-all predicate marks every later outlet', () => {
  assert.deepEqual(unreachableOf('branch-order/invalid-always-true-first.ts'), [[7, { predicate: 1, outlets: 'later' }]]);
});

test('a duplicate predicate marks its own outlet', () => {
  assert.deepEqual(unreachableOf('branch-order/invalid-duplicate.ts'), [[8, { predicate: 2, outlets: 'self' }], [9, { predicate: 3, outlets: 'self' }]]);
});

test('a shadowed predicate marks its own outlet', () => {
  assert.deepEqual(unreachableOf('branch-order/invalid-shadowed.ts'), [[8, { predicate: 2, outlets: 'self' }]]);
});

test('findings that prove nothing unreachable carry no data (index beyond, no default)', () => {
  for (const [line, data] of unreachableOf('branch-order/invalid-index-beyond.ts')) assert.equal(data, undefined, `line ${line}`);
});
