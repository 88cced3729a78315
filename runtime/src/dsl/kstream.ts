// KStream: the record-stream operators of SPEC section 2, each adding one Kafka-named node.
import type { RecordContext, TopicExtractor } from '../processor/node-defs';
import { ProcessorApiNode, type ProcessorSupplier } from '../processor/processor-api';
import { GlobalTableJoinNode, StreamTableJoinNode } from '../processor/stateful-nodes';
import {
  BranchNode,
  FilterNode,
  FlatMapNode,
  FlatMapValuesNode,
  MapNode,
  MapValuesNode,
  PassThroughNode,
  PeekNode,
  SelectKeyNode,
} from '../processor/stateless-nodes';
import type { Serde } from '../serdes';
import { BranchedKStream } from './branched';
import { Printed } from './printed';
import { PrintNode } from '../processor/print-node';
import { KGroupedStream, type GroupedOptions } from './grouped';
import type { InternalBuilder } from './internal-builder';
import { GlobalKTable } from './global-ktable';
import type { KTable } from './ktable';
import { NAME_PREFIX, op, operatorSpec } from '../model/operator-catalog';
import { addRepartition, addRepartitionNodes, repartitionedTopic, repartitionNames, type RepartitionedOptions } from './repartition';
import { TableSourceNode } from '../processor/stateful-nodes';
import { storeGetter } from '../processor/table-getter';
import { KTable as KTableClass } from './ktable';
import { streamStreamJoin, type StreamJoinedOptions, type StreamJoinKind } from './stream-stream-join';
import type { JoinWindows } from './windows';

/** Serdes for the repartition topic a join after a key change goes through. */
export interface JoinedOptions<K, V> {
  keySerde?: Serde<K>;
  valueSerde?: Serde<V>;
  /** Names the join processor and its repartition topic `<name>-repartition` (Kafka's Joined.as). */
  name?: string;
}

export interface ProducedOptions<K, V> {
  keySerde?: Serde<K>;
  valueSerde?: Serde<V>;
  /** Names the sink node (Kafka's Produced.as). */
  name?: string;
}

/** Kafka's Named: `name` names the operator's node instead of the generated `KSTREAM-...-<n>`
 *  (the counter value is still drawn, so later generated names do not shift). */
export interface NamedOptions {
  name?: string;
}

type AnySerde = Serde<unknown> | undefined;

export class KStream<K, V> {
  /** @internal */
  constructor(
    /** @internal */ readonly builder: InternalBuilder,
    /** @internal */ readonly nodeName: string,
    /** @internal */ readonly keySerde: AnySerde,
    /** @internal */ readonly valueSerde: AnySerde,
    /** @internal Set after a key-changing operator: grouping must repartition. */ readonly repartitionRequired: boolean,
  ) {}

  /** The repartition source unnamed joins of this stream share (Kafka's KStreamImpl.repartitionNode). */
  private joinRepartitionSource: string | undefined;

  private next<K2, V2>(name: string, keySerde: AnySerde, valueSerde: AnySerde, repartition: boolean): KStream<K2, V2> {
    return new KStream<K2, V2>(this.builder, name, keySerde, valueSerde, repartition);
  }

  filter(predicate: (key: K, value: V) => boolean, options?: NamedOptions): KStream<K, V> {
    return this.addFilter(predicate, false, options);
  }

  filterNot(predicate: (key: K, value: V) => boolean, options?: NamedOptions): KStream<K, V> {
    return this.addFilter(predicate, true, options);
  }

  private addFilter(predicate: (key: K, value: V) => boolean, negate: boolean, options: NamedOptions | undefined): KStream<K, V> {
    const { name, operator } = this.builder.nodeFor('stream', negate ? 'filterNot' : 'filter', options);
    const pred = predicate as (k: unknown, v: unknown) => boolean;
    this.builder.addProcessor(name, operator, [this.nodeName], (ctx) => new FilterNode(name, ctx, pred, negate));
    return this.next(name, this.keySerde, this.valueSerde, this.repartitionRequired);
  }

