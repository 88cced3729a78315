// The tracker on offset series recorded from real groups (test/runtime/lag/record-lag-series.ts).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { LagTracker, type GroupLagReport, type GroupSnapshot, type LagTrackerOptions } from '../../../runtime/src/lag/index';

interface Series { scenario: string; trackerOptions: LagTrackerOptions; snapshots: GroupSnapshot[] }
const series = (name: string): Series => JSON.parse(readFileSync(new URL(`../../fixtures/lag/${name}.json`, import.meta.url), 'utf8')) as Series;

function replay(s: Series, from = 0, step = 1): GroupLagReport[] {
  const tracker = new LagTracker(s.snapshots[0]?.groupId ?? 'g', s.trackerOptions);
  return s.snapshots.slice(from).filter((_, i) => i % step === 0).map((x) => tracker.add(x));
}
const last = (rs: GroupLagReport[]) => rs[rs.length - 1] ?? assert.fail('no report');

test('Kafka Streams committing every 30 s and keeping up: "no commits yet", then the window fills commit by commit, then OK at the third commit, never STALL', () => {
  const s = series('keeps-up-30s-commits');
  const reports = replay(s);
  assert.ok(reports.every((r) => r.status === 'OK' || r.status === 'PENDING'), reports.map((r) => r.status).join(','));
  const firstOk = reports.findIndex((r) => r.status === 'OK');
  const before = reports.slice(0, firstOk);
  assert.ok(firstOk > 0 && before.every((r) => r.phase !== 'judged' && !r.window.full));
  // Polls do not fill the window; commits do: ~30 polls between two steps of the count.
  assert.deepEqual([...new Set(before.map((r) => r.message.replace(/;.*/, '')))],
    ['no commits yet (1 member(s), Stable)', 'window not full yet (1 of 3 commits', 'window not full yet (2 of 3 commits']);
  assert.deepEqual([...new Set(before.map((r) => r.window.commits))], [0, 1, 2]);
  assert.ok(before.filter((r) => r.window.commits === 1).length >= 20, 'many polls at one commit');
  assert.equal(reports[firstOk]?.window.commits, 3);
  assert.ok(reports.slice(firstOk).every((r) => r.status === 'OK'));
  const final = last(reports);
  assert.equal(final.phase, 'judged');
  assert.ok(final.window.full);
  assert.equal(final.window.judgedPartitions, 2);
  assert.ok(final.window.commitIntervalMs !== null && Math.abs(final.window.commitIntervalMs - 30_000) <= 2_000, String(final.window.commitIntervalMs));
  assert.ok(final.partitions.every((p) => p.lag !== null && p.lag > 0), 'the lag between commits is not zero: the verdict does not rest on a lucky zero');
});

test('the 30 s verdict does not depend on the sampling phase or rate', () => {
  const s = series('keeps-up-30s-commits');
  for (const step of [1, 2, 3, 5]) {
    for (let from = 0; from < 15; from += 3) {
      const reports = replay(s, from, step);
      const bad = reports.filter((r) => r.status !== 'OK' && r.status !== 'PENDING');
      assert.deepEqual(bad.map((r) => `${r.time}:${r.status}`), [], `from ${from} every ${step}`);
    }
  }
});

test('an active member without commits: members with consumer id, host, client id, and "no commits yet"', () => {
  const final = last(replay(series('no-commits-yet')));
  assert.equal(final.phase, 'no-commits');
  assert.equal(final.status, 'PENDING');
  assert.match(final.message, /^no commits yet \(1 member/);
  const member = final.members[0];
  assert.ok(member !== undefined && member.assignment.length === 2);
  assert.ok(final.partitions.every((p) => p.consumerId === member.memberId && p.host === member.host && p.clientId === member.clientId && p.committed === null));
});

test('a consumer that commits a quarter of what is produced: WARN (falling behind), never STALL', () => {
  const reports = replay(series('falling-behind'));
  assert.equal(last(reports).status, 'WARN');
  assert.ok(reports.every((r) => r.status !== 'STALL' && r.status !== 'STOP'));
  assert.ok(last(reports).partitions.every((p) => p.catchUpMs === null));
});

test('a member that stops committing while records arrive: STALL once a full window passed', () => {
  const reports = replay(series('stalled'));
  assert.equal(last(reports).status, 'STALL');
  assert.match(last(reports).partitions[0]?.reason ?? '', /did not move/);
});

test('every member gone while behind: STOP', () => {
  const final = last(replay(series('stopped')));
  assert.equal(final.status, 'STOP');
  assert.equal(final.members.length, 0);
});

test('five samples a second apart with no commit in between are PENDING, not STALL (the old verdict)', () => {
  const s = series('keeps-up-30s-commits');
  const firstCommitted = s.snapshots.findIndex((x) => x.partitions.some((p) => p.committed !== null));
  const tracker = new LagTracker('g');
  const reports = s.snapshots.slice(firstCommitted + 1, firstCommitted + 6).map((x) => tracker.add(x));
  assert.equal(last(reports).status, 'PENDING');
  assert.match(last(reports).message, /^window not full yet/);
});
