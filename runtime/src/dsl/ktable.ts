// KTable: a changelog view (latest value per key), from builder.table() or an aggregation.
import { PassThroughNode } from '../processor/stateless-nodes';
import { TableFilterNode, TableMapValuesNode, TableRepartitionMapNode } from '../processor/stateful-nodes';
import { KGroupedTable } from './grouped-table';
import type { GroupedOptions } from './grouped';
import { filterGetter, mapValuesGetter, type TableValueGetterDef } from '../processor/table-getter';
import type { Serde } from '../serdes';
import type { InternalBuilder } from './internal-builder';
import { KStream } from './kstream';

type AnySerde = Serde<unknown> | undefined;

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
  toStream(): KStream<K, V>;
  toStream<K2>(mapper: (key: K, value: V) => K2): KStream<K2, V>;
  toStream<K2>(mapper?: (key: K, value: V) => K2): KStream<K, V> | KStream<K2, V> {
    const { name, operator } = this.builder.nodeFor('table', 'toStream');
    this.builder.addProcessor(name, operator, [this.nodeName], (ctx) => new PassThroughNode(name, ctx));
    const stream = new KStream<K, V>(this.builder, name, this.keySerde, this.valueSerde, false);
    return mapper === undefined ? stream : stream.selectKey(mapper);
  }

  filter(predicate: (key: K, value: V) => boolean): KTable<K, V> {
    return this.addFilter(predicate, false);
  }

  filterNot(predicate: (key: K, value: V) => boolean): KTable<K, V> {
    return this.addFilter(predicate, true);
  }

  private addFilter(predicate: (key: K, value: V) => boolean, negate: boolean): KTable<K, V> {
    const { name, operator } = this.builder.nodeFor('table', negate ? 'filterNot' : 'filter');
    const pred = predicate as (k: unknown, v: unknown) => boolean;
    this.builder.addProcessor(name, operator, [this.nodeName], (ctx) => new TableFilterNode(name, ctx, pred, negate));
    return new KTable<K, V>(this.builder, name, this.keySerde, this.valueSerde, undefined, filterGetter(this.valueGetter, pred, negate), this.materialize);
  }

  /**
   * Kafka's KTable.groupBy: re-keys every update with `selector` (returning [newKey, newValue]);
   * the KGroupedTable's aggregations add new values and subtract old ones. The source table is
   * materialized, since its previous values are needed.
   */
  groupBy<K2, V2>(selector: (key: K, value: V) => readonly [K2, V2] | null, options: GroupedOptions<K2, V2> = {}): KGroupedTable<K2, V2> {
    const { name, operator } = this.builder.nodeFor('table', 'groupBy');
    const selectName = options.name ?? name;
    this.materialize();
    const fn = selector as (k: unknown, v: unknown) => readonly [unknown, unknown] | null;
    this.builder.addProcessor(selectName, operator, [this.nodeName], (ctx) => new TableRepartitionMapNode(selectName, ctx, fn));
    return new KGroupedTable<K2, V2>(this.builder, selectName, options, undefined);
  }

  mapValues<V2>(mapper: (value: V, key: K) => V2): KTable<K, V2> {
    const { name, operator } = this.builder.nodeFor('table', 'mapValues');
    const fn = mapper as (v: unknown, k: unknown) => unknown;
    this.builder.addProcessor(name, operator, [this.nodeName], (ctx) => new TableMapValuesNode(name, ctx, fn));
    return new KTable<K, V2>(this.builder, name, this.keySerde, undefined, undefined, mapValuesGetter(this.valueGetter, fn), this.materialize);
  }
}
