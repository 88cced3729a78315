// KTable.groupBy -> KGroupedTable count/reduce/aggregate with adder and subtractor (Kafka's
// KGroupedTableImpl): each table update is re-keyed, its old value subtracted from the old key's
// aggregate and its new value added to the new key's, through a repartition topic of Changes.
import { NAME_PREFIX, op } from '../model/operator-catalog';
import { TableAggregateNode, type Aggregator, type Change } from '../processor/stateful-nodes';
import { storeGetter } from '../processor/table-getter';
import { Serdes, type Serde } from '../serdes';
import type { GroupedOptions, StoreOptions } from './grouped';
import type { InternalBuilder } from './internal-builder';
import { KTable } from './ktable';

type AnySerde = Serde<unknown> | undefined;

/** Kafka's ChangedSerializer: `{old}{0}`, `{new}{1}`, or `{varint newLength}{new}{old}{2}`. */
export function changeSerde(inner: Serde<unknown>): Serde<Change> {
  return {
    name: `Change(${inner.name})`,
    serialize(c) {
      const hasNew = c.newValue !== null && c.newValue !== undefined;
      const hasOld = c.oldValue !== null && c.oldValue !== undefined;
      if (hasNew && hasOld) {
        const n = inner.serialize(c.newValue);
        return Buffer.concat([zigzagVarint(n.length), n, inner.serialize(c.oldValue), Buffer.from([2])]);
      }
      if (hasNew) return Buffer.concat([inner.serialize(c.newValue), Buffer.from([1])]);
      if (hasOld) return Buffer.concat([inner.serialize(c.oldValue), Buffer.from([0])]);
      throw new Error('Both old and new values are null in ChangeSerializer, which is not allowed.');
    },
    deserialize(data) {
      const flag = data[data.length - 1];
      const body = data.subarray(0, data.length - 1);
      if (flag === 0) return { newValue: null, oldValue: inner.deserialize(body) };
      if (flag === 1) return { newValue: inner.deserialize(body), oldValue: null };
      if (flag === 2) {
        const { value: len, size } = readZigzagVarint(body);
        return { newValue: inner.deserialize(body.subarray(size, size + len)), oldValue: inner.deserialize(body.subarray(size + len)) };
      }
      throw new RangeError(`unknown Change encoding flag ${String(flag)}`);
    },
  };
}

function zigzagVarint(n: number): Buffer {
  let v = ((n << 1) ^ (n >> 31)) >>> 0;
  const out: number[] = [];
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return Buffer.from(out);
}

function readZigzagVarint(b: Buffer): { value: number; size: number } {
  let v = 0;
  let shift = 0;
  let i = 0;
  for (;;) {
    const byte = b[i++];
    if (byte === undefined) throw new RangeError('truncated varint in a Change value');
    v |= (byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) break;
    shift += 7;
  }
  v >>>= 0;
  return { value: (v >>> 1) ^ -(v & 1), size: i };
}

export class KGroupedTable<K, V> {
  /** The repartition a named grouping shares among its aggregations. */
  private repartitionSource: string | undefined;
  /** @internal */
  constructor(
    private readonly b: InternalBuilder,
    /** The KTABLE-SELECT- node. */
    private readonly selectName: string,
    private readonly grouped: GroupedOptions<K, V>,
    private readonly valueSerde: AnySerde,
  ) {}

  /** Count per new key: +1 for each new value, -1 for each old value that left the key. */
  count(options: StoreOptions = {}): KTable<K, number> {
    return this.build('count', options, () => 0, (_k, _v, agg) => (agg as number) + 1, (_k, _v, agg) => (agg as number) - 1, Serdes.Long() as Serde<unknown>) as KTable<K, number>;
  }

  /** `adder(aggregate, newValue)`, `subtractor(aggregate, oldValue)`. */
  reduce(adder: (aggregate: V, value: V) => V, subtractor: (aggregate: V, value: V) => V, options: StoreOptions = {}): KTable<K, V> {
    return this.build('reduce', options, null, (_k, v, agg) => adder(agg as V, v as V), (_k, v, agg) => subtractor(agg as V, v as V), undefined) as KTable<K, V>;
  }

