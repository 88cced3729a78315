/**
 * The one catalog of DSL operators: for each method, the node it adds (kind, Kafka name prefix,
 * operator), whether it changes the key, creates a store, repartitions, and which arguments are
 * callbacks. The runtime DSL names its nodes from it and the analyzer's static extraction reads it,
 * so an operator is taught once. Plain data, as the rest of the shared model.
 */
import type { NodeKind, OperatorKind, StoreKind } from './topology-model';

/** Kafka Streams' generated-name prefixes (KStreamImpl, KTableImpl, KGroupedStreamImpl). */
export const NAME_PREFIX = {
  SOURCE: 'KSTREAM-SOURCE-',
  SINK: 'KSTREAM-SINK-',
  FILTER: 'KSTREAM-FILTER-',
  MAP: 'KSTREAM-MAP-',
  MAPVALUES: 'KSTREAM-MAPVALUES-',
  FLATMAP: 'KSTREAM-FLATMAP-',
  FLATMAPVALUES: 'KSTREAM-FLATMAPVALUES-',
  KEY_SELECT: 'KSTREAM-KEY-SELECT-',
  PEEK: 'KSTREAM-PEEK-',
  FOREACH: 'KSTREAM-FOREACH-',
  PRINTER: 'KSTREAM-PRINTER-',
  MERGE: 'KSTREAM-MERGE-',
  BRANCH: 'KSTREAM-BRANCH-',
  BRANCHCHILD: 'KSTREAM-BRANCHCHILD-',
  PROCESSOR: 'KSTREAM-PROCESSOR-',
  JOIN: 'KSTREAM-JOIN-',
  LEFTJOIN: 'KSTREAM-LEFTJOIN-',
  AGGREGATE: 'KSTREAM-AGGREGATE-',
  REDUCE: 'KSTREAM-REDUCE-',
  KTABLE_SOURCE: 'KTABLE-SOURCE-',
  KTABLE_FILTER: 'KTABLE-FILTER-',
  KTABLE_MAPVALUES: 'KTABLE-MAPVALUES-',
  KTABLE_TOSTREAM: 'KTABLE-TOSTREAM-',
  KTABLE_SELECT: 'KTABLE-SELECT-',
  KTABLE_MERGE: 'KTABLE-MERGE-',
  KTABLE_JOINTHIS: 'KTABLE-JOINTHIS-',
  KTABLE_JOINOTHER: 'KTABLE-JOINOTHER-',
  KTABLE_AGGREGATE: 'KTABLE-AGGREGATE-',
  KTABLE_REDUCE: 'KTABLE-REDUCE-',
  KTABLE_SUPPRESS: 'KTABLE-SUPPRESS-',
  WINDOWED: 'KSTREAM-WINDOWED-',
  JOINTHIS: 'KSTREAM-JOINTHIS-',
  JOINOTHER: 'KSTREAM-JOINOTHER-',
  OUTERTHIS: 'KSTREAM-OUTERTHIS-',
  OUTEROTHER: 'KSTREAM-OUTEROTHER-',
  OUTERSHARED: 'KSTREAM-OUTERSHARED-',
  TOTABLE: 'KSTREAM-TOTABLE-',
  REPARTITION: 'KSTREAM-REPARTITION-',
  PROCESSVALUES: 'KSTREAM-PROCESSVALUES-',
} as const;

/** What a DSL method is called on. */
export type OperatorReceiver = 'builder' | 'stream' | 'table' | 'grouped' | 'windowed' | 'sessionWindowed' | 'groupedTable';

/** What the method returns (what the next call in a chain is made on). */
export type OperatorResult = 'stream' | 'table' | 'globalTable' | 'grouped' | 'groupedTable' | 'windowed' | 'branches' | 'splitter' | 'topology' | 'none';

/** One node of an operator made of several (a stream-stream join), as Kafka's KStreamImplJoin adds them. */
export interface OperatorPart {
  role: 'thisWindowed' | 'otherWindowed' | 'this' | 'other' | 'merge';
  /* Table-table joins: stores `thisTable`/`otherTable` are the joined tables' own stores. */
  kind: NodeKind;
  prefix: string;
  operator: OperatorKind;
  /** With a `name` option the node is `<name><namedSuffix>` (Kafka's NamedInternal.suffixWithOrElseGet);
   *  every part draws its counter value, named or not, as Kafka burns the index. */
  namedSuffix: string;
  /** Predecessors: other parts by role, or the operator's inputs `left` (the receiver) and `right` (the argument). */
  from: string[];
  /** Stores it is connected to, by store role. */
  stores: string[];
}

