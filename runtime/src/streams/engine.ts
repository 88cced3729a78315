// What KafkaStreams needs from a topology: its sub-topology plan and a task per (sub-topology,
// partition). The DSL's Topology provides it through the processing engine (interface 1:
// planOf + StreamTask); anything else implementing StreamsEngine runs too.
import type { Logger } from '../logger';
import type { ConsumedRecord, ProducedRecord } from '../kafka/client';
import { StreamTask, type NodeCounts, type TaskMetricsSink } from '../processor/stream-task';
import { planOf } from '../processor/topology-internals';
import { Topology } from '../topology';

export interface SubTopologyPlan {
  id: number;
  sourceTopics: string[];
  internalSourceTopics: string[];
  sinkTopics: string[];
  internalSinkTopics: string[];
  stores: { name: string; changelogTopic: string }[];
}

export interface RecordCollector { send(record: ProducedRecord): void }

export type HandlerSetting = 'fail' | 'continue' | { deadLetterTopic: string };

export interface EngineTaskOptions {
  applicationId: string;
  subTopology: number;
  partition: number;
  collector: RecordCollector;
  internalTopicName(name: string): string;
  processingExceptionHandler: HandlerSetting;
  deserializationExceptionHandler: HandlerSetting;
  logger: Logger;
  metrics?: TaskMetricsSink;
}

export interface ReadOnlyStore {
  get(key: unknown): unknown;
  all(): Iterable<[unknown, unknown]> | [unknown, unknown][];
}

export interface EngineTask {
  process(record: ConsumedRecord): void;
  punctuate(wallClockMs: number): void;
  restore(storeName: string, key: Buffer, value: Buffer | null): void;
  store(name: string): ReadOnlyStore | undefined;
  /** Per-node cumulative counters; engines without them show no node metrics. */
  nodeMetrics?(): NodeCounts[];
  close(): void;
}

export interface StreamsEngine {
  plan(): SubTopologyPlan[];
  createTask(options: EngineTaskOptions): EngineTask;
  describe?(): string;
}

/** The DSL's Topology runs through the shared engine (interface 1: planOf + StreamTask). */
export function engineOf(topology: Topology | StreamsEngine): StreamsEngine {
  if (topology instanceof Topology) {
    return {
      plan: () => planOf(topology),
      createTask: (options) => new StreamTask(topology, options),
      describe: () => topology.describe().toString(),
    };
  }
  if (isStreamsEngine(topology)) return topology;
  throw new TypeError('KafkaStreams needs a Topology (from StreamsBuilder.build())');
}

export function isStreamsEngine(value: unknown): value is StreamsEngine {
  return typeof value === 'object' && value !== null && 'plan' in value && typeof value.plan === 'function'
    && 'createTask' in value && typeof value.createTask === 'function';
}