  aggregate<VA>(
    initializer: () => VA,
    adder: (key: K, value: V, aggregate: VA) => VA,
    subtractor: (key: K, value: V, aggregate: VA) => VA,
    options: StoreOptions & { valueSerde?: Serde<VA> } = {},
  ): KTable<K, VA> {
    return this.build('aggregate', options, initializer, adder as Aggregator, subtractor as Aggregator, (options.valueSerde as AnySerde) ?? (Serdes.JSON() as Serde<unknown>)) as KTable<K, VA>;
  }

  private build(method: 'count' | 'reduce' | 'aggregate', options: StoreOptions, initial: (() => unknown) | null, adder: Aggregator, subtractor: Aggregator, storeValueSerde: AnySerde): KTable<K, unknown> {
    const b = this.b;
    const spec = op('groupedTable', method);
    // Counter order as KGroupedTableImpl: store name, sink, source, then the aggregation; a
    // processorName (Named) names all three (`<name>-sink`, `<name>-source`), each still drawing.
    const supplier = options.storeSupplier;
    const store = supplier?.name ?? options.name ?? b.newStoreName(spec.store?.storePrefix ?? NAME_PREFIX.KTABLE_AGGREGATE);
    if (supplier !== undefined && (supplier as { kind?: unknown }).kind !== 'key-value') {
      b.problems.push(`${method} ${store}: storeSupplier must be a key-value store supplier (Stores.inMemoryKeyValueStore / persistentKeyValueStore), got a ${String((supplier as { kind?: unknown }).kind)} store supplier`);
    }
    if (options.retentionMs !== undefined) b.problems.push(`${method} ${store}: retentionMs applies to window and session stores only (this aggregation keeps a key-value store)`);
    const named = b.givenName('groupedTable', method, options);
    const genSink = b.newProcessorName(NAME_PREFIX.SINK);
    const genSource = b.newProcessorName(NAME_PREFIX.SOURCE);
    const sinkName = named === undefined ? genSink : `${named}-sink`;
    const sourceName = named === undefined ? genSource : `${named}-source`;
    const genAgg = b.newProcessorName(spec.node.prefix);
    const aggName = named ?? genAgg;
    const keySerde = (this.grouped.keySerde as AnySerde) ?? b.defaultKeySerde ?? undefined;
    const valueSerde = (this.grouped.valueSerde as AnySerde) ?? this.valueSerde ?? b.defaultValueSerde ?? undefined;
    if (keySerde === undefined) b.problems.push(`${method} ${aggName}: the repartition topic and store need a key serde; pass { keySerde } to groupBy()`);
    if (valueSerde === undefined) b.problems.push(`${method} ${aggName}: the repartition topic needs a value serde; pass { valueSerde } to groupBy()`);
    const topic = `${this.grouped.name ?? store}-repartition`;
    if (this.repartitionSource === undefined || this.grouped.name === undefined) {
      const changes = changeSerde(valueSerde ?? Serdes.String()) as Serde<unknown>;
      b.add({ kind: 'sink', name: sinkName, topic, extractor: undefined, keySerde, valueSerde: changes, internal: true, predecessors: [this.selectName] });
      b.add({ kind: 'source', name: sourceName, topics: [topic], keySerde, valueSerde: changes, internal: true, predecessors: [] });
      this.repartitionSource = sourceName;
    }
    const parent = this.repartitionSource;
    const aggValueSerde = storeValueSerde ?? valueSerde;
    b.addStore({ name: store, kind: 'key-value', keySerde, valueSerde: aggValueSerde, changelog: true });
    b.addProcessor(aggName, spec.node.operator ?? 'other', [parent], (ctx) => new TableAggregateNode(aggName, ctx, store, initial, adder, subtractor), { stores: [store] });
    return new KTable<K, unknown>(b, aggName, keySerde, aggValueSerde, store, storeGetter(store));
  }
}