/** A store of a multi-node operator. Its name is `<storeName option><storeSuffix>-store`, else the
 *  generated name of part `namedAfter`, with `prefix` in place of that part's prefix when given, plus `-store`. */
export interface OperatorPartStore {
  role: string;
  kind: StoreKind;
  namedAfter: OperatorPart['role'];
  prefix?: string;
  storeSuffix: string;
}

export interface OperatorSpec {
  receiver: OperatorReceiver;
  method: string;
  /** The node the call adds; undefined for calls that add none (groupByKey, windowedBy, build). */
  node?: { kind: NodeKind; prefix: string; operator?: OperatorKind };
  /** The result's key may differ from the input's: grouping or joining after it repartitions. */
  keyChanging: boolean;
  /** Creates a state store of this kind (generated name: `<storePrefix>STATE-STORE-<n>`). */
  store?: { kind: StoreKind; storePrefix: string };
  /** `if-key-changed`: repartitions first when an upstream operator changed the key; `always`: the
   *  operator is a repartition (`repartition()`, named `<name or drawn prefix+counter>-repartition`). */
  repartitions: 'never' | 'if-key-changed' | 'always';
  /** A counter name drawn without a node (repartition()'s topic prefix, KSTREAM-REPARTITION-). */
  drawsName?: string;
  /** 0-based positions of the arguments that are user callbacks. */
  callbacks: number[];
  /** Position of the options object (`{ name, ... }`), when the method takes one. */
  options?: number;
  /** Kafka's `Named` for the node: the options key that holds it, and whether a given name still
   *  draws the node's counter value (NamedInternal.orElseGenerateWithPrefix burns it; process() and
   *  processValues() take `Named.as(name)` as is, and repartition() a Repartitioned name, drawing none). */
  named?: NamedRule;
  returns: OperatorResult;
  /** Operators of several nodes: the nodes in the order they draw counter values (`node` is the last, the result). */
  parts?: OperatorPart[];
  partStores?: OperatorPartStore[];
  /** Repartition topic suffixes of each input when its key changed and the operator is named:
   *  `<name><suffix>-repartition` (unnamed: after the input's node, as a join's). */
  repartitionSuffixes?: { left: string; right: string };
}

/** How a `name` option names a node (see OperatorSpec.named). */
export interface NamedRule {
  /** `name`, or `processorName` where `name` already names the store (Kafka's Materialized.as). */
  key: 'name' | 'processorName';
  drawsWhenNamed: boolean;
}

const NAMED: NamedRule = { key: 'name', drawsWhenNamed: true };
const PROCESSOR_NAMED: NamedRule = { key: 'processorName', drawsWhenNamed: true };
const NAMED_AS: NamedRule = { key: 'name', drawsWhenNamed: false };

const P = NAME_PREFIX;
type Entry = Omit<OperatorSpec, 'receiver' | 'method' | 'keyChanging' | 'repartitions' | 'callbacks'> & Partial<Pick<OperatorSpec, 'keyChanging' | 'repartitions' | 'callbacks'>>;
const proc = (prefix: string, operator: OperatorKind): OperatorSpec['node'] => ({ kind: 'processor', prefix, operator });

/**
 * A windowed stream-stream join (KStreamImplJoin.join): KSTREAM-WINDOWED- on each side keeps its
 * records in a window store; the this/other processors look the other side's store up; left/outer
 * joins share a store of unmatched records; a KSTREAM-MERGE- node is the result.
 */
