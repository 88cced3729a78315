// groupByKey()/groupBy() results and their windowed form: count/reduce/aggregate into a KTable
// over a state store with a changelog, repartitioning first when the key was changed.
import { AggregateNode, type Aggregator } from '../processor/stateful-nodes';
import { sessionStoreGetter, storeGetter, windowStoreGetter } from '../processor/table-getter';
import { SessionWindowedAggregateNode, TimeWindowedAggregateNode, type EmitStrategyType } from '../processor/windowed-nodes';
import { Serdes, type Serde } from '../serdes';
import type { Windowed } from '../serdes';
import type { KStream } from './kstream';
import { KTable } from './ktable';
import { op } from '../model/operator-catalog';
import { addRepartitionNodes, repartitionNames } from './repartition';
import { SessionWindows, SlidingWindows, TimeWindows } from './windows';
import { SlidingWindowedAggregateNode } from '../processor/sliding-window-aggregate';
import type { StoreSupplier } from './stores';

export interface GroupedOptions<K, V> {
  /** Serdes for the repartition topic (and the store's key). */
  keySerde?: Serde<K>;
  valueSerde?: Serde<V>;
  /** Kafka's Grouped.as: names the repartition topic `<name>-repartition` (default: after the store),
   *  shared by every aggregation of this grouped stream; groupBy's key selector takes the name too. */
  name?: string;
}

/** The repartition an aggregation of a named grouped stream reuses (Kafka's GroupedStreamAggregateBuilder). */
interface RepartitionCache {
  source: string | undefined;
}

export interface StoreOptions {
  /** Store name (Kafka's Materialized.as); also names `<name>-repartition` and `<name>-changelog`. */
  name?: string;
  /** Names the aggregation's node (Kafka's Named); its counter value is still drawn. */
  processorName?: string;
  /** Kafka's Materialized.withRetention: how long (ms of stream time) a window or session store keeps
   *  windows, for interactive queries; at least size + grace (sliding: 2 * time difference + grace;
   *  session: gap + grace), the default. Window and session stores only. */
  retentionMs?: number;
  /** Kafka's Materialized.as(supplier): the store from `Stores` (its name, retention and window size):
   *  a key-value supplier for count/reduce/aggregate, a window supplier for time and sliding windows, a
   *  session supplier for session windows. */
  storeSupplier?: StoreSupplier;
}

/** count()'s options: a `keySerde` without a `name` is Kafka's `count(Materialized.with(keySerde, ...))`,
 *  which burns one more store-name counter value first (KGroupedStreamImpl / TimeWindowedKStreamImpl /
 *  SessionWindowedKStreamImpl keep it for topology compatibility; sliding windows do not). */
export interface CountOptions<K> extends StoreOptions {
  keySerde?: Serde<K>;
}

type AnySerde = Serde<unknown> | undefined;

interface AggregateSpec {
  op: 'count' | 'reduce' | 'aggregate';
  storeName: string | undefined;
  processorName: string | undefined;
  retentionMs?: number | undefined;
  storeSupplier?: StoreSupplier | undefined;
  /** count(Materialized.with(...)) without a store name: one store name burned first. */
  burnsStoreName?: boolean;
  /** Materialized's key serde for the store. */
  storeKeySerde?: AnySerde;
  storeValueSerde: AnySerde;
  initial: (() => unknown) | null;
  aggregator: Aggregator;
  /** Session windows: combines two sessions' aggregates (count: sum; reduce: the reducer). */
  merger?: (key: unknown, a: unknown, b: unknown) => unknown;
}

/** Windows of a windowed aggregation and how it emits. */
interface WindowSpec {
  windows: TimeWindows | SessionWindows | SlidingWindows;
  emit: EmitStrategyType;
}