  map<K2, V2>(mapper: (key: K, value: V) => readonly [K2, V2], options?: NamedOptions): KStream<K2, V2> {
    const { name, operator } = this.builder.nodeFor('stream', 'map', options);
    const fn = mapper as (k: unknown, v: unknown) => readonly [unknown, unknown];
    this.builder.addProcessor(name, operator, [this.nodeName], (ctx) => new MapNode(name, ctx, fn));
    return this.next(name, undefined, undefined, true);
  }

  mapValues<V2>(mapper: (value: V, key: K) => V2, options?: NamedOptions): KStream<K, V2> {
    const { name, operator } = this.builder.nodeFor('stream', 'mapValues', options);
    const fn = mapper as (v: unknown, k: unknown) => unknown;
    this.builder.addProcessor(name, operator, [this.nodeName], (ctx) => new MapValuesNode(name, ctx, fn));
    return this.next(name, this.keySerde, undefined, this.repartitionRequired);
  }

  flatMap<K2, V2>(mapper: (key: K, value: V) => Iterable<readonly [K2, V2]>, options?: NamedOptions): KStream<K2, V2> {
    const { name, operator } = this.builder.nodeFor('stream', 'flatMap', options);
    const fn = mapper as (k: unknown, v: unknown) => Iterable<readonly [unknown, unknown]>;
    this.builder.addProcessor(name, operator, [this.nodeName], (ctx) => new FlatMapNode(name, ctx, fn));
    return this.next(name, undefined, undefined, true);
  }

  flatMapValues<V2>(mapper: (value: V, key: K) => Iterable<V2>, options?: NamedOptions): KStream<K, V2> {
    const { name, operator } = this.builder.nodeFor('stream', 'flatMapValues', options);
    const fn = mapper as (v: unknown, k: unknown) => Iterable<unknown>;
    this.builder.addProcessor(name, operator, [this.nodeName], (ctx) => new FlatMapValuesNode(name, ctx, fn));
    return this.next(name, this.keySerde, undefined, this.repartitionRequired);
  }

  selectKey<K2>(mapper: (key: K, value: V) => K2, options?: NamedOptions): KStream<K2, V> {
    const { name, operator } = this.builder.nodeFor('stream', 'selectKey', options);
    const fn = mapper as (k: unknown, v: unknown) => unknown;
    this.builder.addProcessor(name, operator, [this.nodeName], (ctx) => new SelectKeyNode(name, ctx, fn));
    return this.next(name, undefined, this.valueSerde, true);
  }

  peek(action: (key: K, value: V) => void, options?: NamedOptions): KStream<K, V> {
    const { name, operator } = this.builder.nodeFor('stream', 'peek', options);
    const fn = action as (k: unknown, v: unknown) => void;
    this.builder.addProcessor(name, operator, [this.nodeName], (ctx) => new PeekNode(name, ctx, fn));
    return this.next(name, this.keySerde, this.valueSerde, this.repartitionRequired);
  }

  foreach(action: (key: K, value: V) => void, options?: NamedOptions): void {
    const { name, operator } = this.builder.nodeFor('stream', 'foreach', options);
    const fn = action as (k: unknown, v: unknown) => void;
    this.builder.addProcessor(name, operator, [this.nodeName], (ctx) => new PeekNode(name, ctx, fn));
  }

  /**
   * Kafka's print(Printed): one `[label]: key, value` line per record (the mapper's text instead
   * of `key, value` when given) to the runtime's stdout or a file; the label defaults to the name
   * of the node printed from (KStreamImpl passes its own name), the node is KSTREAM-PRINTER-<n>.
   */
  // A Printed without type arguments (Printed.toSysOut().withLabel(...)) is Printed<unknown, unknown>.
  print(printed: Printed<K, V> | Printed<unknown, unknown> = Printed.toSysOut<K, V>()): void {
    const b = this.builder;
    if (!(printed instanceof Printed)) {
      b.problems.push(`print(): expected Printed.toSysOut() or Printed.toFile(path), got ${printed === null ? 'null' : typeof printed}`);
      return;
    }
    const { name, operator } = b.nodeFor('stream', 'print', { name: printed.processorName });
    const label = printed.label ?? this.nodeName;
    const mapper = printed.mapper;
    const target = printed.target;
    b.addProcessor(name, operator, [this.nodeName], (ctx) => new PrintNode(name, ctx, label, mapper, target));
  }

