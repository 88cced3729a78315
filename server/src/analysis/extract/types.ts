// Internal state of static topology extraction (the shared model is produced from it in model.ts).
import type { CallExpression, Node, NewExpression } from 'ts-morph';
import type { OperatorKind, SourceLocation, StoreKind } from 'streamwise/model';
import type { Deps } from '../deps';

export interface PredicateInfo {
  /** The predicate expression as written (arrow, function, identifier...). */
  expr: Node;
  index: number;
  outlet: NodeState;
  branchName?: string;
  /** The branch's entry in a split result when it is not the outlet: what withChain returns, or
   *  null when there is none (withConsumer, a chain returning nothing) or it is not known. */
  entry?: NodeState | null;
}

export interface BranchInfo {
  api: 'branch' | 'split';
  call: CallExpression;
  prefix: string;
  predicates: PredicateInfo[];
  hasDefault: boolean;
  defaultOutlet?: NodeState;
  /** `.defaultBranch()` / `.noDefaultBranch()` closing a split chain. */
  terminator?: CallExpression;
  /** `branches[4]` or `const [a, b, c] = ...` elements beyond the predicates. */
  accessBeyond: { node: Node; index: number }[];
}

export interface CallbackInfo {
  /** The function argument (or the supplier, for process()). */
  fn: Node;
  operator: string;
  /** The DSL call the callback was passed to. */
  call: CallExpression;
}

export interface NodeState {
  key: string;
  kind: 'source' | 'processor' | 'sink';
  operator?: OperatorKind;
  /** Kafka Streams name prefix, e.g. KSTREAM-FILTER-. */
  prefix: string;
  fixedName?: string;
  /** Split children without a split name: the splitter's generated name plus a suffix. */
  nameFrom?: { node: NodeState; suffix: string };
  /** A name that draws no number from the builder's counter (process(), repartition(): Kafka's Named.as as is). */
  noCounter?: boolean;
  name: string;
  /** The counter name the node drew (`prefix` + counter), even when a `name` option names it. */
  generatedName?: string;
  order: number[];
  topics?: string[];
  /** Some source topic could not be resolved statically. */
  unknownTopics?: boolean;
  internal?: boolean;
  topic?: string;
  topicExtractor?: boolean;
  /** A repartition() sink's Repartitioned numberOfPartitions. */
  numberOfPartitions?: number;
  successors: NodeState[];
  predecessors: NodeState[];
  stores: string[];
  location: SourceLocation;
  call: Node;
  branch?: BranchInfo;
  /** Store names that draw a counter value here without being connected (an unmaterialized table). */
  reservedStores?: string[];
  /** A table's source node: stream sources on the same topics merge, table sources do not. */
  tableSource?: boolean;
  /** A GlobalKTable's source: its group is a global store's sub-topology (no tasks). */
  globalSource?: boolean;
  /** Nodes of a repartition: named after `upstream` (`<name>-repartition-<role>`) unless generated;
   *  repartitions with the same `shareKey` are one (Kafka reuses them): the first keeps its nodes. */
  repartition?: { prefixFrom?: NodeState; prefix?: string; role: 'filter' | 'sink' | 'source'; shareKey?: string; keepNames?: boolean };
  /** A stream-table join: its table's node, whose source topics are co-partitioned with the stream's. */
  copartitionWith?: NodeState[];
  /** A processor whose connected stores (`process(supplier, { stores })`) are not known statically. */
  unknownStores?: boolean;
  /** Not a node of the topology, only a counter position: `draws` takes a counter value (the name
   *  repartition() draws for its topic), `silent` only numbers its reservedStores (toTable's store). */
  phantom?: 'draws' | 'silent';
}

export interface StoreState { name: string; kind: StoreKind; changelog: boolean; processors: string[]; global?: boolean }

export interface BuilderState {
  id: string;
  newExpr: NewExpression;
  nodes: Map<string, NodeState>;
  stores: Map<string, StoreState>;
  buildCalls: CallExpression[];
  callbacks: CallbackInfo[];
  branches: NodeState[];
  /** Apps (KafkaStreams new-expressions) this builder's topology flows into. */
  apps: Set<NewExpression>;
  /** The topology is passed to something that does not resolve: it may run with any handler. */
  unknownRunner?: boolean;
  /** `new TopologyTestDriver(...)` expressions this builder's topology flows into. */
  drivers: Set<NewExpression>;
  /** DSL methods called on this topology's values that extraction does not model: facts about
   *  the whole topology (its stores, say) may be incomplete. */
  unmodelled: Set<string>;
  /** Some store name (an operator's `name` option, addStateStore) is not known statically. */
  unknownStoreNames?: boolean;
  /** What the extraction (and the per-topology rules) of this builder depended on. */
  deps: Deps;
}

export type Value =
  | { kind: 'builder'; b: BuilderState }
  | { kind: 'stream'; b: BuilderState; node: NodeState; keyChanged: boolean }
  /** `joinedLookup`: an unmaterialized table-table join result, whose lookups read both joined tables.
   *  `lookupStores`: stores a lookup reads before `store` (a suppress buffer, Kafka's suppress view()). */
  | { kind: 'table'; b: BuilderState; node: NodeState; store?: string; root?: NodeState; global?: boolean; joinedLookup?: boolean; lookupStores?: string[] }
  | { kind: 'grouped'; b: BuilderState; node: NodeState; repartition: boolean; windowed: boolean; session?: boolean; sliding?: boolean; groupedKey: string; groupedName?: string; table?: boolean }
  | { kind: 'branches'; b: BuilderState; branch: NodeState }
  | { kind: 'splitter'; b: BuilderState; branch: NodeState }
  | { kind: 'splitMap'; b: BuilderState; branch: NodeState; outlets: Map<string, NodeState> }
  | { kind: 'topology'; b: BuilderState };

export interface Ctx {
  /** Call sites entered through parameters (and constructions entered through a constructor), innermost last. */
  calls: (CallExpression | NewExpression)[];
  key: string;
}

export const EMPTY_CTX: Ctx = { calls: [], key: '' };
export const MAX_CTX_DEPTH = 8;

/** Marks a generated store name, numbered when the topology's nodes are named (model.ts). */
export const AUTO = '\u0000auto:';
/** Separates a generated store name's prefix from the call it belongs to (never in a store name). */
export const STORE_KEY = '\u0001';
/** Marks a store named after a node's generated name (stream-stream join stores):
 *  `<DERIVED><node key><STORE_KEY><prefix to put in place of the node's>`, resolved in model.ts. */
export const DERIVED = '\u0000part:';