function streamStreamJoin(leftOuter: boolean, rightOuter: boolean, operator: OperatorKind): Entry {
  const thisPrefix = rightOuter ? P.OUTERTHIS : P.JOINTHIS;
  const otherPrefix = leftOuter ? P.OUTEROTHER : P.JOINOTHER;
  const thisSuffix = rightOuter ? '-outer-this-join' : '-this-join';
  const otherSuffix = leftOuter ? '-outer-other-join' : '-other-join';
  const outer = leftOuter ? ['outerShared'] : [];
  const parts: OperatorPart[] = [
    { role: 'thisWindowed', kind: 'processor', prefix: P.WINDOWED, operator: 'joinWindow', namedSuffix: '-this-windowed', from: ['left'], stores: ['this'] },
    { role: 'otherWindowed', kind: 'processor', prefix: P.WINDOWED, operator: 'joinWindow', namedSuffix: '-other-windowed', from: ['right'], stores: ['other'] },
    { role: 'this', kind: 'processor', prefix: thisPrefix, operator: 'streamJoinThis', namedSuffix: thisSuffix, from: ['thisWindowed'], stores: ['other', ...outer] },
    { role: 'other', kind: 'processor', prefix: otherPrefix, operator: 'streamJoinOther', namedSuffix: otherSuffix, from: ['otherWindowed'], stores: ['this', ...outer] },
    { role: 'merge', kind: 'processor', prefix: P.MERGE, operator, namedSuffix: '-merge', from: ['this', 'other'], stores: [] },
  ];
  const partStores: OperatorPartStore[] = [
    { role: 'this', kind: 'window', namedAfter: 'this', storeSuffix: thisSuffix },
    { role: 'other', kind: 'window', namedAfter: 'other', storeSuffix: otherSuffix },
    ...(leftOuter ? [{ role: 'outerShared', kind: 'key-value' as const, namedAfter: 'this' as const, prefix: P.OUTERSHARED, storeSuffix: rightOuter ? '-outer-shared-join' : '-left-shared-join' }] : []),
  ];
  return {
    node: proc(P.MERGE, operator),
    repartitions: 'if-key-changed',
    callbacks: [1],
    options: 3,
    returns: 'stream',
    parts,
    partStores,
    repartitionSuffixes: { left: '-left', right: '-right' },
  };
}

function tableJoin(operator: OperatorKind): Entry {
  const parts: OperatorPart[] = [
    { role: 'merge', kind: 'processor', prefix: P.KTABLE_MERGE, operator, namedSuffix: '', from: ['this', 'other'], stores: [] },
    { role: 'this', kind: 'processor', prefix: P.KTABLE_JOINTHIS, operator: 'tableJoinThis', namedSuffix: '-join-this', from: ['left'], stores: ['otherTable'] },
    { role: 'other', kind: 'processor', prefix: P.KTABLE_JOINOTHER, operator: 'tableJoinOther', namedSuffix: '-join-other', from: ['right'], stores: ['thisTable'] },
  ];
  return { node: proc(P.KTABLE_MERGE, operator), callbacks: [1], options: 2, returns: 'table', parts };
}

