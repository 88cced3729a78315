// The topics a local run needs before it starts: the topology's external source and sink topics
// (and the --print topics), with partition counts from streamwise.config.json (run/workspace-config.ts), else --partitions.
import { planOf, Topology, type RunnableTopology } from 'streamwise';

export interface TopicToCreate { topic: string; partitions: number; from: 'config' | 'default' }

export function topologyTopics(topology: RunnableTopology): { sources: string[]; sinks: string[] } {
  const sources = new Set<string>();
  const sinks = new Set<string>();
  for (const p of topology instanceof Topology ? planOf(topology) : topology.plan()) {
    const internal = new Set([...p.internalSourceTopics, ...p.internalSinkTopics]);
    for (const t of p.sourceTopics) if (!internal.has(t)) sources.add(t);
    for (const t of p.sinkTopics) if (!internal.has(t)) sinks.add(t);
  }
  return { sources: [...sources], sinks: [...sinks].filter((t) => !sources.has(t)) };
}

export function topicsToCreate(topics: readonly string[], configured: Readonly<Record<string, { partitions?: number }>>, defaultPartitions: number): TopicToCreate[] {
  return [...new Set(topics)].map((topic) => {
    const n = configured[topic]?.partitions;
    return n === undefined ? { topic, partitions: defaultPartitions, from: 'default' } : { topic, partitions: n, from: 'config' };
  });
}
