// The built topology as plain definitions: what the DSL produces and the engine instantiates.
import type { OperatorKind, StoreKind } from '../model/topology-model';
import type { Serde } from '../serdes';
import type { WindowStoreOptions } from './window-store';
import type { RuntimeNode, TaskContext } from './runtime-node';

/** Chooses a sink topic per record (`to((k, v, ctx) => topic)`). */
export type TopicExtractor<K = unknown, V = unknown> = (key: K, value: V, ctx: RecordContext) => string;

export interface RecordContext {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
  readonly headers: Record<string, Buffer>;
}

export interface SourceDef {
  kind: 'source';
  name: string;
  topics: string[];
  keySerde: Serde<unknown> | undefined;
  valueSerde: Serde<unknown> | undefined;
  /** Reads an internal repartition topic (`<name>-repartition`). */
  internal: boolean;
  /** Feeds a global store (GlobalKTable): read whole by every instance, outside tasks. */
  global?: boolean;
  predecessors: string[];
}

export interface BranchDef {
  /** Outlet node name per predicate, in predicate order. */
  outlets: string[];
  branchNames: (string | undefined)[];
  defaultOutlet?: string;
}

export interface ProcessorDef {
  kind: 'processor';
  name: string;
  operator: OperatorKind;
  predecessors: string[];
  stores: string[];
  branch?: BranchDef;
  /** Kafka's NULL_KEY_RELAXED_JOIN label: a join that joins records with a null key (left joins). */
  relaxedNullKeyJoin?: boolean;
  /** Repartition filters: set at build when a relaxed null-key join is downstream. */
  keepNullKeys?: boolean;
  /** A join (Kafka's ensureCopartitionWith): the source topics upstream of this node and of these
   *  nodes (a stream-table join's table) must be co-partitioned. */
  copartition?: string[];
  create(ctx: TaskContext): RuntimeNode;
}

/** Kafka's StreamPartitioner: the partition of a record in `topic` of `numPartitions` partitions;
 *  null or undefined leaves the choice to the default partitioner (murmur2 of the key). */
export type StreamPartitioner<K = unknown, V = unknown> = (topic: string, key: K, value: V, numPartitions: number) => number | null | undefined;

export interface SinkDef {
  kind: 'sink';
  name: string;
  topic: string | undefined;
  extractor: TopicExtractor | undefined;
  /** A repartition() topic's Repartitioned.numberOfPartitions: created with that count, which no
   *  writer or join changes (Kafka's enforced number of partitions). */
  numberOfPartitions?: number;
  /** Repartitioned.streamPartitioner: chooses each record's partition. */
  partitioner?: StreamPartitioner;
  keySerde: Serde<unknown> | undefined;
  valueSerde: Serde<unknown> | undefined;
  internal: boolean;
  predecessors: string[];
}

export type NodeDef = SourceDef | ProcessorDef | SinkDef;

export interface StoreDef {
  name: string;
  kind: StoreKind;
  keySerde: Serde<unknown> | undefined;
  valueSerde: Serde<unknown> | undefined;
  /** Writes go to `<name>-changelog`. */
  changelog: boolean;
  /** A GlobalKTable's store (restored from its source topic). */
  global?: boolean;
  /** A window store (Kafka's WindowStore): its size, retention and duplicate handling. */
  window?: WindowStoreOptions;
  /** A session store (Kafka's SessionStore): sessions kept for `retentionMs` of stream time by end. */
  session?: { retentionMs: number };
  /** KTable.suppress()'s buffer (Kafka's InMemoryTimeOrderedKeyValueChangeBuffer). */
  suppressionBuffer?: true;
}

/** What a Topology holds after build(): nodes in creation order, stores, resolved default serdes. */
export interface TopologyDefs {
  nodes: NodeDef[];
  stores: StoreDef[];
}