const ENTRIES: Record<OperatorReceiver, Record<string, Entry>> = {
  builder: {
    // Consumed.withName: `name` names the source.
    stream: { node: { kind: 'source', prefix: P.SOURCE }, options: 1, returns: 'stream' },
    // A source node (KSTREAM-SOURCE-) then the table node; the store is `<topic>-STATE-STORE-<n>`.
    // `processorName` (Consumed.withName) names the table node, and its source `<processorName>-source`.
    table: { node: proc(P.KTABLE_SOURCE, 'table'), store: { kind: 'key-value', storePrefix: '<topic>-' }, options: 1, named: PROCESSOR_NAMED, returns: 'table' },
    // Always materialized; the store restores from the topic itself (no changelog).
    globalTable: { node: proc(P.KTABLE_SOURCE, 'globalTable'), store: { kind: 'key-value', storePrefix: '<topic>-' }, options: 1, named: PROCESSOR_NAMED, returns: 'globalTable' },
    build: { returns: 'topology' },
  },
  stream: {
    filter: { node: proc(P.FILTER, 'filter'), callbacks: [0], options: 1, returns: 'stream' },
    filterNot: { node: proc(P.FILTER, 'filterNot'), callbacks: [0], options: 1, returns: 'stream' },
    map: { node: proc(P.MAP, 'map'), keyChanging: true, callbacks: [0], options: 1, returns: 'stream' },
    mapValues: { node: proc(P.MAPVALUES, 'mapValues'), callbacks: [0], options: 1, returns: 'stream' },
    flatMap: { node: proc(P.FLATMAP, 'flatMap'), keyChanging: true, callbacks: [0], options: 1, returns: 'stream' },
    flatMapValues: { node: proc(P.FLATMAPVALUES, 'flatMapValues'), callbacks: [0], options: 1, returns: 'stream' },
    selectKey: { node: proc(P.KEY_SELECT, 'selectKey'), keyChanging: true, callbacks: [0], options: 1, returns: 'stream' },
    peek: { node: proc(P.PEEK, 'peek'), callbacks: [0], options: 1, returns: 'stream' },
    foreach: { node: proc(P.FOREACH, 'foreach'), callbacks: [0], options: 1, returns: 'none' },
    // print(Printed...): KSTREAM-PRINTER-; Printed.withName names it (still drawing its counter value).
    print: { node: proc(P.PRINTER, 'print'), options: 0, named: NAMED, returns: 'none' },
    // The Processor API may forward any key. A name is taken as is (Named.as), drawing no counter value.
    process: { node: proc(P.PROCESSOR, 'process'), keyChanging: true, callbacks: [0], options: 1, named: NAMED_AS, returns: 'stream' },
    // Kafka's FixedKeyProcessor: the key cannot change.
    processValues: { node: proc(P.PROCESSVALUES, 'processValues'), callbacks: [0], options: 1, named: NAMED_AS, returns: 'stream' },
    // KSTREAM-TOTABLE- (`processorName`: Named) then (unnamed) its store KSTREAM-TOTABLE-STATE-STORE-;
    // materialized when `name` (Materialized.as) is given or a join looks it up.
    toTable: { node: proc(P.TOTABLE, 'toTable'), store: { kind: 'key-value', storePrefix: P.TOTABLE }, repartitions: 'if-key-changed', options: 0, named: PROCESSOR_NAMED, returns: 'table' },
    // A name (Repartitioned.as) replaces the drawn KSTREAM-REPARTITION-<n> prefix without drawing.
    repartition: { drawsName: P.REPARTITION, repartitions: 'always', options: 0, named: NAMED_AS, returns: 'stream' },
    merge: { node: proc(P.MERGE, 'merge'), options: 1, returns: 'stream' },
    // branch({ name }?, ...predicates): a name names the children `<name>-predicate-<i>` (Kafka's doBranch).
    branch: { node: proc(P.BRANCH, 'branch'), options: 0, returns: 'branches' },
    split: { node: proc(P.BRANCH, 'split'), options: 0, returns: 'splitter' },
    // A topic extractor (a function first argument) is a callback too.
    to: { node: { kind: 'sink', prefix: P.SINK }, callbacks: [0], options: 1, returns: 'none' },
    groupByKey: { options: 0, returns: 'grouped' },
    // A Grouped name names the key selector too (and still draws its counter value).
    groupBy: { node: proc(P.KEY_SELECT, 'selectKey'), keyChanging: true, callbacks: [0], options: 1, returns: 'grouped' },
    join: { node: proc(P.JOIN, 'join'), repartitions: 'if-key-changed', callbacks: [1], options: 2, returns: 'stream' },
    leftJoin: { node: proc(P.LEFTJOIN, 'leftJoin'), repartitions: 'if-key-changed', callbacks: [1], options: 2, returns: 'stream' },
    // join(globalTable, keySelector, joiner): no repartition, no store on the node; Kafka names
    // both the inner and the left join KSTREAM-LEFTJOIN- (KStreamImpl.globalTableJoin).
    'join#global': { node: proc(P.LEFTJOIN, 'globalJoin'), callbacks: [1, 2], options: 3, returns: 'stream' },
    'leftJoin#global': { node: proc(P.LEFTJOIN, 'globalLeftJoin'), callbacks: [1, 2], options: 3, returns: 'stream' },
    // join(otherStream, joiner, JoinWindows, StreamJoined options).
    'join#stream': streamStreamJoin(false, false, 'streamJoin'),
    'leftJoin#stream': streamStreamJoin(true, false, 'streamLeftJoin'),
    outerJoin: streamStreamJoin(true, true, 'streamOuterJoin'),
  },
  table: {
    // toStream(mapper) is toStream() then selectKey(mapper) (KTableImpl.toStream(KeyValueMapper)).
    // Options: toStream({ name }) or toStream(mapper, { name }).
    toStream: { node: proc(P.KTABLE_TOSTREAM, 'toStream'), callbacks: [0], options: 1, returns: 'stream' },
    filter: { node: proc(P.KTABLE_FILTER, 'tableFilter'), callbacks: [0], options: 1, returns: 'table' },
    filterNot: { node: proc(P.KTABLE_FILTER, 'tableFilter'), callbacks: [0], options: 1, returns: 'table' },
    mapValues: { node: proc(P.KTABLE_MAPVALUES, 'tableMapValues'), callbacks: [0], options: 1, returns: 'table' },
    // KTABLE-SUPPRESS- then its buffer KTABLE-SUPPRESS-STATE-STORE- (node first, unlike aggregations);
    // Suppressed.withName(n) names them `n` and `n-store` and draws no counter value.
    suppress: { node: proc(P.KTABLE_SUPPRESS, 'suppress'), store: { kind: 'key-value', storePrefix: P.KTABLE_SUPPRESS }, named: NAMED_AS, returns: 'table' },
    // KTable.groupBy((k, v) => [newKey, newValue]): KTABLE-SELECT- maps each update's old and new value.
    groupBy: { node: proc(P.KTABLE_SELECT, 'tableSelect'), keyChanging: true, callbacks: [0], options: 1, returns: 'groupedTable' },
    // Table-table joins (KTableImpl.doJoin): KTABLE-MERGE- (the result, drawn first), then
    // KTABLE-JOINTHIS-/KTABLE-JOINOTHER-, each connected to the other table's stores.
    'join#table': tableJoin('tableJoin'),
    'leftJoin#table': tableJoin('tableLeftJoin'),
    'outerJoin#table': tableJoin('tableOuterJoin'),
  },
  // KGroupedTable: always through `<Grouped name or store>-repartition` (a sink and a source, no
  // filter: Kafka's GroupedTableOperationRepartitionNode); the adder and subtractor are callbacks.
  // Aggregations: `name` names the store (Materialized.as), `processorName` the node (Named), and
  // here also the repartition's `<processorName>-sink` / `-source`.
  groupedTable: {
    count: { node: proc(P.KTABLE_AGGREGATE, 'tableCount'), store: { kind: 'key-value', storePrefix: P.KTABLE_AGGREGATE }, repartitions: 'always', options: 0, named: PROCESSOR_NAMED, returns: 'table' },
    reduce: { node: proc(P.KTABLE_REDUCE, 'tableReduce'), store: { kind: 'key-value', storePrefix: P.KTABLE_AGGREGATE }, repartitions: 'always', callbacks: [0, 1], options: 2, named: PROCESSOR_NAMED, returns: 'table' },
    aggregate: { node: proc(P.KTABLE_AGGREGATE, 'tableAggregate'), store: { kind: 'key-value', storePrefix: P.KTABLE_AGGREGATE }, repartitions: 'always', callbacks: [0, 1, 2], options: 3, named: PROCESSOR_NAMED, returns: 'table' },
  },
  grouped: {
    count: { node: proc(P.AGGREGATE, 'count'), store: { kind: 'key-value', storePrefix: P.AGGREGATE }, repartitions: 'if-key-changed', options: 0, named: PROCESSOR_NAMED, returns: 'table' },
    reduce: { node: proc(P.REDUCE, 'reduce'), store: { kind: 'key-value', storePrefix: P.REDUCE }, repartitions: 'if-key-changed', callbacks: [0], options: 1, named: PROCESSOR_NAMED, returns: 'table' },
    aggregate: { node: proc(P.AGGREGATE, 'aggregate'), store: { kind: 'key-value', storePrefix: P.AGGREGATE }, repartitions: 'if-key-changed', callbacks: [0, 1], options: 2, named: PROCESSOR_NAMED, returns: 'table' },
    windowedBy: { returns: 'windowed' },
  },
  windowed: {
    count: { node: proc(P.AGGREGATE, 'windowedCount'), store: { kind: 'window', storePrefix: P.AGGREGATE }, repartitions: 'if-key-changed', options: 0, named: PROCESSOR_NAMED, returns: 'table' },
    reduce: { node: proc(P.REDUCE, 'windowedReduce'), store: { kind: 'window', storePrefix: P.REDUCE }, repartitions: 'if-key-changed', callbacks: [0], options: 1, named: PROCESSOR_NAMED, returns: 'table' },
    aggregate: { node: proc(P.AGGREGATE, 'windowedAggregate'), store: { kind: 'window', storePrefix: P.AGGREGATE }, repartitions: 'if-key-changed', callbacks: [0, 1], options: 2, named: PROCESSOR_NAMED, returns: 'table' },
    // TimeWindows and SlidingWindows alike (KStreamWindowAggregate / KStreamSlidingWindowAggregate: same names and store kind).
    emitStrategy: { returns: 'windowed' },
  },
  // windowedBy(SessionWindows): a session store; aggregate takes a merger too.
  sessionWindowed: {
    count: { node: proc(P.AGGREGATE, 'sessionCount'), store: { kind: 'session', storePrefix: P.AGGREGATE }, repartitions: 'if-key-changed', options: 0, named: PROCESSOR_NAMED, returns: 'table' },
    reduce: { node: proc(P.REDUCE, 'sessionReduce'), store: { kind: 'session', storePrefix: P.REDUCE }, repartitions: 'if-key-changed', callbacks: [0], options: 1, named: PROCESSOR_NAMED, returns: 'table' },
    aggregate: { node: proc(P.AGGREGATE, 'sessionAggregate'), store: { kind: 'session', storePrefix: P.AGGREGATE }, repartitions: 'if-key-changed', callbacks: [0, 1, 2], options: 3, named: PROCESSOR_NAMED, returns: 'table' },
    emitStrategy: { returns: 'windowed' },
  },
};

