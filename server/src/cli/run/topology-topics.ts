// The topics a local run needs before it starts: the topology's external source and sink topics
// (and the --print topics), with partition counts from streamwise.config.json, else --partitions.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { planOf, Topology, type RunnableTopology } from 'streamwise';
import { CONFIG_FILE, loadDeploymentConfig } from '../../analysis/config';

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

/** Topic partition counts from the nearest streamwise.config.json at or above the module's folder. */
export function configuredTopics(moduleFile: string): Record<string, { partitions?: number }> {
  for (let dir = dirname(moduleFile); ; dir = dirname(dir)) {
    if (existsSync(join(dir, CONFIG_FILE))) return loadDeploymentConfig(dir).facts.topics;
    if (dirname(dir) === dir) return {};
  }
}