  /** Writes to a topic, or to the topic `extractor` returns per record. */
  to(topic: string | ((key: K, value: V, ctx: RecordContext) => string), options: ProducedOptions<K, V> = {}): void {
    const { name } = this.builder.nodeFor('stream', 'to', options);
    const b = this.builder;
    const keySerde = (options.keySerde as AnySerde) ?? this.keySerde ?? b.defaultKeySerde ?? undefined;
    const valueSerde = (options.valueSerde as AnySerde) ?? this.valueSerde ?? b.defaultValueSerde ?? undefined;
    if (typeof topic === 'string') {
      if (topic.trim() === '') b.problems.push(`sink ${name} has no topic: to() needs a topic name or a topic extractor function`);
    } else if (typeof topic !== 'function') {
      b.problems.push(`sink ${name} has no topic: to() needs a topic name or a topic extractor function, got ${String(topic)}`);
    }
    if (keySerde === undefined) b.problems.push(`sink ${name} needs a key serde: pass { keySerde } to to() (the builder has no default key serde)`);
    if (valueSerde === undefined) b.problems.push(`sink ${name} needs a value serde: pass { valueSerde } to to() (the builder has no default value serde)`);
    b.add({
      kind: 'sink',
      name,
      topic: typeof topic === 'string' ? topic : undefined,
      extractor: typeof topic === 'function' ? (topic as TopicExtractor) : undefined,
      keySerde,
      valueSerde,
      internal: false,
      predecessors: [this.nodeName],
    });
  }

  merge(other: KStream<K, V>, options?: NamedOptions): KStream<K, V> {
    const { name, operator } = this.builder.nodeFor('stream', 'merge', options);
    if (other.builder !== this.builder) this.builder.problems.push(`merge ${name}: the other stream comes from a different StreamsBuilder`);
    this.builder.addProcessor(name, operator, [this.nodeName, other.nodeName], (ctx) => new PassThroughNode(name, ctx));
    const same = (a: AnySerde, b: AnySerde): AnySerde => (a === b ? a : undefined);
    return this.next(name, same(this.keySerde, other.keySerde), same(this.valueSerde, other.valueSerde), this.repartitionRequired || other.repartitionRequired);
  }

  /** Old-style branch: one stream per predicate, first match wins, unmatched records are dropped.
   *  A leading `{ name }` names the node and its children `<name>-predicate-<i>` (Kafka's branch(Named, ...)). */
  branch(...predicates: ((key: K, value: V) => boolean)[]): KStream<K, V>[];
  branch(options: NamedOptions, ...predicates: ((key: K, value: V) => boolean)[]): KStream<K, V>[];
  branch(...args: (NamedOptions | ((key: K, value: V) => boolean))[]): KStream<K, V>[] {
    const b = this.builder;
    const first = args[0];
    const options = typeof first === 'object' && first !== null ? first : undefined;
    const predicates = (options === undefined ? args : args.slice(1)) as ((key: K, value: V) => boolean)[];
    if (predicates.length === 0) b.problems.push('branch() needs at least one predicate');
    const { name, operator } = b.nodeFor('stream', 'branch', options);
    const given = typeof options?.name === 'string' ? options.name : undefined;
    // Each child draws its counter value, named or not (NamedInternal.suffixWithOrElseGet).
    const children = predicates.map((_p, i) => {
      const generated = b.newProcessorName(NAME_PREFIX.BRANCHCHILD);
      return given === undefined ? generated : `${given}-predicate-${i}`;
    });
    const preds = predicates as ((k: unknown, v: unknown) => boolean)[];
    b.addProcessor(name, operator, [this.nodeName], (ctx) => new BranchNode(name, ctx, preds, children, undefined), {
      branch: { outlets: children, branchNames: children.map(() => undefined) },
    });
    return children.map((child) => {
      b.addProcessor(child, 'branchChild', [name], (ctx) => new PassThroughNode(child, ctx));
      return this.next<K, V>(child, this.keySerde, this.valueSerde, this.repartitionRequired);
    });
  }

  /** Kafka's split(): `.branch(pred, { name, withChain, withConsumer })...defaultBranch() | noDefaultBranch()`. */
  split(options: NamedOptions = {}): BranchedKStream<K, V> {
    return new BranchedKStream<K, V>(this, options);
  }

