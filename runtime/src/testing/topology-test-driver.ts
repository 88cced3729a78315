// TopologyTestDriver: runs a topology synchronously through the StreamTask engine, one partition
// per topic, every record committed and flushed at once.
import type { ReadOnlyKeyValueStore, ValueAndTimestamp } from '../processor/key-value-store';
import type { ReadOnlyWindowStore } from '../processor/window-store';
import type { ReadOnlySessionStore } from '../processor/session-store';
import { NO_HEADERS, type OutgoingRecord, type RawRecord } from '../processor/raw-record';
import { GlobalStores } from '../processor/global-stores';
import { StreamTask } from '../processor/stream-task';
import { defsOf, enforcedPartitionsOf, planOf } from '../processor/topology-internals';
import type { NodeMetrics } from '../model/streams-events';
import type { Serde } from '../serdes';
import { Serdes } from '../serdes';
import { resolveConfig, StreamsConfigError, type StreamsConfig } from '../streams/config';
import type { Topology } from '../topology';
import { TestInputTopic } from './test-input-topic';
import { TestOutputTopic } from './test-output-topic';

/** KafkaStreams' options (SPEC section 2), all optional and validated the same way; cluster
 *  options are accepted and ignored. */
export type TestDriverConfig = Partial<StreamsConfig> & {
  /** Start of the driver's wall clock (default Date.now()); default record timestamps follow it. */
  initialWallClockTimeMs?: number;
};

const DRIVER_OPTIONS = { owner: 'TopologyTestDriver', defaultApplicationId: 'topology-test-driver', extraOptions: ['initialWallClockTimeMs'] };

/** A record captured on a topic, with its offset. */
export interface CapturedRecord {
  topic: string;
  partition: number;
  offset: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer>;
  timestamp: number;
}

interface TopicState {
  records: CapturedRecord[];
  head: number;
  nextOffset: number;
  /** The task reading the topic (a repartition topic): captured records are processed next. */
  reader: StreamTask | undefined;
}

export class TopologyTestDriver {
  private readonly tasks: StreamTask[] = [];
  private readonly taskByTopic = new Map<string, StreamTask>();
  private readonly topics = new Map<string, TopicState>();
  private readonly pending: CapturedRecord[] = [];
  private pendingHead = 0;
  private scratch: RawRecord | undefined = { topic: '', partition: 0, offset: 0, timestamp: 0, key: null, value: null, headers: NO_HEADERS };
  private wallClock: number;
  private closed = false;
  /** GlobalKTable stores: piping to a global topic updates them at once (as if restored). */
  private readonly globalStores: GlobalStores;
  readonly applicationId: string;

  constructor(topology: Topology, config: TestDriverConfig = {}) {
    const resolved = resolveConfig(config, DRIVER_OPTIONS);
    this.applicationId = resolved.applicationId;
    const start = config.initialWallClockTimeMs;
    if (start !== undefined && !Number.isFinite(start)) throw new StreamsConfigError(`initialWallClockTimeMs must be a finite number, got ${JSON.stringify(start)}`);
    this.wallClock = start ?? Date.now();
    const collector = { send: (r: OutgoingRecord) => this.capture(r) };
    this.globalStores = new GlobalStores(topology);
    // One partition per topic, as Kafka's driver, except repartition topics given a count
    // (Repartitioned.numberOfPartitions): their stream partitioners choose among that many.
    const enforced = new Map([...enforcedPartitionsOf(defsOf(topology))].map(([t, n]) => [this.internalTopicName(t), n]));
    const partitionCount = (topic: string): number => enforced.get(topic) ?? 1;
    for (const plan of planOf(topology)) {
      const task = new StreamTask(topology, {
        applicationId: this.applicationId,
        subTopology: plan.id,
        partition: 0,
        collector,
        internalTopicName: (name) => this.internalTopicName(name),
        processingExceptionHandler: resolved.processingExceptionHandler,
        deserializationExceptionHandler: resolved.deserializationExceptionHandler,
        logger: resolved.logger,
        wallClockMs: this.wallClock,
        globalStores: this.globalStores,
        clock: () => this.wallClock,
        // As Kafka's TopologyTestDriver: outer joins look for closed windows on every record.
        emitIntervalMs: 0,
        partitionCount,
        ...(resolved.stdout === undefined ? {} : { stdout: resolved.stdout }),
      });
      this.tasks.push(task);
      for (const t of task.sourceTopics()) this.taskByTopic.set(t, task);
    }
  }

  /** Internal topics get the application id prefix, as on a cluster. */
  internalTopicName(name: string): string {
    return `${this.applicationId}-${name}`;
  }

