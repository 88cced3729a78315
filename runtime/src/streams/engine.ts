// What KafkaStreams needs from a topology: its sub-topology plan and a task per (sub-topology,
// partition). The DSL's Topology provides it through the processing engine (interface 1:
// planOf + StreamTask); anything else implementing StreamsEngine runs too.
import type { RawRecord } from '../processor/raw-record';
import { GlobalStores } from '../processor/global-stores';
import { StreamTask, type NodeCounts, type TaskOptions } from '../processor/stream-task';
import { copartitionGroupsOf, defsOf, planOf, type SubTopologyPlan } from '../processor/topology-internals';
import { Topology } from '../topology';
import type { Serde } from '../serdes';
import type { ReadOnlyWindowStore } from '../processor/window-store';
import type { ReadOnlySessionStore } from '../processor/session-store';

// The engine's own types are the contract (interface 1): one definition each.
export type { SubTopologyPlan } from '../processor/topology-internals';
export type { RecordCollector } from '../processor/raw-record';
/** What a runner passes to each task it creates. */
export type EngineTaskOptions = TaskOptions;

export interface ReadOnlyStore {
  get(key: unknown): unknown;
  all(): Iterable<[unknown, unknown]> | [unknown, unknown][];
  /** Key-range and prefix queries (engines whose stores lack them answer from all()). */
  range?(from: unknown, to: unknown): [unknown, unknown][];
  prefixScan?(prefix: unknown, prefixSerde?: Serde<unknown>): [unknown, unknown][];
}

export interface EngineTask {
  process(record: RawRecord): void;
  punctuate(wallClockMs: number): void;
  /** `timestamp`: the changelog record's (the value's timestamp in timestamped stores). */
  restore(storeName: string, key: Buffer, value: Buffer | null, timestamp?: number): void;
  store(name: string): ReadOnlyStore | undefined;
  /** A window store of this task (interactive queries of window stores). */
  windowStore?(name: string): ReadOnlyWindowStore<unknown, unknown> | undefined;
  sessionStore?(name: string): ReadOnlySessionStore<unknown, unknown> | undefined;
  /** Kafka's ProcessorMetadata, committed with the task's offsets; engines without it commit none. */
  processorMetadata?(): { partitionTime: number; processorMetadata: ReadonlyMap<string, number> };
  setProcessorMetadata?(values: ReadonlyMap<string, number>): void;
  needsProcessorMetadata?(): boolean;
  /** Per-node cumulative counters; engines without them show no node metrics. */
  nodeMetrics?(): NodeCounts[];
  close(): void;
}

export interface StreamsEngine {
  plan(): SubTopologyPlan[];
  /** Per join, the source topics that must be co-partitioned (Kafka's copartitionGroups()). */
  copartitionGroups?(): string[][];
  createTask(options: EngineTaskOptions): EngineTask;
  describe?(): string;
  /** The instance's global stores (GlobalKTable), when the topology has any. */
  globalStores?: GlobalStores;
}

/** The DSL's Topology runs through the shared engine (interface 1: planOf + StreamTask). */
export function engineOf(topology: Topology | StreamsEngine): StreamsEngine {
  if (topology instanceof Topology) {
    // One set of global stores per engine (per KafkaStreams instance), shared by its tasks.
    const globalStores = new GlobalStores(topology);
    return {
      plan: () => planOf(topology),
      copartitionGroups: () => copartitionGroupsOf(defsOf(topology)),
      createTask: (options) => new StreamTask(topology, { ...options, globalStores }),
      describe: () => topology.describe().toString(),
      ...(globalStores.topics().length > 0 ? { globalStores } : {}),
    };
  }
  if (isStreamsEngine(topology)) return topology;
  throw new TypeError('KafkaStreams needs a Topology (from StreamsBuilder.build())');
}

export function isStreamsEngine(value: unknown): value is StreamsEngine {
  return typeof value === 'object' && value !== null && 'plan' in value && typeof value.plan === 'function'
    && 'createTask' in value && typeof value.createTask === 'function';
}
