import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { evaluatePartition, groupStatus, type LagSample } from '../../../runtime/src/lag/lag-verdict';

const w = (...s: [committed: number, end: number][]): LagSample[] => s.map(([committed, end], i) => ({ time: i * 1000, committed, end }));

test('OK when the lag reached zero anywhere in the window', () => {
  assert.equal(evaluatePartition('t', 0, w([10, 20], [20, 20], [20, 30]), true).status, 'OK');
});

test('STALL when the committed offset does not move while behind', () => {
  const p = evaluatePartition('t', 0, w([10, 20], [10, 25], [10, 30]), true);
  assert.equal(p.status, 'STALL');
  assert.equal(p.lag, 20);
  assert.equal(p.consumeRate, 0);
  assert.equal(p.produceRate, 5);
});

test('STOP when no member is running while behind (takes precedence over STALL)', () => {
  assert.equal(evaluatePartition('t', 0, w([10, 20], [10, 20]), false).status, 'STOP');
});

test('WARN when offsets move but the lag never decreases', () => {
  const p = evaluatePartition('t', 0, w([10, 20], [15, 30], [20, 40]), true);
  assert.equal(p.status, 'WARN');
  assert.equal(p.consumeRate, 5);
});

test('WARN on a rewind; OK when the lag decreases', () => {
  assert.equal(evaluatePartition('t', 0, w([15, 40], [10, 40], [12, 40]), true).status, 'WARN');
  assert.equal(evaluatePartition('t', 0, w([10, 40], [20, 40], [30, 40]), true).status, 'OK');
});

test('the group status is the worst partition status', () => {
  const ok = evaluatePartition('t', 0, w([1, 1]), true);
  const stall = evaluatePartition('t', 1, w([1, 5], [1, 5]), true);
  assert.equal(groupStatus([ok, stall]), 'STALL');
  assert.equal(groupStatus([ok]), 'OK');
});
