// Physical names and partition counts of a plan on a cluster: internal topics are prefixed with
// the application id; repartition topics get the partition count of the sub-topology writing them,
// unless a join co-partitions them with source topics, whose count they then take (Kafka's
// RepartitionTopics + CopartitionedTopicsEnforcer); changelogs one partition per task of the
// sub-topology owning the store (as Kafka Streams).
import type { SubTopologyPlan } from './engine';

export interface PhysicalSubTopology {
  id: number;
  /** Real topic names this sub-topology reads. */
  sourceTopics: string[];
  stores: { name: string; changelogTopic: string; changelogConfigs?: Record<string, string> }[];
  partitions: number;
}

export interface PhysicalPlan {
  subTopologies: PhysicalSubTopology[];
  topicToSubTopology: Map<string, number>;
  /** `configs`: topic configs to create it with (changelogs: Kafka's changelog topic configs). */
  internalTopics: { topic: string; partitions: number; configs?: Record<string, string> }[];
  externalSourceTopics: string[];
}

export class MissingSourceTopicError extends Error {
  override name = 'MissingSourceTopicError';
}

/** Kafka's TopologyException from CopartitionedTopicsEnforcer: a join's source topics differ in partition count. */
export class CopartitionError extends Error {
  override name = 'CopartitionError';
}

export const internalTopicName = (applicationId: string, name: string): string => `${applicationId}-${name}`;

export function externalSourceTopics(plans: readonly SubTopologyPlan[]): string[] {
  return [...new Set(plans.flatMap((p) => p.sourceTopics.filter((t) => !p.internalSourceTopics.includes(t))))];
}

/** `copartitionGroups`: per join, the source topics that must be co-partitioned (copartitionGroupsOf). */
export function resolvePlan(applicationId: string, plans: readonly SubTopologyPlan[], counts: ReadonlyMap<string, number>, copartitionGroups: readonly (readonly string[])[] = []): PhysicalPlan {
  const real = (p: SubTopologyPlan, t: string) => (p.internalSourceTopics.includes(t) ? internalTopicName(applicationId, t) : t);
  const external = externalSourceTopics(plans);
  const missing = external.filter((t) => !counts.has(t));
  if (missing.length > 0) throw new MissingSourceTopicError(`source topic(s) ${missing.join(', ')} do not exist; create them first`);
  // Repartitioned.numberOfPartitions: fixed from the start, never recomputed (RepartitionTopics).
  const enforced = new Map<string, number>();
  for (const p of plans) for (const [t, n] of Object.entries(p.enforcedPartitions ?? {})) enforced.set(t, n);
  const internalCounts = new Map<string, number>(enforced);
  const partitionsOf = (p: SubTopologyPlan): number | undefined => {
    let max = 0;
    for (const t of p.sourceTopics) {
      const n = p.internalSourceTopics.includes(t) ? internalCounts.get(t) : counts.get(t);
      if (n === undefined) return undefined;
      max = Math.max(max, n);
    }
    return max;
  };
  // Fix-point: a repartition topic takes the largest partition count of the sub-topologies that
  // write it (RepartitionTopics.computePartitionCount), set once known.
  for (let changed = true; changed;) {
    changed = false;
    for (const topic of new Set(plans.flatMap((p) => p.internalSinkTopics))) {
      if (internalCounts.has(topic)) continue;
      const writers = plans.filter((p) => p.internalSinkTopics.includes(topic)).map(partitionsOf);
      if (writers.some((n) => n === undefined)) continue;
      internalCounts.set(topic, Math.max(0, ...(writers as number[])));
      changed = true;
    }
  }
  enforceCopartitioning(copartitionGroups, internalCounts, counts, new Set(plans.flatMap((p) => p.internalSourceTopics)), enforced, (t) => internalTopicName(applicationId, t));
  const fallback = Math.max(1, ...external.map((t) => counts.get(t) ?? 1));
  const subTopologies = plans.map((p) => ({
    id: p.id,
    sourceTopics: p.sourceTopics.map((t) => real(p, t)),
    stores: p.stores.map((s) => ({ name: s.name, changelogTopic: internalTopicName(applicationId, s.changelogTopic), ...(s.changelogConfigs === undefined ? {} : { changelogConfigs: s.changelogConfigs }) })),
    partitions: partitionsOf(p) ?? fallback,
  }));
  const topicToSubTopology = new Map<string, number>();
  for (const s of subTopologies) for (const t of s.sourceTopics) topicToSubTopology.set(t, s.id);
  const internalTopics: { topic: string; partitions: number; configs?: Record<string, string> }[] = [];
  for (const p of plans) {
    for (const t of p.internalSinkTopics) internalTopics.push({ topic: internalTopicName(applicationId, t), partitions: internalCounts.get(t) ?? fallback });
  }
  for (const s of subTopologies) {
    for (const store of s.stores) internalTopics.push({ topic: store.changelogTopic, partitions: s.partitions, ...(store.changelogConfigs === undefined ? {} : { configs: store.changelogConfigs }) });
  }
  const unique = new Map(internalTopics.map((t) => [t.topic, t]));
  return { subTopologies, topicToSubTopology, internalTopics: [...unique.values()], externalSourceTopics: external };
}