  createInputTopic<K = string, V = string>(topic: string, keySerde?: Serde<K>, valueSerde?: Serde<V>): TestInputTopic<K, V> {
    if (!this.taskByTopic.has(topic) && !this.globalStores.topics().includes(topic)) {
      const reads = [...this.taskByTopic.keys(), ...this.globalStores.topics()];
      throw new Error(`the topology does not read topic ${topic} (it reads: ${reads.join(', ') || 'nothing'})`);
    }
    return new TestInputTopic<K, V>(this, topic, keySerde ?? (Serdes.String() as unknown as Serde<K>), valueSerde ?? (Serdes.String() as unknown as Serde<V>));
  }

  createOutputTopic<K = string, V = string>(topic: string, keySerde?: Serde<K>, valueSerde?: Serde<V>): TestOutputTopic<K, V> {
    return new TestOutputTopic<K, V>(this, topic, keySerde ?? (Serdes.String() as unknown as Serde<K>), valueSerde ?? (Serdes.String() as unknown as Serde<V>));
  }

  /** A state store by name (count/reduce/aggregate `name`, table `name`, or addStateStore). */
  getKeyValueStore<K = unknown, V = unknown>(name: string): ReadOnlyKeyValueStore<K, V> {
    for (const t of this.tasks) {
      const s = t.store(name);
      if (s !== undefined) return s as ReadOnlyKeyValueStore<K, V>;
    }
    const global = this.globalStores.store(name);
    if (global !== undefined) return global as ReadOnlyKeyValueStore<K, V>;
    if (this.tasks.some((t) => t.windowStore(name) !== undefined)) throw new Error(`state store ${name} is a window store: use getWindowStore`);
    if (this.tasks.some((t) => t.sessionStore(name) !== undefined)) throw new Error(`state store ${name} is a session store: use getSessionStore`);
    if (this.tasks.some((t) => t.suppressionBuffer(name) !== undefined)) throw new Error(`state store ${name} is a suppress() buffer: it is not queryable (as in Kafka); read the suppressed table's output instead`);
    throw new Error(`the topology has no state store named ${name}`);
  }

  /** A store's values with their timestamps (Kafka's getTimestampedKeyValueStore): aggregations
   *  stamp each value with the largest record timestamp seen for its key. */
  getTimestampedKeyValueStore<K = unknown, V = unknown>(name: string): ReadOnlyKeyValueStore<K, ValueAndTimestamp<V>> {
    for (const s of [...this.tasks.map((t) => t.timestampedStore(name)), this.globalStores.store(name)]) {
      if (s !== undefined) {
        const stamped = (entries: [unknown, unknown][]): [K, ValueAndTimestamp<V>][] => entries.map(([k]) => [k as K, s.getWithTimestamp(k) as ValueAndTimestamp<V>]);
        return {
          name,
          get: (key: K) => s.getWithTimestamp(key) as ValueAndTimestamp<V> | null,
          all: () => stamped(s.all()),
          range: (from, to) => stamped(s.range(from, to)),
          prefixScan: (prefix, prefixSerde) => stamped(s.prefixScan(prefix, prefixSerde)),
          reverseAll: () => stamped(s.reverseAll()),
          approximateNumEntries: () => s.approximateNumEntries(),
        };
      }
    }
    throw new Error(`the topology has no state store named ${name}`);
  }

  /** A window store by name (windowed aggregations, stream-stream join stores), as Kafka's
   *  getWindowStore: values without their timestamps. */
  getWindowStore<K = unknown, V = unknown>(name: string): ReadOnlyWindowStore<K, V> {
    for (const t of this.tasks) {
      const s = t.windowStore(name);
      if (s !== undefined) return s as ReadOnlyWindowStore<K, V>;
    }
    throw new Error(`the topology has no window store named ${name}${this.hasKeyValueStore(name) ? ' (it is a key-value store: use getKeyValueStore)' : ''}`);
  }

  /** A window store's values with their timestamps (Kafka's getTimestampedWindowStore). */
  getTimestampedWindowStore<K = unknown, V = unknown>(name: string): { fetch(key: K, timeFrom: number, timeTo: number): [number, ValueAndTimestamp<V>][] } {
    for (const t of this.tasks) {
      const s = t.windowStore(name);
      if (s !== undefined) return { fetch: (key, from, to) => s.fetchWithTimestamp(key, from, to) as [number, ValueAndTimestamp<V>][] };
    }
    throw new Error(`the topology has no window store named ${name}`);
  }

  /** A session store by name (session-windowed aggregations), as Kafka's getSessionStore. */
  getSessionStore<K = unknown, V = unknown>(name: string): ReadOnlySessionStore<K, V> {
    for (const t of this.tasks) {
      const s = t.sessionStore(name);
      if (s !== undefined) return s as ReadOnlySessionStore<K, V>;
    }
    throw new Error(`the topology has no session store named ${name}`);
  }

