// KTable: a changelog view (latest value per key), from builder.table() or an aggregation.
import { PassThroughNode } from '../processor/stateless-nodes';
import { TableFilterNode, TableMapValuesNode, TableRepartitionMapNode, TableSourceNode } from '../processor/stateful-nodes';
import { joinedGetter, TableTableJoinNode } from '../processor/table-table-join';
import { op } from '../model/operator-catalog';
import { KGroupedTable } from './grouped-table';
import type { GroupedOptions } from './grouped';
import { filterGetter, mapValuesGetter, storeGetter, type TableValueGetterDef } from '../processor/table-getter';
import type { Serde } from '../serdes';
import type { InternalBuilder } from './internal-builder';
import { KStream, type NamedOptions } from './kstream';
import { addSuppress, suppressedGetter, type Suppressed } from './suppress';
import type { KeyValueBytesStoreSupplier } from './stores';

type AnySerde = Serde<unknown> | undefined;

/** Options of a table-table join: `name` names its nodes (Kafka's Named: `<name>`, `<name>-join-this`,
 *  `<name>-join-other`); `storeName` materializes the result (Materialized.as) with `valueSerde`; a
 *  `valueSerde` alone (Materialized.with) materializes it under a generated store name, as Kafka. */
export interface TableJoinOptions {
  name?: string;
  storeName?: string;
  valueSerde?: Serde<unknown>;
}

/**
 * Options of KTable filter/filterNot/mapValues: `name` names the node (Kafka's Named); the others
 * are Kafka's Materialized. `storeName` (Materialized.as) or `storeSupplier` (Materialized.as(supplier))
 * materializes the result in a queryable store with a changelog; serdes without a store name
 * (Materialized.with) materialize nothing but burn one counter value, as KTableImpl does.
 */
export interface TableOperationOptions<K, V> extends NamedOptions {
  storeName?: string;
  storeSupplier?: KeyValueBytesStoreSupplier;
  keySerde?: Serde<K>;
  valueSerde?: Serde<V>;
}

export class KTable<K, V> {
  /** @internal */
  constructor(
    /** @internal */ readonly builder: InternalBuilder,
    /** @internal */ readonly nodeName: string,
    /** @internal */ readonly keySerde: AnySerde,
    /** @internal */ readonly valueSerde: AnySerde,
    /** The backing state store (readable with getKeyValueStore / app.store); undefined for derived tables. */
    readonly storeName: string | undefined,
    /** @internal How a join looks a key up (Kafka's valueGetterSupplier): the stores it reads and the lookup. */
    readonly valueGetter: TableValueGetterDef,
    /** @internal Connects the root store when a lookup needs it (Kafka materializes source tables on demand). */
    readonly materialize: () => void = () => {},
  ) {}

  /** Every update as a record; a deletion (or a key filtered out) is a null value. With a mapper,
   *  the records get the key it returns (Kafka: toStream() then selectKey(mapper)). */
  toStream<K2>(mapper: (key: K, value: V) => K2, options?: NamedOptions): KStream<K2, V>;
  toStream(options?: NamedOptions): KStream<K, V>;
  toStream<K2>(mapperOrOptions?: ((key: K, value: V) => K2) | NamedOptions, named?: NamedOptions): KStream<K, V> | KStream<K2, V> {
    const mapper = typeof mapperOrOptions === 'function' ? (mapperOrOptions as (key: K, value: V) => K2) : undefined;
    const options = typeof mapperOrOptions === 'function' ? named : (mapperOrOptions as NamedOptions | undefined);
    const { name, operator } = this.builder.nodeFor('table', 'toStream', options);
    this.builder.addProcessor(name, operator, [this.nodeName], (ctx) => new PassThroughNode(name, ctx));
    const stream = new KStream<K, V>(this.builder, name, this.keySerde, this.valueSerde, false);
    return mapper === undefined ? stream : stream.selectKey(mapper);
  }

  filter(predicate: (key: K, value: V) => boolean, options?: TableOperationOptions<K, V>): KTable<K, V> {
    return this.addFilter(predicate, false, options);
  }

  filterNot(predicate: (key: K, value: V) => boolean, options?: TableOperationOptions<K, V>): KTable<K, V> {
    return this.addFilter(predicate, true, options);
  }