/** The nodes of a repartition (Kafka's createRepartitionedSource): filter -> sink | source. */
export const REPARTITION_NODES = {
  filter: { kind: 'processor', prefix: P.FILTER, operator: 'repartitionFilter' },
  sink: { kind: 'sink', prefix: P.SINK },
  source: { kind: 'source', prefix: P.SOURCE },
  /** Suffix of the topic after its prefix (the store name, a Grouped/Joined name or the upstream node). */
  topicSuffix: '-repartition',
} as const;

function expand(): Record<OperatorReceiver, Record<string, OperatorSpec>> {
  const out = {} as Record<OperatorReceiver, Record<string, OperatorSpec>>;
  for (const [receiver, methods] of Object.entries(ENTRIES) as [OperatorReceiver, Record<string, Entry>][]) {
    out[receiver] = {};
    for (const [method, e] of Object.entries(methods)) {
      out[receiver][method] = { receiver, method, keyChanging: false, repartitions: 'never', callbacks: [], ...(e.node === undefined ? {} : { named: NAMED }), ...e };
    }
  }
  return out;
}

export const OPERATOR_CATALOG: Readonly<Record<OperatorReceiver, Readonly<Record<string, OperatorSpec>>>> = expand();

/** The catalog entry of `receiver.method`, or undefined for a method that is not a DSL operator. */
export function operatorSpec(receiver: OperatorReceiver, method: string): OperatorSpec | undefined {
  return Object.hasOwn(OPERATOR_CATALOG[receiver], method) ? OPERATOR_CATALOG[receiver][method] : undefined;
}