  private hasKeyValueStore(name: string): boolean {
    return this.tasks.some((t) => t.store(name) !== undefined) || this.globalStores.store(name) !== undefined;
  }

  /** Per node (keyed by node name): cumulative records in, out and errors since the driver started,
   *  and the mean process latency (including downstream nodes) over the sampled records. */
  nodeMetrics(): Record<string, NodeMetrics> {
    const out: Record<string, NodeMetrics> = {};
    for (const t of this.tasks) {
      for (const n of t.nodeMetrics()) {
        out[n.node] = { recordsIn: n.recordsIn, recordsOut: n.recordsOut, errors: n.errors, processLatencyMs: n.latencySamples === 0 ? 0 : n.latencyTotalMs / n.latencySamples };
      }
    }
    return out;
  }

  /** Moves the wall clock forward and fires due wall-clock punctuations. */
  advanceWallClockTime(ms: number): void {
    this.checkOpen();
    if (!(ms >= 0)) throw new RangeError(`advanceWallClockTime needs a non-negative duration, got ${ms}`);
    this.wallClock += ms;
    for (const t of this.tasks) t.punctuate(this.wallClock);
    if (this.pending.length !== 0) this.drain();
  }

  /** @internal The driver's wall clock: the default timestamp of piped records. */
  get wallClockTime(): number {
    return this.wallClock;
  }

  /** @internal Pipes one serialized record in and processes everything it causes. */
  pipe(topic: string, key: Buffer | null, value: Buffer | null, timestamp: number, headers: Record<string, Buffer>): void {
    this.checkOpen();
    const task = this.taskByTopic.get(topic);
    if (task === undefined && this.globalStores.topics().includes(topic)) {
      const g = this.topicState(topic);
      this.globalStores.update({ topic, partition: 0, offset: g.nextOffset++, timestamp, key, value, headers });
      return;
    }
    if (task === undefined) throw new Error(`the topology does not read topic ${topic}`);
    const t = this.topicState(topic);
    // One record object reused for every pipe (nothing keeps it past process()); a nested pipe
    // (from inside a callback) gets its own.
    const record = this.scratch ?? { topic, partition: 0, offset: 0, timestamp, key, value, headers };
    this.scratch = undefined;
    record.topic = topic;
    record.offset = t.nextOffset++;
    record.timestamp = timestamp;
    record.key = key;
    record.value = value;
    record.headers = headers;
    try {
      task.process(record);
    } catch (e) {
      this.pending.length = 0;
      this.pendingHead = 0;
      throw e;
    } finally {
      record.key = null;
      record.value = null;
      record.headers = NO_HEADERS;
      this.scratch = record;
    }
    if (this.pending.length !== 0) this.drain();
  }

  /** @internal Records captured on a topic that no reader has taken yet. */
  take(topic: string, max: number): CapturedRecord[] {
    const t = this.topics.get(topic);
    if (t === undefined) return [];
    if (t.head === 0 && max >= t.records.length) {
      // Everything: hand the list over instead of copying it.
      const all = t.records;
      t.records = [];
      return all;
    }
    const out = t.records.slice(t.head, t.head + max);
    t.head += out.length;
    if (t.head === t.records.length) {
      t.records.length = 0;
      t.head = 0;
    }
    return out;
  }

  /** @internal */
  queueSize(topic: string): number {
    const t = this.topics.get(topic);
    return t === undefined ? 0 : t.records.length - t.head;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.tasks) t.close();
  }

  private capture(r: OutgoingRecord): void {
    const t = this.topicState(r.topic);
    // The collector hands over each record once: complete it in place rather than copy it (one
    // allocation less per output record, the driver's hot path).
    const captured = r as CapturedRecord;
    // A stream partitioner's choice is kept (every partition is still processed by the one task).
    captured.partition = r.partition ?? 0;
    captured.offset = t.nextOffset++;
    t.records.push(captured);
    // Records for topics the topology reads (repartition topics) are processed next, in order.
    if (t.reader !== undefined) this.pending.push(captured);
  }

  private drain(): void {
    try {
      while (this.pendingHead < this.pending.length) {
        const r = this.pending[this.pendingHead++] as CapturedRecord;
        this.topicState(r.topic).reader?.process(r);
      }
    } finally {
      this.pending.length = 0;
      this.pendingHead = 0;
    }
  }

  private topicState(topic: string): TopicState {
    let t = this.topics.get(topic);
    if (t === undefined) {
      t = { records: [], head: 0, nextOffset: 0, reader: this.taskByTopic.get(topic) };
      this.topics.set(topic, t);
    }
    return t;
  }

  private checkOpen(): void {
    if (this.closed) throw new Error('the TopologyTestDriver is closed');
  }
}