function build<K, V, KT>(
  stream: KStream<K, V>,
  grouped: GroupedOptions<K, V>,
  repartition: RepartitionCache | undefined,
  spec: AggregateSpec,
  windowSpec: WindowSpec | undefined,
): KTable<KT, unknown> {
  const b = stream.builder;
  const windows = windowSpec?.windows;
  const session = windows instanceof SessionWindows ? windows : undefined;
  const receiver = windows === undefined ? 'grouped' : session !== undefined ? 'sessionWindowed' : 'windowed';
  const catalog = op(receiver, spec.op);
  // Counter order as KGroupedStreamImpl: the store name (MaterializedInternal), the node, then the repartition.
  if (spec.burnsStoreName === true && !(windows instanceof SlidingWindows)) b.newStoreName(catalog.store?.storePrefix ?? catalog.node.prefix);
  const supplier = spec.storeSupplier;
  const store = supplier?.name ?? spec.storeName ?? b.newStoreName(catalog.store?.storePrefix ?? catalog.node.prefix);
  const storeKind = catalog.store?.kind ?? 'key-value';
  if (supplier !== undefined && (supplier as { kind?: unknown }).kind !== storeKind) {
    b.problems.push(`${spec.op} ${store}: storeSupplier must be a ${storeKind} store supplier (${SUPPLIER_HINT[storeKind]}), got a ${String((supplier as { kind?: unknown }).kind)} store supplier`);
  }
  const aggName = b.nodeFor(receiver, spec.op, { processorName: spec.processorName }).name;
  const keySerde: AnySerde = (grouped.keySerde as AnySerde) ?? stream.keySerde ?? b.defaultKeySerde ?? undefined;
  const valueSerde: AnySerde = (grouped.valueSerde as AnySerde) ?? stream.valueSerde ?? b.defaultValueSerde ?? undefined;
  const what = windows === undefined ? spec.op : `windowed ${spec.op}`;
  let parent = stream.nodeName;
  if (repartition !== undefined) {
    // Names are drawn every time; the nodes are added once per grouped stream when it is named.
    const names = repartitionNames(b, grouped.name ?? store);
    if (repartition.source === undefined || grouped.name === undefined) {
      repartition.source = addRepartitionNodes(b, parent, names, keySerde, valueSerde, `${what} ${aggName}`, 'groupBy()/groupByKey()');
    }
    parent = repartition.source;
  } else if (keySerde === undefined) {
    b.problems.push(`${what} ${aggName}: store ${store} needs a key serde; pass { keySerde } to groupByKey() (the builder has no default key serde)`);
  }
  const storeValueSerde = spec.storeValueSerde ?? valueSerde;
  if (storeValueSerde === undefined) b.problems.push(`${what} ${aggName}: store ${store} needs a value serde (the builder has no default value serde)`);
  const innerKey = spec.storeKeySerde ?? keySerde ?? Serdes.String();
  const time = windows instanceof TimeWindows ? windows : undefined;
  const sliding = windows instanceof SlidingWindows ? windows : undefined;
  const windowSizeMs = time?.sizeMs ?? sliding?.timeDifferenceMs;
  const tableKeySerde =
    session !== undefined ? (Serdes.SessionWindowed(innerKey) as Serde<unknown>) : windowSizeMs !== undefined ? (Serdes.TimeWindowed(innerKey, windowSizeMs) as Serde<unknown>) : innerKey;
  // A windowed aggregation keeps a window store (Kafka's timestamped window store, retention size +
  // grace; sliding windows 2 * time difference + grace, as SlidingWindowStoreMaterializer); a
  // session aggregation a session store (retention gap + grace).
  const retention = checkedRetention(b, store, spec, windows);
  // A supplier's own retention and window size make the store (Kafka checks only a Materialized retention).
  const windowSupplier = supplier?.kind === 'window' ? supplier : undefined;
  const window =
    windowSizeMs !== undefined
      ? { sizeMs: windowSupplier?.windowSizeMs ?? windowSizeMs, retentionMs: windowSupplier?.retentionMs ?? retention, retainDuplicates: windowSupplier?.retainDuplicates ?? false }
      : undefined;
  const sessionStore = session === undefined ? undefined : { retentionMs: supplier?.kind === 'session' ? supplier.retentionMs : retention };
  b.addStore({
    name: store,
    kind: storeKind,
    keySerde: windows === undefined ? tableKeySerde : innerKey,
    valueSerde: storeValueSerde,
    changelog: true,
    ...(window === undefined ? {} : { window }),
    ...(sessionStore === undefined ? {} : { session: sessionStore }),
  });
  const operator = catalog.node.operator ?? 'other';
  const { initial, aggregator } = spec;
  const emit = windowSpec?.emit ?? 'ON_WINDOW_UPDATE';
  // As Kafka's aggregatorForReducer / mergerForAggregator: a reduce starts from null.
  const sessionAggregator: Aggregator = initial === null ? (k, v, agg) => (agg === null || agg === undefined ? v : aggregator(k, v, agg)) : aggregator;
  const merger = spec.merger ?? ((k: unknown, a: unknown, c: unknown) => sessionAggregator(k, c, a));
  b.addProcessor(
    aggName,
    operator,
    [parent],
    (ctx) =>
      session !== undefined
        ? new SessionWindowedAggregateNode(aggName, ctx, store, session.inactivityGapMs, session.graceMs, initial ?? (() => null), sessionAggregator, merger, emit)
        : time !== undefined
          ? new TimeWindowedAggregateNode(aggName, ctx, store, time.sizeMs, time.advanceMs, time.graceMs, initial, aggregator, emit)
          : sliding !== undefined
            ? new SlidingWindowedAggregateNode(aggName, ctx, store, sliding.timeDifferenceMs, sliding.graceMs, initial ?? (() => null), sessionAggregator, emit)
            : new AggregateNode(aggName, ctx, store, initial, aggregator),
    { stores: [store] },
  );
  // Kafka's GraphGraceSearchUtil.extractGracePeriod.
  if (windows !== undefined) b.windowGrace.set(aggName, session !== undefined ? session.inactivityGapMs + session.graceMs : windows.graceMs);
  const getter = session !== undefined ? sessionStoreGetter(store) : windowSizeMs !== undefined ? windowStoreGetter(store) : storeGetter(store);
  return new KTable<KT, unknown>(b, aggName, tableKeySerde, storeValueSerde, store, getter);
}