  groupByKey(options: GroupedOptions<K, V> = {}): KGroupedStream<K, V> {
    return new KGroupedStream<K, V>(this, options, this.repartitionRequired);
  }

  /** Groups by a new key: the records go through a repartition topic. */
  groupBy<K2>(selector: (key: K, value: V) => K2, options: GroupedOptions<K2, V> = {}): KGroupedStream<K2, V> {
    // As Kafka: a Grouped name also names the key selector.
    const { name, operator } = this.builder.nodeFor('stream', 'groupBy', options);
    const fn = selector as (k: unknown, v: unknown) => unknown;
    this.builder.addProcessor(name, operator, [this.nodeName], (ctx) => new SelectKeyNode(name, ctx, fn));
    return new KGroupedStream<K2, V>(this.next<K2, V>(name, undefined, this.valueSerde, true), options, true);
  }

  /** Inner join: emits only when the table has the key. A changed key is repartitioned first.
   *  With a GlobalKTable: `join(globalTable, keySelector, joiner)` looks up keySelector(key, value).
   *  With a KStream: `join(other, joiner, JoinWindows, options)` joins records of the same key whose
   *  timestamps are within the windows (Kafka's stream-stream join). */
  join<VO, R>(other: KStream<K, VO>, joiner: (value: V, otherValue: VO, key: K) => R, windows: JoinWindows, options?: StreamJoinedOptions<K, V, VO>): KStream<K, R>;
  join<TV, R>(table: KTable<K, TV>, joiner: (value: V, tableValue: TV) => R, options?: JoinedOptions<K, V>): KStream<K, R>;
  join<GK, GV, R>(table: GlobalKTable<GK, GV>, keySelector: (key: K, value: V) => GK, joiner: (value: V, globalValue: GV) => R, options?: { name?: string }): KStream<K, R>;
  join(table: KStream<K, unknown> | KTable<K, unknown> | GlobalKTable<unknown, unknown>, a: unknown, b?: unknown, c?: unknown): KStream<K, unknown> {
    if (table instanceof KStream) return this.joinStream(table, 'join', a, b, c);
    if (table instanceof GlobalKTable) return this.joinGlobal(table, a, b, false, c);
    return this.joinTable(table, a as (v: unknown, tv: unknown) => unknown, false, (b ?? {}) as JoinedOptions<K, V>);
  }

  /** Left join: `tableValue` is null when the table has no value for the key (GlobalKTable: as join).
   *  With a KStream and JoinWindows: a record without a partner in its window is emitted with a null
   *  `otherValue` once the window (plus grace) has closed. */
  leftJoin<VO, R>(other: KStream<K, VO>, joiner: (value: V, otherValue: VO | null, key: K) => R, windows: JoinWindows, options?: StreamJoinedOptions<K, V, VO>): KStream<K, R>;
  leftJoin<TV, R>(table: KTable<K, TV>, joiner: (value: V, tableValue: TV | null) => R, options?: JoinedOptions<K, V>): KStream<K, R>;
  leftJoin<GK, GV, R>(table: GlobalKTable<GK, GV>, keySelector: (key: K, value: V) => GK, joiner: (value: V, globalValue: GV | null) => R, options?: { name?: string }): KStream<K, R>;
  leftJoin(table: KStream<K, unknown> | KTable<K, unknown> | GlobalKTable<unknown, unknown>, a: unknown, b?: unknown, c?: unknown): KStream<K, unknown> {
    if (table instanceof KStream) return this.joinStream(table, 'leftJoin', a, b, c);
    if (table instanceof GlobalKTable) return this.joinGlobal(table, a, b, true, c);
    return this.joinTable(table, a as (v: unknown, tv: unknown) => unknown, true, (b ?? {}) as JoinedOptions<K, V>);
  }

  /** Stream-stream outer join: records of either side without a partner are emitted with a null
   *  partner once their window (plus grace) has closed. */
  outerJoin<VO, R>(other: KStream<K, VO>, joiner: (value: V | null, otherValue: VO | null, key: K) => R, windows: JoinWindows, options?: StreamJoinedOptions<K, V, VO>): KStream<K, R> {
    return this.joinStream(other, 'outerJoin', joiner, windows, options) as KStream<K, R>;
  }

