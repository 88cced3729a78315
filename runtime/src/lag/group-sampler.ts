// Samples a consumer group through the runtime's client interface (never kafkajs directly):
// members with their assignment, end offsets, then committed offsets. End offsets are read BEFORE
// committed offsets on purpose: a commit seen first in sample k then happened after sample k-1's
// end offsets were read, so `end(k-1) - committed(k)` is a lower bound of the lag at that commit
// (the tracker relies on it to tell a consumer that keeps up from one that falls behind).
import type { StreamsAdmin } from '../kafka/client';
import { partitionKey, type GroupSnapshot, type LagGroupMember, type LagPartitionOffsets } from './group-snapshot';

export type LagAdmin = Pick<StreamsAdmin, 'groupOffsets' | 'describeGroup' | 'endOffsets' | 'listTopics'>;

export class GroupSampler {
  /** Topics the group committed for in earlier samples: their end offsets are read first next time. */
  private readonly knownTopics = new Set<string>();

  constructor(private readonly admin: LagAdmin, readonly groupId: string, private readonly now: () => number = Date.now) {}

  async sample(): Promise<GroupSnapshot> {
    const description = await this.admin.describeGroup(this.groupId);
    const members: LagGroupMember[] = (description?.members ?? []).map((m) => ({
      memberId: m.memberId, clientId: m.clientId, host: m.clientHost, assignment: m.assignment.map((a) => ({ topic: a.topic, partition: a.partition })),
    })).sort((a, b) => a.memberId.localeCompare(b.memberId));
    const assignedTopics = new Set(members.flatMap((m) => m.assignment.map((a) => a.topic)));
    const ends = new Map<string, number>();
    const readEnds = async (topics: readonly string[]) => {
      for (const e of await this.admin.endOffsets(topics)) ends.set(partitionKey(e), e.offset);
    };
    await readEnds([...new Set([...assignedTopics, ...this.knownTopics])]);
    const committed = await this.committedOffsets([...assignedTopics]);
    const late = [...new Set(committed.map((c) => c.topic))].filter((t) => !this.knownTopics.has(t) && !assignedTopics.has(t));
    if (late.length > 0) await readEnds(late);
    for (const c of committed) this.knownTopics.add(c.topic);

    const partitions = new Map<string, LagPartitionOffsets>();
    const topicsShown = new Set([...assignedTopics, ...committed.map((c) => c.topic)]);
    for (const [key, end] of ends) {
      const [topic = '', partition = '0'] = key.split('\u0000');
      if (topicsShown.has(topic)) partitions.set(key, { topic, partition: Number(partition), committed: null, end });
    }
    for (const c of committed) {
      const key = partitionKey(c);
      partitions.set(key, { topic: c.topic, partition: c.partition, committed: c.offset, end: ends.get(key) ?? c.offset });
    }
    return {
      groupId: this.groupId,
      time: this.now(),
      state: description?.state ?? null,
      members,
      partitions: [...partitions.values()].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition),
    };
  }

  /** Committed offsets (>= 0 only). Brokers that cannot list a group's topics (OffsetFetch without topics) are asked per topic. */
  private async committedOffsets(assignedTopics: readonly string[]) {
    const all = (await this.admin.groupOffsets(this.groupId)).filter((o) => o.offset >= 0);
    if (all.length > 0) return all;
    const candidates = new Set([...assignedTopics, ...this.knownTopics]);
    if (candidates.size === 0) for (const t of await this.admin.listTopics()) if (!t.startsWith('__')) candidates.add(t);
    if (candidates.size === 0) return [];
    return (await this.admin.groupOffsets(this.groupId, [...candidates])).filter((o) => o.offset >= 0);
  }
}