const SUPPLIER_HINT = {
  'key-value': 'Stores.inMemoryKeyValueStore / persistentKeyValueStore',
  window: 'Stores.inMemoryWindowStore / persistentWindowStore',
  session: 'Stores.inMemorySessionStore / persistentSessionStore',
} as const;

/**
 * The store's retention: Materialized.withRetention, else Kafka's default (size + grace; sliding
 * 2 * time difference + grace; session gap + grace), checked as Kafka's WindowStoreMaterializer /
 * SlidingWindowStoreMaterializer / SessionStoreMaterializer with their messages.
 */
function checkedRetention(b: { problems: string[] }, store: string, spec: AggregateSpec, windows: TimeWindows | SessionWindows | SlidingWindows | undefined): number {
  const given = spec.retentionMs;
  if (given !== undefined && (!Number.isInteger(given) || given < 0)) {
    b.problems.push(Number.isInteger(given) ? 'Retention must not be negative.' : `${spec.op} ${store}: retentionMs must be an integer of ms, got ${given}`);
  }
  if (windows === undefined) {
    if (given !== undefined) b.problems.push(`${spec.op} ${store}: retentionMs applies to window and session stores only (this aggregation keeps a key-value store)`);
    return 0;
  }
  if (windows instanceof SessionWindows) {
    const retention = given ?? windows.inactivityGapMs + windows.graceMs;
    if (windows.inactivityGapMs + windows.graceMs > retention) {
      b.problems.push(`The retention period of the session store ${store} must be no smaller than the session inactivity gap plus the grace period. Got gap=[${windows.inactivityGapMs}], grace=[${windows.graceMs}], retention=[${retention}]`);
    }
    return retention;
  }
  if (windows instanceof SlidingWindows) {
    const retention = given ?? 2 * windows.timeDifferenceMs + windows.graceMs;
    if (2 * windows.timeDifferenceMs + windows.graceMs > retention) {
      b.problems.push(`The retention period of the window store ${store} must be no smaller than 2 * time difference plus the grace period. Got time difference=[${windows.timeDifferenceMs}], grace=[${windows.graceMs}], retention=[${retention}]`);
    }
    return retention;
  }
  const retention = given ?? windows.sizeMs + windows.graceMs;
  if (windows.sizeMs + windows.graceMs > retention) {
    b.problems.push(`The retention period of the window store ${store} must be no smaller than its window size plus the grace period. Got size=[${windows.sizeMs}], grace=[${windows.graceMs}], retention=[${retention}]`);
  }
  return retention;
}

/** Materialized options every aggregation spec takes from its StoreOptions. */
function materializedOf(options: StoreOptions): Pick<AggregateSpec, 'storeName' | 'processorName' | 'retentionMs' | 'storeSupplier'> {
  return { storeName: options.name, processorName: options.processorName, retentionMs: options.retentionMs, storeSupplier: options.storeSupplier };
}