/** The entry of a method the DSL itself defines: a missing entry is a programming error. */
export function op(receiver: OperatorReceiver, method: string): OperatorSpec & { node: NonNullable<OperatorSpec['node']> } {
  const spec = operatorSpec(receiver, method);
  if (spec?.node === undefined) throw new Error(`operator catalog has no node for ${receiver}.${method}`);
  return spec as OperatorSpec & { node: NonNullable<OperatorSpec['node']> };
}

/** A branch's outlets (KSTREAM-BRANCHCHILD-): pass-throughs of the branch's records. */
export const BRANCH_CHILD_NODE = { kind: 'processor', prefix: P.BRANCHCHILD, operator: 'branchChild' } as const;

function keyEffects(): ReadonlyMap<OperatorKind, 'changes' | 'keeps'> {
  const out = new Map<OperatorKind, 'changes' | 'keeps'>([[REPARTITION_NODES.filter.operator, 'keeps'], [BRANCH_CHILD_NODE.operator, 'keeps']]);
  const add = (operator: OperatorKind | undefined, changes: boolean): void => {
    if (operator === undefined) return;
    // An operator made by a key-changing entry anywhere may change the key.
    if (changes) out.set(operator, 'changes');
    else if (!out.has(operator)) out.set(operator, 'keeps');
  };
  for (const methods of Object.values(OPERATOR_CATALOG)) {
    for (const spec of Object.values(methods)) {
      add(spec.node?.operator, spec.keyChanging);
      for (const part of spec.parts ?? []) add(part.operator, spec.keyChanging);
    }
  }
  return out;
}

const KEY_EFFECTS = keyEffects();

/**
 * What a node of `operator` does to the record key, from the catalog: 'changes' (map, selectKey,
 * process, groupBy's selector...), 'keeps' (every other node an entry adds, the repartition filter
 * and a branch's outlets), undefined for an operator the catalog does not describe ('other').
 */
export function keyEffectOf(operator: OperatorKind): 'changes' | 'keeps' | undefined {
  return KEY_EFFECTS.get(operator);
}
