// Physical names and partition counts of a plan on a cluster: internal topics are prefixed with
// the application id; repartition topics get the partition count of the sub-topology writing them,
// changelogs one partition per task of the sub-topology owning the store (as Kafka Streams).
import type { SubTopologyPlan } from './engine';

export interface PhysicalSubTopology {
  id: number;
  /** Real topic names this sub-topology reads. */
  sourceTopics: string[];
  stores: { name: string; changelogTopic: string }[];
  partitions: number;
}

export interface PhysicalPlan {
  subTopologies: PhysicalSubTopology[];
  topicToSubTopology: Map<string, number>;
  internalTopics: { topic: string; partitions: number }[];
  externalSourceTopics: string[];
}

export class MissingSourceTopicError extends Error {
  override name = 'MissingSourceTopicError';
}

export const internalTopicName = (applicationId: string, name: string): string => `${applicationId}-${name}`;

export function externalSourceTopics(plans: readonly SubTopologyPlan[]): string[] {
  return [...new Set(plans.flatMap((p) => p.sourceTopics.filter((t) => !p.internalSourceTopics.includes(t))))];
}

export function resolvePlan(applicationId: string, plans: readonly SubTopologyPlan[], counts: ReadonlyMap<string, number>): PhysicalPlan {
  const real = (p: SubTopologyPlan, t: string) => (p.internalSourceTopics.includes(t) ? internalTopicName(applicationId, t) : t);
  const external = externalSourceTopics(plans);
  const missing = external.filter((t) => !counts.has(t));
  if (missing.length > 0) throw new MissingSourceTopicError(`source topic(s) ${missing.join(', ')} do not exist; create them first`);
  const internalCounts = new Map<string, number>();
  const partitionsOf = (p: SubTopologyPlan): number | undefined => {
    let max = 0;
    for (const t of p.sourceTopics) {
      const n = p.internalSourceTopics.includes(t) ? internalCounts.get(t) : counts.get(t);
      if (n === undefined) return undefined;
      max = Math.max(max, n);
    }
    return max;
  };
  // Fix-point: a repartition topic takes the partition count of the sub-topology that writes it.
  for (let changed = true; changed;) {
    changed = false;
    for (const p of plans) {
      const n = partitionsOf(p);
      if (n === undefined) continue;
      for (const sink of p.internalSinkTopics) {
        if (internalCounts.get(sink) !== n) { internalCounts.set(sink, n); changed = true; }
      }
    }
  }
  const fallback = Math.max(1, ...external.map((t) => counts.get(t) ?? 1));
  const subTopologies = plans.map((p) => ({
    id: p.id,
    sourceTopics: p.sourceTopics.map((t) => real(p, t)),
    stores: p.stores.map((s) => ({ name: s.name, changelogTopic: internalTopicName(applicationId, s.changelogTopic) })),
    partitions: partitionsOf(p) ?? fallback,
  }));
  const topicToSubTopology = new Map<string, number>();
  for (const s of subTopologies) for (const t of s.sourceTopics) topicToSubTopology.set(t, s.id);
  const internalTopics: { topic: string; partitions: number }[] = [];
  for (const p of plans) {
    for (const t of p.internalSinkTopics) internalTopics.push({ topic: internalTopicName(applicationId, t), partitions: internalCounts.get(t) ?? fallback });
  }
  for (const s of subTopologies) for (const store of s.stores) internalTopics.push({ topic: store.changelogTopic, partitions: s.partitions });
  const unique = new Map(internalTopics.map((t) => [t.topic, t]));
  return { subTopologies, topicToSubTopology, internalTopics: [...unique.values()], externalSourceTopics: external };
}

export const taskKey = (subTopology: number, partition: number): string => `${subTopology}_${partition}`;

export function parseTaskKey(key: string): { subTopology: number; partition: number } | undefined {
  const m = /^(\d+)_(\d+)$/.exec(key);
  if (m === null) return undefined;
  return { subTopology: Number(m[1]), partition: Number(m[2]) };
}