function countSpec(options: CountOptions<unknown>): AggregateSpec {
  return {
    op: 'count',
    ...materializedOf(options),
    // Any Materialized without a store name (serdes, a retention) burns; a supplier names the store.
    burnsStoreName: options.name === undefined && options.storeSupplier === undefined && (options.keySerde !== undefined || options.retentionMs !== undefined),
    storeKeySerde: options.keySerde,
    // Java's Long format, so a Java LongDeserializer reads counts and their changelog.
    storeValueSerde: Serdes.Long() as Serde<unknown>,
    initial: () => 0,
    aggregator: (_k, _v, agg) => (agg as number) + 1,
    merger: (_k, a, b) => (a as number) + (b as number),
  };
}

function reduceSpec<V>(reducer: (aggregate: V, value: V) => V, options: StoreOptions): AggregateSpec {
  return {
    op: 'reduce',
    ...materializedOf(options),
    storeValueSerde: undefined,
    initial: null,
    aggregator: (_k, v, agg) => reducer(agg as V, v as V),
  };
}

function aggregateSpec<K, V, VA>(
  initializer: () => VA,
  aggregator: (key: K, value: V, aggregate: VA) => VA,
  options: StoreOptions & { valueSerde?: Serde<VA> },
): AggregateSpec {
  return {
    op: 'aggregate',
    ...materializedOf(options),
    // Aggregates are usually objects or numbers: JSON unless told otherwise.
    storeValueSerde: (options.valueSerde as AnySerde) ?? (Serdes.JSON() as Serde<unknown>),
    initial: initializer,
    aggregator: aggregator as Aggregator,
  };
}

export class KGroupedStream<K, V> {
  private readonly repartition: RepartitionCache | undefined;
  /** @internal */
  constructor(
    private readonly stream: KStream<K, V>,
    private readonly grouped: GroupedOptions<K, V>,
    repartition: boolean,
  ) {
    this.repartition = repartition ? { source: undefined } : undefined;
  }

  count(options: CountOptions<K> = {}): KTable<K, number> {
    return build<K, V, K>(this.stream, this.grouped, this.repartition, countSpec(options as CountOptions<unknown>), undefined) as KTable<K, number>;
  }

  reduce(reducer: (aggregate: V, value: V) => V, options: StoreOptions = {}): KTable<K, V> {
    return build<K, V, K>(this.stream, this.grouped, this.repartition, reduceSpec(reducer, options), undefined) as KTable<K, V>;
  }

  aggregate<VA>(
    initializer: () => VA,
    aggregator: (key: K, value: V, aggregate: VA) => VA,
    options: StoreOptions & { valueSerde?: Serde<VA> } = {},
  ): KTable<K, VA> {
    return build<K, V, K>(this.stream, this.grouped, this.repartition, aggregateSpec(initializer, aggregator, options), undefined) as KTable<K, VA>;
  }

  windowedBy(windows: TimeWindows): TimeWindowedKStream<K, V>;
  windowedBy(windows: SlidingWindows): SlidingWindowedKStream<K, V>;
  windowedBy(windows: SessionWindows): SessionWindowedKStream<K, V>;
  windowedBy(windows: TimeWindows | SlidingWindows | SessionWindows): TimeWindowedKStream<K, V> | SlidingWindowedKStream<K, V> | SessionWindowedKStream<K, V> {
    if (windows instanceof SessionWindows) return new SessionWindowedKStream<K, V>(this.stream, this.grouped, this.repartition, windows);
    if (windows instanceof SlidingWindows) return new SlidingWindowedKStream<K, V>(this.stream, this.grouped, this.repartition, windows);
    return new TimeWindowedKStream<K, V>(this.stream, this.grouped, this.repartition, windows);
  }
}

/** Aggregations per key and time window (Kafka's TimeWindowedKStream); windows advance with stream time. */
export class TimeWindowedKStream<K, V> {
  protected emit: EmitStrategyType = 'ON_WINDOW_UPDATE';
  /** @internal */
  constructor(
    private readonly stream: KStream<K, V>,
    private readonly grouped: GroupedOptions<K, V>,
    private readonly repartition: RepartitionCache | undefined,
    private readonly windows: TimeWindows | SlidingWindows,
  ) {}

