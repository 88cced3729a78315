// Stop-gap declarations of the streamwise DSL (SPEC section 2), used by the analyzer only when the
// runtime's own build (runtime/dist) does not declare the DSL yet. Keep in line with the SPEC.

export interface Serde<T> {
  serialize(topic: string, data: T): Buffer | null;
  deserialize(topic: string, data: Buffer | null): T;
}
export declare const Serdes: {
  String(): Serde<string>;
  JSON<T>(): Serde<T>;
  Number(): Serde<number>;
  Buffer(): Serde<Buffer>;
};
export interface SerdeOptions<K, V> { keySerde?: Serde<K>; valueSerde?: Serde<V> }
export interface RecordContext { topic: string; partition: number; offset: number; timestamp: number }
export interface NamedOptions { name?: string }
export interface BranchOptions<K, V> {
  name?: string;
  withChain?: (stream: KStream<K, V>) => KStream<K, V> | void;
  withConsumer?: (stream: KStream<K, V>) => void;
}
export type Predicate<K, V> = (key: K, value: V) => boolean;
export interface ProcessorRecord<K, V> { key: K; value: V; timestamp: number; headers: Record<string, Buffer> }
export interface ProcessorContext<K, V> {
  forward(record: ProcessorRecord<K, V>): void;
  getStateStore<S>(name: string): S;
}
export interface Processor<K, V, KR = K, VR = V> {
  init?(context: ProcessorContext<KR, VR>): void;
  process(record: ProcessorRecord<K, V>): void;
  close?(): void;
}
export declare class TimeWindows {
  static ofSizeWithNoGrace(sizeMs: number): TimeWindows;
  static ofSizeAndGrace(sizeMs: number, graceMs: number): TimeWindows;
  advanceBy(ms: number): TimeWindows;
}
export interface Windowed<K> { key: K; window: { start: number; end: number } }
export declare class KStream<K, V> {
  filter(predicate: Predicate<K, V>): KStream<K, V>;
  filterNot(predicate: Predicate<K, V>): KStream<K, V>;
  map<KR, VR>(mapper: (key: K, value: V) => [KR, VR]): KStream<KR, VR>;
  mapValues<VR>(mapper: (value: V, key: K) => VR): KStream<K, VR>;
  flatMap<KR, VR>(mapper: (key: K, value: V) => Array<[KR, VR]>): KStream<KR, VR>;
  flatMapValues<VR>(mapper: (value: V, key: K) => VR[]): KStream<K, VR>;
  selectKey<KR>(mapper: (key: K, value: V) => KR): KStream<KR, V>;
  peek(action: (key: K, value: V) => void): KStream<K, V>;
  foreach(action: (key: K, value: V) => void): void;
  to(topic: string | ((key: K, value: V, context: RecordContext) => string), options?: SerdeOptions<K, V>): void;
  merge(other: KStream<K, V>): KStream<K, V>;
  branch(...predicates: Predicate<K, V>[]): KStream<K, V>[];
  split(options?: NamedOptions): BranchedKStream<K, V>;
  groupByKey(options?: SerdeOptions<K, V>): KGroupedStream<K, V>;
  groupBy<KR>(selector: (key: K, value: V) => KR, options?: SerdeOptions<KR, V>): KGroupedStream<KR, V>;
  join<VT, VR>(table: KTable<K, VT>, joiner: (value: V, tableValue: VT) => VR): KStream<K, VR>;
  leftJoin<VT, VR>(table: KTable<K, VT>, joiner: (value: V, tableValue: VT | null) => VR): KStream<K, VR>;
  process<KR = K, VR = V>(supplier: () => Processor<K, V, KR, VR>, ...stateStoreNames: string[]): KStream<KR, VR>;
}
export declare class BranchedKStream<K, V> {
  branch(predicate: Predicate<K, V>, options?: BranchOptions<K, V>): BranchedKStream<K, V>;
  defaultBranch(options?: BranchOptions<K, V>): Record<string, KStream<K, V>>;
  noDefaultBranch(): Record<string, KStream<K, V>>;
}
export interface MaterializedOptions<K, V> extends NamedOptions, SerdeOptions<K, V> {}
export declare class KGroupedStream<K, V> {
  count(options?: MaterializedOptions<K, number>): KTable<K, number>;
  reduce(reducer: (aggregate: V, value: V) => V, options?: MaterializedOptions<K, V>): KTable<K, V>;
  aggregate<VA>(initializer: () => VA, aggregator: (key: K, value: V, aggregate: VA) => VA, options?: MaterializedOptions<K, VA>): KTable<K, VA>;
  windowedBy(windows: TimeWindows): TimeWindowedKStream<K, V>;
}
export declare class TimeWindowedKStream<K, V> {
  count(options?: MaterializedOptions<K, number>): KTable<Windowed<K>, number>;
  reduce(reducer: (aggregate: V, value: V) => V, options?: MaterializedOptions<K, V>): KTable<Windowed<K>, V>;
  aggregate<VA>(initializer: () => VA, aggregator: (key: K, value: V, aggregate: VA) => VA, options?: MaterializedOptions<K, VA>): KTable<Windowed<K>, VA>;
}
export declare class KTable<K, V> {
  toStream(): KStream<K, V>;
  filter(predicate: Predicate<K, V>): KTable<K, V>;
  mapValues<VR>(mapper: (value: V, key: K) => VR): KTable<K, VR>;
}
export interface TopologyDescription { toString(): string }
export declare class Topology {
  describe(): TopologyDescription;
}
export declare class StreamsBuilder {
  constructor();
  stream<K = string, V = string>(topics: string | string[], options?: SerdeOptions<K, V>): KStream<K, V>;
  table<K = string, V = string>(topic: string, options?: SerdeOptions<K, V> & NamedOptions): KTable<K, V>;
  build(): Topology;
}
export type ExceptionHandler = 'fail' | 'continue' | { deadLetterTopic: string };
export interface ReadOnlyKeyValueStore<K, V> { get(key: K): V | undefined; all(): Array<[K, V]> }
export declare class StreamsProcessingError extends Error {
  topic: string; partition: number; offset: number; node: string;
}
export declare class SerdeError extends Error { serde: string }
