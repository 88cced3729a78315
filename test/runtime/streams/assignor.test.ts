import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { assignTasks, decodeUserData, encodeUserData } from '../../../runtime/src/streams/assignor';

const member = (memberId: string, instance: string, thread: number, tasks: string[] = []) => ({ memberId, topics: [], userData: encodeUserData({ instance, thread, tasks }) });
const tasksOf = (r: Map<string, { userData: Buffer }>, id: string) => decodeUserData(r.get(id)?.userData ?? Buffer.alloc(0)).tasks;

test("a task's co-partitioned topics go to the same member", () => {
  const subs = [{ id: 0, sourceTopics: ['orders', 'customers'] }, { id: 1, sourceTopics: ['app-x-repartition'] }];
  const counts = new Map([['orders', 3], ['customers', 3], ['app-x-repartition', 3]]);
  const r = assignTasks([member('m1', 'a', 1), member('m2', 'b', 1)], subs, counts);
  for (const [, a] of r) {
    assert.deepEqual(a.assignment.orders?.sort(), a.assignment.customers?.sort());
  }
  const all = [...r.values()].flatMap((a) => Object.entries(a.assignment).flatMap(([t, ps]) => ps.map((p) => `${t}-${p}`)));
  assert.equal(all.length, 9);
  assert.equal(new Set(all).size, 9);
});

test('tasks balance across instances before threads (30 tasks, 3 instances x 10 threads + 1 of 10)', () => {
  const subs = [{ id: 0, sourceTopics: ['logs'] }];
  const counts = new Map([['logs', 30]]);
  const members = ['a', 'b', 'c', 'd'].flatMap((i) => Array.from({ length: 10 }, (_, t) => member(`${i}-${t}`, i, t + 1)));
  const r = assignTasks(members, subs, counts);
  const perInstance = new Map<string, number>();
  for (const m of members) perInstance.set(m.memberId[0] ?? '', (perInstance.get(m.memberId[0] ?? '') ?? 0) + tasksOf(r, m.memberId).length);
  assert.deepEqual([...perInstance.values()].sort(), [7, 7, 8, 8]);
  assert.ok([...r.values()].every((a) => Object.values(a.assignment).flat().length <= 1));
});

test('sticky: members keep their previous tasks when balanced', () => {
  const subs = [{ id: 0, sourceTopics: ['t'] }];
  const counts = new Map([['t', 4]]);
  const r = assignTasks([member('m1', 'a', 1, ['0_3', '0_2']), member('m2', 'b', 1, ['0_0', '0_1'])], subs, counts);
  assert.deepEqual(tasksOf(r, 'm1'), ['0_2', '0_3']);
  assert.deepEqual(tasksOf(r, 'm2'), ['0_0', '0_1']);
  // A third member joins: it takes one task, the others keep most of theirs.
  const r2 = assignTasks([member('m1', 'a', 1, ['0_2', '0_3']), member('m2', 'b', 1, ['0_0', '0_1']), member('m3', 'c', 1)], subs, counts);
  assert.equal(tasksOf(r2, 'm3').length, 1);
  assert.ok(tasksOf(r2, 'm1').every((t) => ['0_2', '0_3'].includes(t)));
  assert.ok(tasksOf(r2, 'm2').every((t) => ['0_0', '0_1'].includes(t)));
});

test('a member with unreadable user data is treated as new', () => {
  const r = assignTasks([{ memberId: 'x', topics: [], userData: Buffer.from('\u0000garbage') }], [{ id: 0, sourceTopics: ['t'] }], new Map([['t', 2]]));
  assert.deepEqual(tasksOf(r, 'x'), ['0_0', '0_1']);
});