  private addFilter(predicate: (key: K, value: V) => boolean, negate: boolean, options: TableOperationOptions<K, V> | undefined): KTable<K, V> {
    const method = negate ? 'filterNot' : 'filter';
    // As doFilter: serdes follow the Materialized, else the parent's.
    const m = this.materialized(method, options, (options?.valueSerde as AnySerde) ?? this.valueSerde);
    const { name, operator } = this.builder.nodeFor('table', method, options);
    const pred = predicate as (k: unknown, v: unknown) => boolean;
    const store = m.store;
    this.builder.addProcessor(name, operator, [this.nodeName], (ctx) => new TableFilterNode(name, ctx, pred, negate, store), { stores: store === undefined ? [] : [store] });
    if (store === undefined) return new KTable<K, V>(this.builder, name, m.keySerde, m.valueSerde, undefined, filterGetter(this.valueGetter, pred, negate), this.materialize);
    return new KTable<K, V>(this.builder, name, m.keySerde, m.valueSerde, store, storeGetter(store));
  }

  /**
   * Kafka's MaterializedInternal for a table operation: with any Materialized option but no store
   * name, one store-name counter value is burned before the node's (KTableImpl keeps it for topology
   * compatibility); only a named store (or a supplier) is materialized, logged to `<store>-changelog`.
   */
  private materialized(method: string, options: TableOperationOptions<K, unknown> | undefined, valueSerde: AnySerde): { store?: string; keySerde: AnySerde; valueSerde: AnySerde } {
    const b = this.builder;
    const keySerde = (options?.keySerde as AnySerde) ?? this.keySerde;
    if (options === undefined) return { keySerde, valueSerde };
    const given = options.storeSupplier !== undefined || options.storeName !== undefined || options.keySerde !== undefined || options.valueSerde !== undefined;
    if (!given) return { keySerde, valueSerde };
    const supplier = options.storeSupplier;
    if (supplier !== undefined && (supplier as { kind?: unknown }).kind !== 'key-value') {
      b.problems.push(`${method}(): storeSupplier must be a key-value store supplier (Stores.inMemoryKeyValueStore / persistentKeyValueStore), got a ${String((supplier as { kind?: unknown }).kind)} store supplier`);
    }
    const store = supplier?.name ?? options.storeName;
    if (store === undefined) {
      b.newStoreName(op('table', method).node.prefix);
      return { keySerde, valueSerde };
    }
    const storeKey = keySerde ?? b.defaultKeySerde ?? undefined;
    const storeValue = valueSerde ?? b.defaultValueSerde ?? undefined;
    if (storeKey === undefined || storeValue === undefined) b.problems.push(`${method}(): store ${store} needs a key and a value serde (pass keySerde / valueSerde; the builder has no default)`);
    b.addStore({ name: store, kind: 'key-value', keySerde: storeKey, valueSerde: storeValue, changelog: true });
    return { store, keySerde, valueSerde };
  }

  /**
   * Kafka's KTable.groupBy: re-keys every update with `selector` (returning [newKey, newValue]);
   * the KGroupedTable's aggregations add new values and subtract old ones. The source table is
   * materialized, since its previous values are needed.
   */
  groupBy<K2, V2>(selector: (key: K, value: V) => readonly [K2, V2] | null, options: GroupedOptions<K2, V2> = {}): KGroupedTable<K2, V2> {
    const { name: selectName, operator } = this.builder.nodeFor('table', 'groupBy', options);
    this.materialize();
    const fn = selector as (k: unknown, v: unknown) => readonly [unknown, unknown] | null;
    this.builder.addProcessor(selectName, operator, [this.nodeName], (ctx) => new TableRepartitionMapNode(selectName, ctx, fn));
    return new KGroupedTable<K2, V2>(this.builder, selectName, options, undefined);
  }

  /** Table-table inner join: a result while both tables hold the key (Kafka's KTableKTableInnerJoin). */
  join<VO, R>(other: KTable<K, VO>, joiner: (value: V, otherValue: VO) => R, options: TableJoinOptions = {}): KTable<K, R> {
    return this.joinTable(other as KTable<K, unknown>, joiner as (a: unknown, b: unknown) => unknown, 'join', options) as KTable<K, R>;
  }

  /** Table-table left join: `otherValue` is null while the other table lacks the key. */
  leftJoin<VO, R>(other: KTable<K, VO>, joiner: (value: V, otherValue: VO | null) => R, options: TableJoinOptions = {}): KTable<K, R> {
    return this.joinTable(other as KTable<K, unknown>, joiner as (a: unknown, b: unknown) => unknown, 'leftJoin', options) as KTable<K, R>;
  }

  /** Table-table outer join: a result while either table holds the key (the missing side null). */
  outerJoin<VO, R>(other: KTable<K, VO>, joiner: (value: V | null, otherValue: VO | null) => R, options: TableJoinOptions = {}): KTable<K, R> {
    return this.joinTable(other as KTable<K, unknown>, joiner as (a: unknown, b: unknown) => unknown, 'outerJoin', options) as KTable<K, R>;
  }

