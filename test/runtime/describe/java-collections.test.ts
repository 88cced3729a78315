// The Java collection behaviour describe() depends on; expected values printed by Java 17.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { javaHashSetOrder, javaIncrementalHashOrder } from '../../../runtime/src/describe/java-hash-set';
import { JavaTreeSet } from '../../../runtime/src/describe/java-tree-set';

test('new HashSet<>(List.of(...)) iteration order', () => {
  assert.deepEqual(javaHashSetOrder(['orders', 'payments', 'clicks', 'users-events']), ['payments', 'clicks', 'users-events', 'orders']);
  assert.deepEqual(javaHashSetOrder(['zeta', 'alpha', 'mid']), ['zeta', 'alpha', 'mid']);
});

test('a HashSet filled one by one past its first resize (14 elements, capacity 32)', () => {
  const names = Array.from({ length: 14 }, (_, i) => `KSTREAM-NODE-${String(i * 7).padStart(10, '0')}`);
  assert.deepEqual(
    javaIncrementalHashOrder(names).map((n) => Number(n.slice(-10))),
    [14, 49, 28, 21, 0, 77, 56, 35, 84, 63, 42, 91, 70, 7],
  );
});

test('a TreeSet whose keys change after insertion keeps Java red-black tree order', () => {
  const set = new JavaTreeSet<{ v: number }>((a, b) => a.v - b.v);
  const els = [5, 3, 8, 1, 4, 7, 9, 2, 6].map((v) => ({ v }));
  for (const e of els) set.add(e);
  (els[1] as { v: number }).v = 100;
  set.add({ v: 50 });
  set.add({ v: 0 });
  assert.deepEqual(set.toArray().map((e) => e.v), [0, 1, 2, 100, 4, 5, 6, 7, 8, 9, 50]);
});