  private joinStream(other: KStream<K, unknown>, kind: StreamJoinKind, joiner: unknown, windows: unknown, options: unknown): KStream<K, unknown> {
    const b = this.builder;
    if (!(other instanceof KStream)) b.problems.push(`${kind}: the other side of a stream-stream join must be a KStream`);
    else if (other.builder !== b) b.problems.push(`${kind}: the other stream comes from a different StreamsBuilder`);
    const self = this as KStream<unknown, unknown>;
    const result = streamStreamJoin(
      self,
      self,
      other as KStream<unknown, unknown>,
      kind,
      joiner as (v: unknown, ov: unknown, k: unknown) => unknown,
      windows as JoinWindows,
      (options ?? {}) as StreamJoinedOptions<unknown, unknown, unknown>,
    );
    return this.next(result.name, result.keySerde, undefined, false);
  }

  /**
   * @internal Kafka's repartitionForJoin: co-partitions through `<repartitionName>-repartition`
   * and returns the repartition source; the names are drawn each time, and an unnamed join reuses
   * this stream's repartition (one topic, one sub-topology).
   */
  repartitionForJoin(repartitionName: string, keySerde: AnySerde, valueSerde: AnySerde, what: string): string {
    const b = this.builder;
    const names = repartitionNames(b, repartitionName);
    if (this.joinRepartitionSource === undefined || repartitionName !== this.nodeName) {
      this.joinRepartitionSource = addRepartitionNodes(b, this.nodeName, names, keySerde, valueSerde, what, `${what.split(' ')[0] ?? 'join'}()`);
    }
    return this.joinRepartitionSource;
  }

  /** Kafka's globalTableJoin: no repartition (the global table holds every key), no store on the node. */
  private joinGlobal<R>(table: GlobalKTable<unknown, unknown>, keySelector: unknown, joiner: unknown, left: boolean, options: unknown): KStream<K, R> {
    const b = this.builder;
    const { name, operator } = b.nodeFor('stream', left ? 'leftJoin#global' : 'join#global', options as object | undefined);
    if (typeof keySelector !== 'function' || typeof joiner !== 'function') {
      b.problems.push(`${left ? 'leftJoin' : 'join'} ${name}: a GlobalKTable join needs a key selector (key, value) => tableKey and a joiner`);
    }
    const select = keySelector as (k: unknown, v: unknown) => unknown;
    const join = joiner as (v: unknown, gv: unknown) => unknown;
    const store = table.storeName;
    b.addProcessor(name, operator, [this.nodeName], (ctx) => new GlobalTableJoinNode(name, ctx, store, select, join, left), { relaxedNullKeyJoin: left });
    return this.next(name, this.keySerde, undefined, this.repartitionRequired);
  }

  private joinTable<R>(table: KTable<K, unknown>, joiner: (v: unknown, tv: unknown) => unknown, left: boolean, options: JoinedOptions<K, V>): KStream<K, R> {
    const b = this.builder;
    const method = left ? 'leftJoin' : 'join';
    let parent = this.nodeName;
    const keySerde = (options.keySerde as AnySerde) ?? this.keySerde ?? b.defaultKeySerde ?? undefined;
    if (this.repartitionRequired) {
      // Co-partition with the table through `<name or upstream node>-repartition`.
      const valueSerde = (options.valueSerde as AnySerde) ?? this.valueSerde ?? b.defaultValueSerde ?? undefined;
      parent = this.repartitionForJoin(options.name ?? this.nodeName, keySerde, valueSerde, `${method} after ${this.nodeName}`);
    }
    const { name, operator } = b.nodeFor('stream', method, options);
    table.materialize();
    const getter = table.valueGetter;
    b.addProcessor(name, operator, [parent], (ctx) => new StreamTableJoinNode(name, ctx, getter, joiner, left), {
      stores: [...getter.stores],
      relaxedNullKeyJoin: left,
      copartition: [table.nodeName],
    });
    return this.next(name, keySerde, undefined, false);
  }

