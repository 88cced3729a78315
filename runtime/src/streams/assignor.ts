// The group assignor: tasks (sub-topology x partition) are the unit, so a task's partitions stay
// on one member; tasks spread evenly across instances first, then threads; a member keeps the
// tasks it owned before when that does not unbalance the group (sticky where cheap).
import type { GroupAssignor, GroupMemberInfo, MemberAssignment } from '../kafka/client';
import { taskKey } from './internal-topics';

export interface AssignorSubTopology { id: number; sourceTopics: string[] }

export interface MemberUserData { instance: string; thread: number; tasks: string[] }

export const ASSIGNOR_NAME = 'streamwise-tasks';

export function encodeUserData(data: MemberUserData): Buffer {
  return Buffer.from(JSON.stringify(data));
}

export function decodeUserData(buffer: Buffer): MemberUserData {
  try {
    const v: unknown = JSON.parse(buffer.toString('utf8'));
    if (typeof v === 'object' && v !== null) {
      const o = v as Record<string, unknown>;
      return {
        instance: typeof o.instance === 'string' ? o.instance : '',
        thread: typeof o.thread === 'number' ? o.thread : 0,
        tasks: Array.isArray(o.tasks) ? o.tasks.filter((t): t is string => typeof t === 'string') : [],
      };
    }
  } catch {
    // A member from another client: treat it as a fresh member.
  }
  return { instance: '', thread: 0, tasks: [] };
}

interface Task { key: string; topics: Record<string, number[]> }

export function tasksOf(subTopologies: readonly AssignorSubTopology[], counts: ReadonlyMap<string, number>): Task[] {
  const tasks: Task[] = [];
  for (const s of subTopologies) {
    const n = Math.max(0, ...s.sourceTopics.map((t) => counts.get(t) ?? 0));
    for (let p = 0; p < n; p++) {
      const topics: Record<string, number[]> = {};
      for (const t of s.sourceTopics) if ((counts.get(t) ?? 0) > p) topics[t] = [p];
      tasks.push({ key: taskKey(s.id, p), topics });
    }
  }
  return tasks;
}

/** Members ordered so that consecutive slots alternate between instances. */
function interleave(members: readonly { memberId: string; data: MemberUserData }[]) {
  const byInstance = new Map<string, { memberId: string; data: MemberUserData }[]>();
  for (const m of [...members].sort((a, b) => a.data.thread - b.data.thread || a.memberId.localeCompare(b.memberId))) {
    const list = byInstance.get(m.data.instance) ?? [];
    list.push(m);
    byInstance.set(m.data.instance, list);
  }
  const lists = [...byInstance.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, l]) => l);
  const out: { memberId: string; data: MemberUserData }[] = [];
  for (let round = 0; out.length < members.length; round++) {
    for (const l of lists) {
      const m = l[round];
      if (m !== undefined) out.push(m);
    }
  }
  return out;
}

export function assignTasks(members: readonly GroupMemberInfo[], subTopologies: readonly AssignorSubTopology[], counts: ReadonlyMap<string, number>): Map<string, MemberAssignment> {
  const tasks = tasksOf(subTopologies, counts);
  const ordered = interleave(members.map((m) => ({ memberId: m.memberId, data: decodeUserData(m.userData) })));
  const result = new Map<string, MemberAssignment>();
  if (ordered.length === 0) return result;
  const base = Math.floor(tasks.length / ordered.length);
  const extra = tasks.length % ordered.length;
  const quota = new Map(ordered.map((m, i) => [m.memberId, base + (i < extra ? 1 : 0)]));
  const owned = new Map<string, string[]>(ordered.map((m) => [m.memberId, []]));
  const previousOwner = new Map<string, string>();
  for (const m of ordered) for (const t of m.data.tasks) if (!previousOwner.has(t)) previousOwner.set(t, m.memberId);
  const unassigned: Task[] = [];
  for (const task of tasks) {
    const owner = previousOwner.get(task.key);
    const list = owner === undefined ? undefined : owned.get(owner);
    if (owner !== undefined && list !== undefined && list.length < (quota.get(owner) ?? 0)) list.push(task.key);
    else unassigned.push(task);
  }
  for (const task of unassigned) {
    const m = ordered.find((x) => (owned.get(x.memberId)?.length ?? 0) < (quota.get(x.memberId) ?? 0));
    if (m === undefined) break;
    owned.get(m.memberId)?.push(task.key);
  }
  const byKey = new Map(tasks.map((t) => [t.key, t]));
  for (const m of ordered) {
    const keys = (owned.get(m.memberId) ?? []).sort();
    const assignment: Record<string, number[]> = {};
    for (const key of keys) {
      for (const [topic, parts] of Object.entries(byKey.get(key)?.topics ?? {})) (assignment[topic] ??= []).push(...parts);
    }
    result.set(m.memberId, { assignment, userData: encodeUserData({ ...m.data, tasks: keys }) });
  }
  return result;
}

export function taskAssignor(subTopologies: () => readonly AssignorSubTopology[], self: () => MemberUserData): GroupAssignor {
  return {
    name: ASSIGNOR_NAME,
    userData: () => encodeUserData(self()),
    assign: (members, counts) => assignTasks(members, subTopologies(), counts),
  };
}