/**
 * CopartitionedTopicsEnforcer.enforce, once per group after the writers' counts are known (as
 * Kafka, downstream repartition topics keep the counts computed before): the group's repartition
 * topics take the count of its source topics, which must all be equal; a group of repartition
 * topics only takes their largest count, or the count enforced on some of them (Repartitioned
 * numberOfPartitions), which must then agree. An enforced count is never changed: one that differs
 * from the group's count fails, with Kafka's messages.
 */
function enforceCopartitioning(
  groups: readonly (readonly string[])[],
  internalCounts: Map<string, number>,
  counts: ReadonlyMap<string, number>,
  internal: ReadonlySet<string>,
  enforced: ReadonlyMap<string, number>,
  realName: (topic: string) => string,
): void {
  for (const group of groups) {
    const repartition = group.filter((t) => internal.has(t));
    const sources = group.filter((t) => !internal.has(t));
    let n: number;
    if (sources.length === 0) {
      const fixed = repartition.filter((t) => enforced.has(t));
      if (fixed.length > 0) {
        n = enforced.get(fixed[0] as string) as number;
        if (fixed.some((t) => enforced.get(t) !== n)) {
          const listed = repartition.map((t) => [realName(t), internalCounts.get(t)] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([t, c]) => `${t}=${String(c)}`).join(', ');
          throw new CopartitionError(`Following topics do not have the same number of partitions: [{${listed}}]: a join's repartition topics must have the same number of partitions (Repartitioned numberOfPartitions)`);
        }
      } else {
        n = Math.max(0, ...repartition.map((t) => internalCounts.get(t) ?? 0));
        if (n === 0) continue;
      }
    } else {
      const sourceCounts = sources.map((t) => [t, counts.get(t)] as const);
      const first = sourceCounts[0]?.[1];
      if (first === undefined) continue;
      if (sourceCounts.some(([, c]) => c !== first)) {
        const listed = [...sourceCounts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([t, c]) => `${t}=${String(c)}`).join(', ');
        throw new CopartitionError(`Topics not co-partitioned: [{${listed}}]: a join's input topics must have the same number of partitions`);
      }
      n = first;
    }
    for (const t of repartition) {
      const fixed = enforced.get(t);
      if (fixed === undefined) internalCounts.set(t, n);
      else if (fixed !== n) {
        throw new CopartitionError(`Number of partitions [${fixed}] of repartition topic [${realName(t)}] doesn't match number of partitions [${n}] of the source topic.`);
      }
    }
  }
}

export const taskKey = (subTopology: number, partition: number): string => `${subTopology}_${partition}`;

export function parseTaskKey(key: string): { subTopology: number; partition: number } | undefined {
  const m = /^(\d+)_(\d+)$/.exec(key);
  if (m === null) return undefined;
  return { subTopology: Number(m[1]), partition: Number(m[2]) };
}
