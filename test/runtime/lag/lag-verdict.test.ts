import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { evaluatePartition, statusAtLeast, worstStatus, type LagSample } from '../../../runtime/src/lag/lag-verdict';

const w = (...s: [committed: number | null, end: number][]): LagSample[] => s.map(([committed, end], i) => ({ time: i * 1000, committed, end }));
/** Three commits make a full window; five seconds without one make a stall. */
const judge = (samples: LagSample[], active: boolean | undefined = true, stallMs = 5000) => evaluatePartition({ samples, requiredCommits: 3, stallMs, active });

test('OK when the lag reached zero anywhere in a full window', () => {
  const p = judge(w([10, 20], [20, 20], [25, 30], [30, 40]));
  assert.equal(p.status, 'OK');
  assert.equal(p.commits, 3);
});

test('OK when a commit caught up with everything produced before it (lag seen later is sampling)', () => {
  // end offsets are read before committed ones: committed 25 >= the previous sample's end 25.
  const p = judge(w([10, 20], [15, 25], [25, 30], [30, 35]));
  assert.equal(p.status, 'OK');
  assert.equal(p.lag, 5);
});

test('the window counts commits, not polls: many polls with two commits are PENDING', () => {
  const p = judge(w([10, 20], [10, 20], [12, 20], [12, 20], [12, 20], [14, 20], [14, 20]));
  assert.equal(p.commits, 2);
  assert.equal(p.status, 'PENDING');
  assert.equal(p.reason, 'window not full yet (2 of 3 commits)');
  // The same polls with a third commit: judged.
  assert.equal(judge(w([10, 20], [10, 20], [12, 20], [12, 20], [12, 20], [14, 20], [16, 20])).status, 'OK');
});

test('STALL when the committed offset does not move for stallMs while behind', () => {
  assert.equal(judge(w([10, 20], [10, 25], [10, 30])).status, 'PENDING', 'two seconds are not a stall');
  const p = judge(w([10, 20], [10, 25], [10, 30], [10, 35], [10, 40], [10, 45]));
  assert.equal(p.status, 'STALL');
  assert.equal(p.reason, 'committed offset did not move for 5.0 s while behind');
  assert.equal(p.lag, 35);
  assert.equal(p.consumeRate, 0);
  assert.equal(p.produceRate, 5);
  assert.equal(p.catchUpMs, null);
  // Since the last commit, not since the first sample.
  assert.equal(judge(w([10, 20], [10, 25], [10, 30], [10, 35], [12, 40], [12, 45])).status, 'PENDING');
});

test('STOP when no member is running while behind, even before the window is full', () => {
  assert.equal(judge(w([10, 20], [10, 20]), false).status, 'STOP');
  assert.equal(judge(w([20, 20]), false).status, 'OK');
});

test('WARN when the lag at every commit grows beyond what sampling explains', () => {
  const p = judge(w([10, 20], [15, 40], [20, 60], [25, 80]));
  assert.equal(p.status, 'WARN');
  assert.equal(p.reason, 'lag grows at every commit (falling behind)');
});

test('WARN on a rewind; OK while catching up, with a time to catch up', () => {
  assert.equal(judge(w([15, 40], [10, 40], [12, 40], [14, 40])).status, 'WARN');
  const p = judge(w([10, 50], [20, 50], [30, 50], [40, 50]));
  assert.equal(p.status, 'OK');
  assert.equal(p.consumeRate, 10);
  assert.equal(p.catchUpMs, 1000);
});

test('no commits yet: PENDING, then STALL once stallMs passed with records waiting; idle and caught up is OK', () => {
  assert.equal(judge(w([null, 5], [null, 9])).reason, 'no commits yet');
  assert.equal(judge(w([null, 5], [null, 9]), true, 1000).status, 'STALL');
  assert.equal(judge(w([null, 5], [null, 9]), true, 1000).reason, 'no commit in 1.0 s while 9 record(s) wait');
  assert.equal(judge(w([null, 0], [null, 0])).status, 'PENDING');
  assert.equal(judge(w([null, 0], [null, 0]), true, 1000).reason, 'no records yet');
  const idle = judge(w([20, 20], [20, 20], [20, 20]), true, 2000);
  assert.deepEqual([idle.status, idle.reason], ['OK', 'caught up; nothing new to commit for 2.0 s']);
});

test('the group status is the worst; PENDING ranks above OK; --fail-on thresholds', () => {
  assert.equal(worstStatus(['OK', 'STALL', 'WARN']), 'STALL');
  assert.equal(worstStatus(['OK', 'PENDING']), 'PENDING');
  assert.equal(worstStatus([]), 'OK');
  assert.ok(statusAtLeast('STALL', 'WARN'));
  assert.ok(!statusAtLeast('WARN', 'STALL'));
  assert.ok(!statusAtLeast('PENDING', 'WARN'));
});
