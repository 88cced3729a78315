// StreamsBuilder: where topologies start (stream, table, state stores) and end (build).
import { TopologyError } from '../errors';
import { TableSourceNode } from '../processor/stateful-nodes';
import { PassThroughNode } from '../processor/stateless-nodes';
import { storeGetter } from '../processor/table-getter';
import { Serdes, type Serde } from '../serdes';
import type { NodeDef, TopologyDefs } from '../processor/node-defs';
import { copartitionGroupsOf, enforcedPartitionsOf } from '../processor/topology-internals';
import { Topology } from '../topology';
import { InternalBuilder } from './internal-builder';
import { KStream } from './kstream';
import { GlobalKTable } from './global-ktable';
import { KTable } from './ktable';
import { NAME_PREFIX, op } from '../model/operator-catalog';

export interface ConsumedOptions<K, V> {
  keySerde?: Serde<K>;
  valueSerde?: Serde<V>;
}

/** Table sources: `name` names the store (Materialized.as); `processorName` (Kafka's
 *  Consumed.withName) names the table node and its source `<processorName>-source`. */
export interface TableSourceOptions<K, V> extends ConsumedOptions<K, V> {
  name?: string;
  processorName?: string;
}

export interface StreamsBuilderOptions {
  /** Used wherever no serde is given; default String. `null`: every such place must name one. */
  defaultKeySerde?: Serde<unknown> | null;
  defaultValueSerde?: Serde<unknown> | null;
}

export interface StateStoreOptions<K, V> {
  name: string;
  keySerde?: Serde<K>;
  valueSerde?: Serde<V>;
  /** Log writes to `<name>-changelog` (default true). */
  changelog?: boolean;
  /** A window store (Kafka's Stores.windowStoreBuilder) instead of a key-value store: windows of
   *  `sizeMs`, kept for `retentionMs` of stream time; `retainDuplicates` keeps every put. */
  window?: { sizeMs: number; retentionMs: number; retainDuplicates?: boolean };
}

export class StreamsBuilder {
  private readonly b: InternalBuilder;
  private built = false;
  /** stream() sources, for Kafka's source-topic rules. */
  private readonly streamSources: { name: string; topics: Set<string> }[] = [];
  private readonly tableTopics = new Set<string>();

  constructor(options: StreamsBuilderOptions = {}) {
    this.b = new InternalBuilder(
      options.defaultKeySerde === undefined ? (Serdes.String() as Serde<unknown>) : options.defaultKeySerde,
      options.defaultValueSerde === undefined ? (Serdes.String() as Serde<unknown>) : options.defaultValueSerde,
    );
  }

  /** `name` names the source node (Kafka's Consumed.withName). */
  stream<K = string, V = string>(topics: string | string[], options: ConsumedOptions<K, V> & { name?: string } = {}): KStream<K, V> {
    const b = this.b;
    const { name } = b.nodeFor('builder', 'stream', options);
    const list = typeof topics === 'string' ? [topics] : [...topics];
    if (list.length === 0 || list.some((t) => typeof t !== 'string' || t.trim() === '')) {
      b.problems.push(`source ${name} needs at least one non-empty topic name, got ${JSON.stringify(topics)}`);
    }
    const keySerde = (options.keySerde as Serde<unknown> | undefined) ?? b.defaultKeySerde ?? undefined;
    const valueSerde = (options.valueSerde as Serde<unknown> | undefined) ?? b.defaultValueSerde ?? undefined;
    this.checkSerdes(name, keySerde, valueSerde);
    const same = this.sourceTopicRules(list, 'stream');
    if (same !== undefined) return new KStream<K, V>(b, same, keySerde, valueSerde, false);
    b.add({ kind: 'source', name, topics: list, keySerde, valueSerde, internal: false, predecessors: [] });
    this.streamSources.push({ name, topics: new Set(list) });
    return new KStream<K, V>(b, name, keySerde, valueSerde, false);
  }

  /**
   * Kafka's StreamsBuilder rules for source topics: streams on exactly the same topics share one
   * source node (mergeDuplicateSourceNodes; returned here); overlapping but unequal topic lists, a
   * second table on a topic, and a stream and a table on one topic are errors with Kafka's messages.
   */
  private sourceTopicRules(topics: string[], kind: 'stream' | 'table'): string | undefined {
    const b = this.b;
    const wanted = new Set(topics);
    for (const t of wanted) {
      if (this.tableTopics.has(t)) {
        b.problems.push(`Topic ${t} has already been registered by another source.`);
        return undefined;
      }
    }
    for (const s of this.streamSources) {
      if (![...wanted].some((t) => s.topics.has(t))) continue;
      if (kind === 'table') {
        b.problems.push(`Topic ${topics[0] ?? ''} has already been registered by another source.`);
        return undefined;
      }
      if (s.topics.size === wanted.size && [...wanted].every((t) => s.topics.has(t))) return s.name;
      b.problems.push(`Two source nodes are subscribed to overlapping but not equal input topics (${[...s.topics].join(', ')} and ${topics.join(', ')})`);
      return undefined;
    }
    return undefined;
  }

