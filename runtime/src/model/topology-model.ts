/**
 * The shared topology model: plain JSON types that describe a topology.
 *
 * The runtime produces it from a built `Topology` (`topology.describe().toJSON()`), the analyzer
 * produces it from source code (with source locations), and the graph panel draws it. Keep it
 * plain data: no classes, no functions, nothing that does not survive `JSON.stringify`.
 */

/** A range in a source file; lines and columns are 1-based; the end is exclusive: the position just
 *  after the last character (as LSP and SARIF ranges). */
export interface SourceLocation {
  /** Absolute path, or relative to the workspace root when produced for display. */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type NodeKind = 'source' | 'processor' | 'sink';

/** The DSL operator that created a processor node, as named in the runtime API. */
export type OperatorKind =
  | 'filter'
  | 'filterNot'
  | 'map'
  | 'mapValues'
  | 'flatMap'
  | 'flatMapValues'
  | 'selectKey'
  | 'peek'
  | 'foreach'
  | 'merge'
  | 'branch'
  | 'branchChild'
  | 'split'
  | 'count'
  | 'reduce'
  | 'aggregate'
  | 'windowedCount'
  | 'windowedReduce'
  | 'windowedAggregate'
  | 'sessionCount'
  | 'sessionReduce'
  | 'sessionAggregate'
  | 'table'
  | 'tableFilter'
  | 'tableMapValues'
  | 'tableSelect'
  | 'tableJoinThis'
  | 'tableJoinOther'
  | 'tableJoin'
  | 'tableLeftJoin'
  | 'tableOuterJoin'
  | 'tableCount'
  | 'tableReduce'
  | 'tableAggregate'
  /** KTable.suppress(): buffers updates until the window closes or a time limit passes. */
  | 'suppress'
  | 'toStream'
  /** KStream.print(Printed): writes `[label]: key, value` lines to stdout or a file. */
  | 'print'
  | 'join'
  | 'leftJoin'
  | 'globalTable'
  | 'globalJoin'
  | 'globalLeftJoin'
  | 'process'
  | 'processValues'
  | 'toTable'
  | 'repartitionFilter'
  /** Stream-stream join parts: KSTREAM-WINDOWED- (keeps one side in its window store), the
   *  JOINTHIS/OUTERTHIS and JOINOTHER/OUTEROTHER lookups, and the KSTREAM-MERGE- result node, whose
   *  operator says the join's kind. */
  | 'joinWindow'
  | 'streamJoinThis'
  | 'streamJoinOther'
  | 'streamJoin'
  | 'streamLeftJoin'
  | 'streamOuterJoin'
  | 'other';

interface NodeBase {
  /** Kafka Streams node name, e.g. `KSTREAM-FILTER-0000000001`. Unique within a topology. */
  name: string;
  /** Names of the nodes this one forwards to, in order. */
  successors: string[];
  /** Names of the nodes that forward to this one. */
  predecessors: string[];
  /** Where the operator was written, when known (always set by the analyzer). */
  location?: SourceLocation;
}

export interface SourceNodeModel extends NodeBase {
  kind: 'source';
  topics: string[];
  /** True for an internal repartition topic source (`<name>-repartition`). */
  internal?: boolean;
}

export interface BranchPredicateModel {
  /** 0-based position: the order in which predicates are tried (first match wins). */
  index: number;
  /** Node name of the outlet this predicate leads to. */
  outlet: string;
  /** Branch name as given (`split` naming: prefix + name or prefix + 1-based position). */
  branchName?: string;
  /** Source text of the predicate, for display. */
  text?: string;
  location?: SourceLocation;
}

export interface BranchModel {
  predicates: BranchPredicateModel[];
  /** True when a default branch catches records no predicate matched. */
  hasDefault: boolean;
  /** Outlet of the default branch, when there is one. */
  defaultOutlet?: string;
}

export interface ProcessorNodeModel extends NodeBase {
  kind: 'processor';
  operator: OperatorKind;
  /** State stores this processor is connected to. */
  stores: string[];
  /** Present on `branch`/`split` nodes: ordered predicates and their outlets. */
  branch?: BranchModel;
}

export interface SinkNodeModel extends NodeBase {
  kind: 'sink';
  /** Static topic; absent when a topic extractor chooses the topic per record. */
  topic?: string;
  topicExtractor?: boolean;
  /** True for an internal repartition topic sink. */
  internal?: boolean;
  /** A repartition() sink's Repartitioned.numberOfPartitions: its topic is created with that many
   *  partitions, whatever its writers or joins have (a join of another count fails at start). */
  numberOfPartitions?: number;
}

export type TopologyNodeModel = SourceNodeModel | ProcessorNodeModel | SinkNodeModel;

/** Kafka's store types: key-value, window (windowed aggregations, join stores), session. */
export type StoreKind = 'key-value' | 'window' | 'session';

export interface StoreModel {
  name: string;
  kind: StoreKind;
  /** A GlobalKTable's store: restored from its source topic, no changelog. */
  global?: boolean;
  /** Changelog topic name, unprefixed (`<store>-changelog`). */
  changelogTopic?: string;
  /** Processors connected to the store. */
  processors: string[];
}

export interface SubTopologyModel {
  /** Sub-topology id as in `Sub-topology: 0`. */
  id: number;
  /** A global store's sub-topology (`for global store (will not generate tasks)`): its source topic
   *  is read whole by every instance into the store; it has no tasks. */
  globalStore?: boolean;
  /** Nodes in Kafka Streams describe() order. */
  nodes: TopologyNodeModel[];
  /** Source topics read by this sub-topology (its tasks = max partitions over these). */
  sourceTopics: string[];
}

export interface TopologyModel {
  version: 1;
  subTopologies: SubTopologyModel[];
  stores: StoreModel[];
  /** Internal topics, unprefixed as in describe(): `<name>-repartition`, `<name>-changelog`. */
  internalTopics: string[];
  /** Per join, the source topics that must be co-partitioned, sorted (Kafka's copartitionGroups()):
   *  repartition topics among them take the other topics' partition count. Absent when none. */
  copartitionGroups?: string[][];
  /** Where the topology is built (e.g. the `builder.build()` call), when known. */
  location?: SourceLocation;
}

export type ExceptionHandlerModel = 'fail' | 'continue' | { deadLetterTopic: string };

/** An app: `new KafkaStreams(topology, config)` and its resolved config. */
export interface AppModel {
  applicationId?: string;
  bootstrapServers?: string[];
  numStreamThreads?: number;
  processingGuarantee?: 'at_least_once' | 'exactly_once_v2';
  processingExceptionHandler?: ExceptionHandlerModel;
  deserializationExceptionHandler?: ExceptionHandlerModel;
  productionExceptionHandler?: 'fail' | 'continue';
  location?: SourceLocation;
  topology?: TopologyModel;
}