  private joinTable(other: KTable<K, unknown>, joiner: (a: unknown, b: unknown) => unknown, kind: 'join' | 'leftJoin' | 'outerJoin', options: TableJoinOptions): KTable<K, unknown> {
    const b = this.builder;
    if (!(other instanceof KTable)) b.problems.push(`${kind}: the other side of a table-table join must be a KTable`);
    else if (other.builder !== b) b.problems.push(`${kind}: the other table comes from a different StreamsBuilder`);
    const spec = op('table', `${kind}#table`);
    // A Materialized without a store name (only a valueSerde) still materializes the result, under a
    // store name drawn first (KTableImpl.join: new MaterializedInternal(materialized, builder, MERGE_NAME)).
    const store = options.storeName ?? (options.valueSerde !== undefined ? b.newStoreName(spec.node.prefix) : undefined);
    // Kafka's doJoin: the merge name first, then this and other; a name burns each counter value.
    const names = new Map<string, string>();
    for (const p of spec.parts ?? []) {
      const gen = b.newProcessorName(p.prefix);
      names.set(p.role, options.name === undefined ? gen : `${options.name}${p.namedSuffix}`);
    }
    const mergeName = names.get('merge') ?? '';
    const thisName = names.get('this') ?? '';
    const otherName = names.get('other') ?? '';
    this.materialize();
    other.materialize();
    const mode = kind === 'join' ? 'inner' : kind === 'leftJoin' ? 'left' : 'outer';
    const reversed = (a: unknown, c: unknown): unknown => joiner(c, a);
    const thisGetter = this.valueGetter;
    const otherGetter = other.valueGetter;
    b.addProcessor(thisName, 'tableJoinThis', [this.nodeName], (ctx) => new TableTableJoinNode(thisName, ctx, otherGetter, joiner, mode), { stores: [...otherGetter.stores] });
    b.addProcessor(otherName, 'tableJoinOther', [other.nodeName], (ctx) => new TableTableJoinNode(otherName, ctx, thisGetter, reversed, mode === 'left' ? 'right' : mode), { stores: [...thisGetter.stores] });
    const def = b.addProcessor(mergeName, spec.node.operator ?? 'other', [thisName, otherName], (ctx) => (store === undefined ? new PassThroughNode(mergeName, ctx) : new TableSourceNode(mergeName, ctx, store)), {
      stores: store === undefined ? [] : [store],
      copartition: [],
    });
    if (store !== undefined) b.addStore({ name: store, kind: 'key-value', keySerde: this.keySerde ?? b.defaultKeySerde ?? undefined, valueSerde: (options.valueSerde as Serde<unknown> | undefined) ?? b.defaultValueSerde ?? undefined, changelog: true });
    const getter = store === undefined ? joinedGetter(thisGetter, otherGetter, joiner, mode) : storeGetter(store);
    const materialize = (): void => {
      this.materialize();
      other.materialize();
    };
    void def;
    return new KTable<K, unknown>(b, mergeName, this.keySerde, (options.valueSerde as Serde<unknown> | undefined) ?? undefined, store, getter, materialize);
  }

  /** Kafka's KTable.suppress: `Suppressed.untilWindowCloses(...)` (final results of a windowed table) or
   *  `Suppressed.untilTimeLimit(ms, ...)` (rate-limits updates per key). */
  suppress(suppressed: Suppressed): KTable<K, V> {
    const { name, store } = addSuppress(this.builder, this.nodeName, this.keySerde ?? this.builder.defaultKeySerde ?? undefined, this.valueSerde ?? this.builder.defaultValueSerde ?? undefined, suppressed);
    // Not queryable (Kafka passes no store name); lookups see values from before the buffered updates.
    return new KTable<K, V>(this.builder, name, this.keySerde, this.valueSerde, undefined, suppressedGetter(store, this.valueGetter), this.materialize);
  }

  mapValues<V2>(mapper: (value: V, key: K) => V2, options?: TableOperationOptions<K, V2>): KTable<K, V2> {
    // As doMapValues: the value serde is the Materialized's only (the value type may change).
    const m = this.materialized('mapValues', options, options?.valueSerde as AnySerde);
    const { name, operator } = this.builder.nodeFor('table', 'mapValues', options);
    const fn = mapper as (v: unknown, k: unknown) => unknown;
    const store = m.store;
    this.builder.addProcessor(name, operator, [this.nodeName], (ctx) => new TableMapValuesNode(name, ctx, fn, store), { stores: store === undefined ? [] : [store] });
    if (store === undefined) return new KTable<K, V2>(this.builder, name, m.keySerde, m.valueSerde, undefined, mapValuesGetter(this.valueGetter, fn), this.materialize);
    return new KTable<K, V2>(this.builder, name, m.keySerde, m.valueSerde, store, storeGetter(store));
  }
}