  /** `EmitStrategy.onWindowClose()`: one final result per window once stream time passes its end + grace. */
  emitStrategy(strategy: { type: EmitStrategyType }): this {
    this.emit = strategy.type;
    return this;
  }

  count(options: CountOptions<K> = {}): KTable<Windowed<K>, number> {
    return build<K, V, Windowed<K>>(this.stream, this.grouped, this.repartition, countSpec(options as CountOptions<unknown>), { windows: this.windows, emit: this.emit }) as KTable<Windowed<K>, number>;
  }

  reduce(reducer: (aggregate: V, value: V) => V, options: StoreOptions = {}): KTable<Windowed<K>, V> {
    return build<K, V, Windowed<K>>(this.stream, this.grouped, this.repartition, reduceSpec(reducer, options), { windows: this.windows, emit: this.emit }) as KTable<Windowed<K>, V>;
  }

  aggregate<VA>(
    initializer: () => VA,
    aggregator: (key: K, value: V, aggregate: VA) => VA,
    options: StoreOptions & { valueSerde?: Serde<VA> } = {},
  ): KTable<Windowed<K>, VA> {
    return build<K, V, Windowed<K>>(this.stream, this.grouped, this.repartition, aggregateSpec(initializer, aggregator, options), { windows: this.windows, emit: this.emit }) as KTable<
      Windowed<K>,
      VA
    >;
  }
}

/** Aggregations per key over sliding windows (Kafka's SlidingWindowedKStream): windows are created
 *  from the records' timestamps, both ends inclusive; records with a null key or value are skipped. */
export class SlidingWindowedKStream<K, V> extends TimeWindowedKStream<K, V> {}

/** Kafka's EmitStrategy: `onWindowUpdate()` (default) or `onWindowClose()` (one final result per window). */
export const EmitStrategy = {
  onWindowUpdate: (): { type: EmitStrategyType } => ({ type: 'ON_WINDOW_UPDATE' }),
  onWindowClose: (): { type: EmitStrategyType } => ({ type: 'ON_WINDOW_CLOSE' }),
};

/** Aggregations per key and session (Kafka's SessionWindowedKStream); sessions merge as records bridge them. */
export class SessionWindowedKStream<K, V> {
  private emit: EmitStrategyType = 'ON_WINDOW_UPDATE';
  /** @internal */
  constructor(
    private readonly stream: KStream<K, V>,
    private readonly grouped: GroupedOptions<K, V>,
    private readonly repartition: RepartitionCache | undefined,
    private readonly windows: SessionWindows,
  ) {}

  /** `EmitStrategy.onWindowClose()`: one result per session once it has closed (gap + grace past its end). */
  emitStrategy(strategy: { type: EmitStrategyType }): this {
    this.emit = strategy.type;
    return this;
  }

  count(options: CountOptions<K> = {}): KTable<Windowed<K>, number> {
    return build<K, V, Windowed<K>>(this.stream, this.grouped, this.repartition, countSpec(options as CountOptions<unknown>), { windows: this.windows, emit: this.emit }) as KTable<Windowed<K>, number>;
  }

  reduce(reducer: (aggregate: V, value: V) => V, options: StoreOptions = {}): KTable<Windowed<K>, V> {
    return build<K, V, Windowed<K>>(this.stream, this.grouped, this.repartition, reduceSpec(reducer, options), { windows: this.windows, emit: this.emit }) as KTable<Windowed<K>, V>;
  }

  /** `merger(key, aggregateOne, aggregateTwo)` combines two sessions' aggregates when a record bridges them. */
  aggregate<VA>(
    initializer: () => VA,
    aggregator: (key: K, value: V, aggregate: VA) => VA,
    merger: (key: K, aggregateOne: VA, aggregateTwo: VA) => VA,
    options: StoreOptions & { valueSerde?: Serde<VA> } = {},
  ): KTable<Windowed<K>, VA> {
    const spec = { ...aggregateSpec(initializer, aggregator, options), merger: merger as (k: unknown, a: unknown, b: unknown) => unknown };
    return build<K, V, Windowed<K>>(this.stream, this.grouped, this.repartition, spec, { windows: this.windows, emit: this.emit }) as KTable<Windowed<K>, VA>;
  }
}