  /** Latest value per key of a topic; `name` makes the store queryable (Materialized.as). */
  table<K = string, V = string>(topic: string, options: TableSourceOptions<K, V> = {}): KTable<K, V> {
    const b = this.b;
    const storeName = options.name ?? b.newStoreName(`${topic}-`);
    const sourceName = this.tableSourceName('table', options);
    const { name: tableName, operator } = b.nodeFor('builder', 'table', options);
    if (typeof topic !== 'string' || topic.trim() === '') b.problems.push(`table source ${sourceName} needs a topic name, got ${JSON.stringify(topic)}`);
    const keySerde = (options.keySerde as Serde<unknown> | undefined) ?? b.defaultKeySerde ?? undefined;
    const valueSerde = (options.valueSerde as Serde<unknown> | undefined) ?? b.defaultValueSerde ?? undefined;
    this.checkSerdes(sourceName, keySerde, valueSerde);
    this.sourceTopicRules([topic], 'table');
    this.tableTopics.add(topic);
    b.add({ kind: 'source', name: sourceName, topics: [topic], keySerde, valueSerde, internal: false, predecessors: [] });
    const def = b.addProcessor(tableName, operator, [sourceName], (ctx) => new TableSourceNode(tableName, ctx, def.stores[0]));
    const materialize = (): void => {
      if (def.stores.length > 0) return;
      def.stores.push(storeName);
      b.addStore({ name: storeName, kind: 'key-value', keySerde, valueSerde, changelog: true });
    };
    if (options.name !== undefined) materialize();
    return new KTable<K, V>(b, tableName, keySerde, valueSerde, storeName, storeGetter(storeName), materialize);
  }

  /**
   * A GlobalKTable: every instance reads all partitions of `topic` into the store (named `name`, or
   * `<topic>-STATE-STORE-<n>`) before processing starts, and keeps reading it; join streams to it
   * with `stream.join(globalTable, keySelector, joiner)`.
   */
  globalTable<K = string, V = string>(topic: string, options: TableSourceOptions<K, V> = {}): GlobalKTable<K, V> {
    const b = this.b;
    const spec = op('builder', 'globalTable');
    const storeName = options.name ?? b.newStoreName((spec.store?.storePrefix ?? '').replace('<topic>', topic));
    const sourceName = this.tableSourceName('globalTable', options);
    const { name: tableName, operator } = b.nodeFor('builder', 'globalTable', options);
    if (typeof topic !== 'string' || topic.trim() === '') b.problems.push(`global table source ${sourceName} needs a topic name, got ${JSON.stringify(topic)}`);
    const keySerde = (options.keySerde as Serde<unknown> | undefined) ?? b.defaultKeySerde ?? undefined;
    const valueSerde = (options.valueSerde as Serde<unknown> | undefined) ?? b.defaultValueSerde ?? undefined;
    this.checkSerdes(sourceName, keySerde, valueSerde);
    this.sourceTopicRules([topic], 'table');
    this.tableTopics.add(topic);
    b.add({ kind: 'source', name: sourceName, topics: [topic], keySerde, valueSerde, internal: false, global: true, predecessors: [] });
    // The store is filled by the global store reader, not by a task: the node only connects it.
    b.addProcessor(tableName, operator, [sourceName], (ctx) => new PassThroughNode(tableName, ctx), { stores: [storeName] });
    b.addStore({ name: storeName, kind: 'key-value', keySerde, valueSerde, changelog: false, global: true });
    return new GlobalKTable<K, V>(b, storeName, keySerde, valueSerde);
  }

  /** A key-value store for Processor API processors (`process(supplier, { stores: [name] })`). */
  addStateStore<K, V>(options: StateStoreOptions<K, V>): this {
    const b = this.b;
    const keySerde = (options.keySerde as Serde<unknown> | undefined) ?? b.defaultKeySerde ?? undefined;
    const valueSerde = (options.valueSerde as Serde<unknown> | undefined) ?? b.defaultValueSerde ?? undefined;
    if (keySerde === undefined || valueSerde === undefined) b.problems.push(`state store ${options.name} needs a key and a value serde`);
    const w = options.window;
    if (w !== undefined && !(Number.isInteger(w.sizeMs) && w.sizeMs > 0 && Number.isInteger(w.retentionMs) && w.retentionMs >= w.sizeMs)) {
      b.problems.push(`window store ${options.name}: sizeMs must be a positive integer and retentionMs an integer no smaller than it (Kafka: "The retention period of the window store must be no smaller than its window size"), got ${JSON.stringify(w)}`);
    }
    const window = w === undefined ? undefined : { sizeMs: w.sizeMs, retentionMs: w.retentionMs, retainDuplicates: w.retainDuplicates === true };
    b.addStore({ name: options.name, kind: window === undefined ? 'key-value' : 'window', keySerde, valueSerde, changelog: options.changelog ?? true, ...(window === undefined ? {} : { window }) });
    return this;
  }