  /** Kafka's processValues (a FixedKeyProcessor): as process(), but forwarded records keep the
   *  input key, so no repartition follows. */
  processValues<V2 = V>(supplier: ProcessorSupplier<K, V, K, V2>, options: { stores?: string[]; name?: string } = {}): KStream<K, V2> {
    const b = this.builder;
    const { name, operator } = b.nodeFor('stream', 'processValues', options);
    const stores = options.stores ?? [];
    for (const s of stores) if (!b.stores.some((d) => d.name === s)) b.problems.push(`processValues ${name}: store ${s} is not defined (add it with builder.addStateStore())`);
    const sup = supplier as unknown as ProcessorSupplier<unknown, unknown, unknown, unknown>;
    b.addProcessor(name, operator, [this.nodeName], (ctx) => new ProcessorApiNode(name, ctx, sup, stores, true), { stores: [...stores] });
    return this.next(name, this.keySerde, undefined, this.repartitionRequired);
  }

  /**
   * Kafka's toTable(): the latest value per key as a KTable (a null value deletes). Materialized
   * (queryable) when `name` is given (Materialized.as), or when a join looks it up; a changed key is
   * repartitioned through `<node>-repartition` first. `processorName` names the node (Named).
   */
  toTable(options: { name?: string; processorName?: string; keySerde?: Serde<K>; valueSerde?: Serde<V> } = {}): KTable<K, V> {
    const b = this.builder;
    const { name, operator } = b.nodeFor('stream', 'toTable', options);
    const spec = op('stream', 'toTable');
    const storeName = options.name ?? b.newStoreName(spec.store?.storePrefix ?? NAME_PREFIX.TOTABLE);
    const keySerde = (options.keySerde as AnySerde) ?? this.keySerde ?? b.defaultKeySerde ?? undefined;
    const valueSerde = (options.valueSerde as AnySerde) ?? this.valueSerde ?? b.defaultValueSerde ?? undefined;
    let parent = this.nodeName;
    if (this.repartitionRequired) parent = addRepartition(b, parent, name, keySerde, valueSerde, `toTable ${name}`, 'toTable()');
    const def = b.addProcessor(name, operator, [parent], (ctx) => new TableSourceNode(name, ctx, def.stores[0]));
    const materialize = (): void => {
      if (def.stores.length > 0) return;
      def.stores.push(storeName);
      b.addStore({ name: storeName, kind: 'key-value', keySerde, valueSerde, changelog: true });
    };
    if (options.name !== undefined) materialize();
    return new KTableClass<K, V>(b, name, keySerde, valueSerde, storeName, storeGetter(storeName), materialize);
  }

  /**
   * Kafka's repartition(): writes to and reads back from `<name>-repartition` (name: the `name`
   * option, else a drawn KSTREAM-REPARTITION-<n>), so downstream operators see co-partitioned data.
   * `numberOfPartitions` and `streamPartitioner` as Kafka's Repartitioned.
   */
  repartition(options: RepartitionedOptions<K, V> = {}): KStream<K, V> {
    const b = this.builder;
    const prefix = options.name ?? b.newProcessorName(operatorSpec('stream', 'repartition')?.drawsName ?? NAME_PREFIX.REPARTITION);
    const keySerde = (options.keySerde as AnySerde) ?? this.keySerde ?? b.defaultKeySerde ?? undefined;
    const valueSerde = (options.valueSerde as AnySerde) ?? this.valueSerde ?? b.defaultValueSerde ?? undefined;
    const what = `repartition ${prefix}`;
    const source = addRepartition(b, this.nodeName, prefix, keySerde, valueSerde, what, 'repartition()', repartitionedTopic(b, what, options));
    return this.next(source, keySerde, valueSerde, false);
  }

  /** Processor API: the supplier makes one processor per task; `stores` it may use via ctx.getStateStore(). */
  process<K2 = K, V2 = V>(supplier: ProcessorSupplier<K, V, K2, V2>, options: { stores?: string[]; name?: string } = {}): KStream<K2, V2> {
    const b = this.builder;
    const { name, operator } = b.nodeFor('stream', 'process', options);
    const stores = options.stores ?? [];
    for (const s of stores) if (!b.stores.some((d) => d.name === s)) b.problems.push(`process ${name}: store ${s} is not defined (add it with builder.addStateStore())`);
    const sup = supplier as unknown as ProcessorSupplier<unknown, unknown, unknown, unknown>;
    b.addProcessor(name, operator, [this.nodeName], (ctx) => new ProcessorApiNode(name, ctx, sup, stores), { stores: [...stores] });
    return this.next(name, undefined, undefined, true);
  }
}
