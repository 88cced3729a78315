import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { evaluatePartition, statusAtLeast, worstStatus, type LagSample } from '../../../runtime/src/lag/lag-verdict';

const w = (...s: [committed: number | null, end: number][]): LagSample[] => s.map(([committed, end], i) => ({ time: i * 1000, committed, end }));
const judge = (samples: LagSample[], full = true, active: boolean | undefined = true) => evaluatePartition({ samples, full, windowMs: 3000, active });

test('OK when the lag reached zero anywhere in the window', () => {
  assert.equal(judge(w([10, 20], [20, 20], [20, 30])).status, 'OK');
});

test('OK when a commit caught up with everything produced before it (lag seen later is sampling)', () => {
  // end offsets are read before committed ones: committed 20 >= the previous sample's end 20.
  const p = judge(w([10, 20], [10, 25], [25, 30], [25, 35]));
  assert.equal(p.status, 'OK');
  assert.equal(p.lag, 10);
});

test('PENDING (window not full yet) instead of guessing STALL', () => {
  const p = judge(w([10, 20], [10, 25], [10, 30]), false);
  assert.equal(p.status, 'PENDING');
  assert.equal(p.reason, 'window not full yet');
});

test('STALL when the committed offset does not move for a full window while behind', () => {
  const p = judge(w([10, 20], [10, 25], [10, 30]));
  assert.equal(p.status, 'STALL');
  assert.equal(p.lag, 20);
  assert.equal(p.consumeRate, 0);
  assert.equal(p.produceRate, 5);
  assert.equal(p.catchUpMs, null);
});

test('STOP when no member is running while behind, even before the window is full', () => {
  assert.equal(judge(w([10, 20], [10, 20]), false, false).status, 'STOP');
  assert.equal(judge(w([20, 20]), false, false).status, 'OK');
});

test('WARN when the lag at every commit grows beyond what sampling explains', () => {
  const p = judge(w([10, 20], [15, 40], [20, 60], [25, 80]));
  assert.equal(p.status, 'WARN');
  assert.equal(p.reason, 'lag grows at every commit (falling behind)');
});

test('WARN on a rewind; OK while catching up, with a time to catch up', () => {
  assert.equal(judge(w([15, 40], [10, 40], [12, 40])).status, 'WARN');
  const p = judge(w([10, 40], [20, 40], [30, 40]));
  assert.equal(p.status, 'OK');
  assert.equal(p.consumeRate, 10);
  assert.equal(p.catchUpMs, 1000);
});

test('no commits yet: PENDING, then STALL once a full window passed with records waiting', () => {
  assert.equal(judge(w([null, 5], [null, 9]), false).reason, 'no commits yet');
  assert.equal(judge(w([null, 5], [null, 9])).status, 'STALL');
  assert.equal(judge(w([null, 0], [null, 0])).status, 'OK');
});

test('the group status is the worst; PENDING ranks above OK; --fail-on thresholds', () => {
  assert.equal(worstStatus(['OK', 'STALL', 'WARN']), 'STALL');
  assert.equal(worstStatus(['OK', 'PENDING']), 'PENDING');
  assert.equal(worstStatus([]), 'OK');
  assert.ok(statusAtLeast('STALL', 'WARN'));
  assert.ok(!statusAtLeast('WARN', 'STALL'));
  assert.ok(!statusAtLeast('PENDING', 'WARN'));
});