  /** Checks the whole topology and freezes it; throws a TopologyError listing every problem. */
  build(): Topology {
    const b = this.b;
    const problems = [...b.problems];
    if (b.nodes.length === 0) problems.push('the topology is empty: add at least one stream() or table()');
    for (const s of b.stores) {
      if (!b.nodes.some((n) => n.kind === 'processor' && n.stores.includes(s.name))) {
        problems.push(`state store ${s.name} is not connected to any processor`);
      }
    }
    problems.push(...enforcedCopartitionProblems({ nodes: b.nodes, stores: b.stores }));
    if (problems.length > 0) throw new TopologyError(problems);
    markNullKeyRelaxedRepartitions(b.nodes);
    this.built = true;
    return new Topology({ nodes: b.nodes.map((n) => ({ ...n, predecessors: [...n.predecessors] })), stores: [...b.stores] });
  }

  /** True once build() has succeeded. */
  get isBuilt(): boolean {
    return this.built;
  }

  /** A table's source node: `<processorName>-source`, its counter value drawn either way
   *  (InternalStreamsBuilder.table: suffixWithOrElseGet). */
  private tableSourceName(method: 'table' | 'globalTable', options: TableSourceOptions<unknown, unknown>): string {
    const generated = this.b.newProcessorName(NAME_PREFIX.SOURCE);
    const key = op('builder', method).named?.key ?? 'processorName';
    const named = options[key];
    return typeof named === 'string' ? `${named}-source` : generated;
  }

  private checkSerdes(name: string, keySerde: Serde<unknown> | undefined, valueSerde: Serde<unknown> | undefined): void {
    if (keySerde === undefined) this.b.problems.push(`source ${name} needs a key serde: pass { keySerde } (the builder has no default key serde)`);
    if (valueSerde === undefined) this.b.problems.push(`source ${name} needs a value serde: pass { valueSerde } (the builder has no default value serde)`);
  }
}

/**
 * Kafka's InternalTopologyBuilder.validateCopartition: a join whose inputs are all repartition
 * topics with a Repartitioned numberOfPartitions fails at build when the counts differ.
 */
function enforcedCopartitionProblems(defs: TopologyDefs): string[] {
  const enforced = enforcedPartitionsOf(defs);
  const problems: string[] = [];
  for (const group of copartitionGroupsOf(defs)) {
    if (!group.every((t) => enforced.has(t))) continue;
    const counts = group.map((t) => enforced.get(t) as number);
    if (counts.every((n) => n === counts[0])) continue;
    const listed = group.map((t) => `${t}=${enforced.get(t) as number}`).join(', ');
    problems.push(`Following topics do not have the same number of partitions: [{${listed}}] (a join's inputs repartitioned with different numberOfPartitions)`);
  }
  return problems;
}

/**
 * Kafka's rewriteRepartitionNodes: a repartition with a left join (NULL_KEY_RELAXED_JOIN) anywhere
 * downstream keeps records with a null key; every other repartition drops them.
 */
function markNullKeyRelaxedRepartitions(nodes: NodeDef[]): void {
  const successors = new Map<string, NodeDef[]>();
  const readers = new Map<string, NodeDef[]>();
  for (const n of nodes) {
    for (const p of n.predecessors) successors.set(p, [...(successors.get(p) ?? []), n]);
    if (n.kind === 'source' && n.internal) for (const t of n.topics) readers.set(t, [...(readers.get(t) ?? []), n]);
  }
  const relaxed = new Map<string, boolean>();
  const visit = (n: NodeDef): boolean => {
    const known = relaxed.get(n.name);
    if (known !== undefined) return known;
    relaxed.set(n.name, false); // cycles cannot occur, but never loop
    const next = [...(successors.get(n.name) ?? []), ...(n.kind === 'sink' && n.internal && n.topic !== undefined ? (readers.get(n.topic) ?? []) : [])];
    let found = n.kind === 'processor' && n.relaxedNullKeyJoin === true;
    for (const s of next) if (visit(s)) found = true;
    relaxed.set(n.name, found);
    return found;
  };
  for (const n of nodes) {
    if (n.kind === 'processor' && n.operator === 'repartitionFilter') n.keepNullKeys = visit(n);
  }
}
