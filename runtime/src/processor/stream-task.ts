// One task: one sub-topology on one partition. The test driver and KafkaStreams both run
// topologies through this class, so both get the same semantics.
import { performance } from 'node:perf_hooks';
import { SerdeError, StreamsProcessingError, messageOf } from '../errors';
import type { Logger } from '../logger';
import { Serdes, type Serde } from '../serdes';
import type { Topology } from '../topology';
import { InMemoryKeyValueStore, type ReadOnlyKeyValueStore, type TimestampedKeyValueStore } from './key-value-store';
import type { NodeDef, ProcessorDef } from './node-defs';
import type { OutgoingRecord, RawRecord, RecordCollector } from './raw-record';
import { attribute, type PunctuationType, type RuntimeNode, type TaskContext } from './runtime-node';
import { SinkNode } from './sink-node';
import type { GlobalStores } from './global-stores';
import { SourceNode } from './stateless-nodes';
import { defsOf, groupsOf, storesOfGroup } from './topology-internals';
import { InMemoryWindowStore } from './window-store';
import { InMemorySessionStore } from './session-store';
import { SuppressionBuffer } from './suppression-buffer';

export type ExceptionHandler = 'fail' | 'continue' | { deadLetterTopic: string };

export interface TaskMetricsSink {
  /** A record from `sourceTopic` went through the sub-topology without error. */
  recordProcessed?(sourceTopic: string): void;
  /** A record failed; `handled` when the exception handler let processing go on. */
  recordFailed(node: string, kind: 'processing' | 'deserialization', handled: boolean): void;
}

/** Cumulative counters of one node in one task (pulled with StreamTask.nodeMetrics()). */
export interface NodeCounts {
  node: string;
  /** Records the node received. */
  recordsIn: number;
  /** Records it forwarded (one per forward, whatever the number of children); sinks: records sent. */
  recordsOut: number;
  /** Errors that started in this node (deserialization errors count at the source). */
  errors: number;
  /** Process latency, inclusive of downstream nodes, over sampled records only. */
  latencyTotalMs: number;
  latencySamples: number;
}

/** Per-node latency is measured on one record in this many (the first, then every 16th): cheap. */
export const LATENCY_SAMPLE_EVERY = 16;

export interface TaskOptions {
  applicationId: string;
  subTopology: number;
  partition: number;
  collector: RecordCollector;
  /** Maps an unprefixed internal topic (`x-repartition`, `x-changelog`) to its real name. */
  internalTopicName(name: string): string;
  processingExceptionHandler: ExceptionHandler;
  deserializationExceptionHandler: ExceptionHandler;
  logger: Logger;
  metrics?: TaskMetricsSink;
  /** Wall-clock time the task starts at (for punctuation); default Date.now(). */
  wallClockMs?: number;
  /** The instance's global stores (GlobalKTable joins read them). */
  globalStores?: GlobalStores;
  /** Wall clock for wall-clock throttling; default: the last punctuate() time, else Date.now(). */
  clock?: () => number;
  /** Left/outer stream-stream joins look for closed windows at most this often (default 1000 ms). */
  emitIntervalMs?: number;
  /** Partition count of a topic the task writes (real name), for stream partitioners. */
  partitionCount?(topic: string): number | undefined;
  /** Where print(Printed.toSysOut()) writes (default process.stdout). */
  stdout?: (text: string) => void;
}

interface SourceEntry {
  node: RuntimeNode;
  keySerde: Serde<unknown>;
  valueSerde: Serde<unknown>;
}

interface Punctuation {
  node: string;
  type: PunctuationType;
  intervalMs: number;
  next: number;
  callback: (timestamp: number) => void;
  cancelled: boolean;
}

/** Header names on dead-lettered records (Kafka KIP-1034 names, plus the node). */
export const DLQ_HEADERS = {
  exception: '__streams.errors.exception',
  message: '__streams.errors.message',
  topic: '__streams.errors.topic',
  partition: '__streams.errors.partition',
  offset: '__streams.errors.offset',
  node: '__streams.errors.node',
} as const;

export class StreamTask {
  private readonly ctx: TaskContext;
  private readonly sources = new Map<string, SourceEntry>();
  private readonly nodes: RuntimeNode[] = [];
  private readonly stores = new Map<string, InMemoryKeyValueStore>();
  private readonly windowStores = new Map<string, InMemoryWindowStore>();
  private readonly sessionStores = new Map<string, InMemorySessionStore>();
  private readonly buffers = new Map<string, SuppressionBuffer>();
  /** Kafka's ProcessorMetadata: committed with the task's offsets, set again from them at restart. */
  private readonly metadata = new Map<string, number>();
  private metadataUsed = false;
  private readonly punctuations: Punctuation[] = [];
  private processed = 0;
  private wallClock: number;
  private closed = false;

  constructor(topology: Topology, private readonly options: TaskOptions) {
    const defs = defsOf(topology);
    const group = groupsOf(defs).find((g) => g.id === options.subTopology);
    if (group === undefined) throw new Error(`the topology has no sub-topology ${options.subTopology}`);
    this.wallClock = options.wallClockMs ?? Date.now();
    const stores = this.stores;
    const windowStores = this.windowStores;
    const sessionStores = this.sessionStores;
    const buffers = this.buffers;
    const metadata = this.metadata;
    const clock = options.clock ?? (() => Date.now());
    const punctuations = this.punctuations;
    const ctx: TaskContext = {
      topic: '',
      partition: options.partition,
      offset: -1,
      timestamp: 0,
      headers: {},
      applicationId: options.applicationId,
      collector: options.collector,
      streamTime: -Infinity,
      oldValue: undefined,
      sampling: false,
      internalTopicName: (name) => options.internalTopicName(name),
      store: (name) => {
        const s = stores.get(name);
        if (s === undefined) throw new Error(`${windowStores.has(name) ? 'key-value ' : ''}store ${name} is not in sub-topology ${options.subTopology}`);
        return s;
      },
      windowStore: (name) => {
        const s = windowStores.get(name);
        if (s === undefined) throw new Error(`window store ${name} is not in sub-topology ${options.subTopology}`);
        return s;
      },
      sessionStore: (name) => {
        const s = sessionStores.get(name);
        if (s === undefined) throw new Error(`session store ${name} is not in sub-topology ${options.subTopology}`);
        return s;
      },
      processorMetadataForKey: (key) => metadata.get(key),
      addProcessorMetadata: (key, value) => void metadata.set(key, value),
      useProcessorMetadata: () => void (this.metadataUsed = true),
      suppressionBuffer: (name) => {
        const s = buffers.get(name);
        if (s === undefined) throw new Error(`suppression buffer ${name} is not in sub-topology ${options.subTopology}`);
        return s;
      },
      wallClockMs: clock,
      emitIntervalMs: options.emitIntervalMs ?? 1000,
      partitionCount: (topic) => options.partitionCount?.(topic),
      stdout: options.stdout ?? ((text) => void process.stdout.write(text)),
      globalStore: (name) => {
        const s = options.globalStores?.store(name);
        if (s === undefined) throw new Error(`global store ${name} is not available to this task (the runner gave it no global stores)`);
        return s;
      },
      schedule: (node, type, intervalMs, callback) => {
        if (!(intervalMs > 0)) throw new RangeError(`punctuation interval must be positive, got ${intervalMs}`);
        if (type !== 'WALL_CLOCK_TIME' && type !== 'STREAM_TIME') throw new RangeError(`unknown punctuation type ${String(type)}`);
        // Kafka aligns stream-time punctuation to 0 and wall-clock punctuation to now.
        const p: Punctuation = { node, type, intervalMs, next: type === 'STREAM_TIME' ? 0 : this.wallClock + intervalMs, callback, cancelled: false };
        punctuations.push(p);
        return { cancel: () => void (p.cancelled = true) };
      },
    };
    this.ctx = ctx;
    for (const s of storesOfGroup(defs, group)) {
      const changelog = s.changelog
        ? { collector: options.collector, topic: options.internalTopicName(`${s.name}-changelog`), partition: options.partition, timestamp: () => ctx.timestamp }
        : undefined;
      const keySerde = s.keySerde ?? Serdes.String();
      const valueSerde = s.valueSerde ?? Serdes.String();
      if (s.suppressionBuffer === true) buffers.set(s.name, new SuppressionBuffer(s.name, keySerde, valueSerde, changelog));
      else if (s.session !== undefined) sessionStores.set(s.name, new InMemorySessionStore(s.name, keySerde, valueSerde, s.session.retentionMs, changelog));
      else if (s.window !== undefined) windowStores.set(s.name, new InMemoryWindowStore(s.name, keySerde, valueSerde, s.window, changelog));
      else stores.set(s.name, new InMemoryKeyValueStore(s.name, keySerde, valueSerde, changelog));
    }
    const byName = new Map<string, RuntimeNode>();
    for (const def of group.nodes) {
      const node = this.instantiate(def);
      byName.set(def.name, node);
      this.nodes.push(node);
    }
    // Children in creation order: the order records are forwarded in.
    for (const def of group.nodes) {
      const node = byName.get(def.name);
      for (const p of def.predecessors) {
        const parent = byName.get(p);
        if (parent !== undefined && node !== undefined) parent.children.push(node);
      }
    }
    for (const n of this.nodes) n.init();
  }

  private instantiate(def: NodeDef): RuntimeNode {
    const ctx = this.ctx;
    if (def.kind === 'source') {
      const node = new SourceNode(def.name, ctx);
      const entry = { node, keySerde: def.keySerde ?? Serdes.String(), valueSerde: def.valueSerde ?? Serdes.String() };
      for (const t of def.topics) this.sources.set(def.internal ? this.options.internalTopicName(t) : t, entry);
      return node;
    }
    if (def.kind === 'sink') {
      const topic = def.topic === undefined ? undefined : def.internal ? this.options.internalTopicName(def.topic) : def.topic;
      return new SinkNode(def.name, ctx, topic, def.extractor, def.keySerde ?? Serdes.String(), def.valueSerde ?? Serdes.String(), def.partitioner);
    }
    return (def as ProcessorDef).create(ctx);
  }

  /** Topics (real names) this task reads. */
  sourceTopics(): string[] {
    return [...this.sources.keys()];
  }

  /**
   * Synchronous. Deserializes with the source's serdes, runs the nodes, sends via the collector.
   * Under 'fail' throws (StreamsProcessingError or SerdeError naming topic, partition, offset);
   * 'continue' logs and goes on; a dead-letter topic gets the original record with error headers.
   */
  process(record: RawRecord): void {
    this.processOne(record);
    this.firePunctuations('STREAM_TIME', this.ctx.streamTime);
  }

  private processOne(record: RawRecord): void {
    const source = this.sources.get(record.topic);
    if (source === undefined) {
      throw new Error(`sub-topology ${this.options.subTopology} does not read topic ${record.topic} (reads: ${this.sourceTopics().join(', ')})`);
    }
    const ctx = this.ctx;
    ctx.topic = record.topic;
    ctx.partition = record.partition;
    ctx.offset = record.offset;
    ctx.timestamp = record.timestamp;
    ctx.headers = record.headers;
    if (record.timestamp > ctx.streamTime) ctx.streamTime = record.timestamp;
    let key: unknown = null;
    let value: unknown = null;
    let part: 'key' | 'value' = 'key';
    let serde = source.keySerde;
    try {
      if (record.key !== null) key = serde.deserialize(record.key);
      part = 'value';
      serde = source.valueSerde;
      if (record.value !== null) value = serde.deserialize(record.value);
    } catch (e) {
      const err = new SerdeError(record.topic, record.partition, record.offset, serde.name, part, 'deserialize', e);
      source.node.errors++;
      this.handle(err, source.node.name, record, this.options.deserializationExceptionHandler, 'deserialization');
      return;
    }
    const node = source.node;
    node.recordsIn++;
    const sampled = (this.processed++ & (LATENCY_SAMPLE_EVERY - 1)) === 0;
    ctx.sampling = sampled;
    const started = sampled ? performance.now() : 0;
    try {
      node.forward(key, value);
    } catch (e) {
      const err = node.failed(e);
      this.handle(err, err instanceof StreamsProcessingError ? err.node : node.name, record, this.options.processingExceptionHandler, 'processing');
      return;
    } finally {
      ctx.sampling = false;
    }
    if (sampled) {
      node.latencyTotalMs += performance.now() - started;
      node.latencySamples++;
    }
    this.options.metrics?.recordProcessed?.(record.topic);
  }

  private handle(err: Error, node: string, record: RawRecord, handler: ExceptionHandler, kind: 'processing' | 'deserialization'): void {
    this.options.metrics?.recordFailed(node, kind, handler !== 'fail');
    if (handler === 'fail') throw err;
    const fields = { topic: record.topic, partition: record.partition, offset: record.offset, node, error: err.message };
    if (handler === 'continue') {
      this.options.logger.warn(`skipped a record after a ${kind} error`, fields);
      return;
    }
    const dead: OutgoingRecord = {
      topic: handler.deadLetterTopic,
      key: record.key,
      value: record.value,
      headers: {
        ...record.headers,
        [DLQ_HEADERS.exception]: Buffer.from(err.name),
        [DLQ_HEADERS.message]: Buffer.from(messageOf(err)),
        [DLQ_HEADERS.topic]: Buffer.from(record.topic),
        [DLQ_HEADERS.partition]: Buffer.from(String(record.partition)),
        [DLQ_HEADERS.offset]: Buffer.from(String(record.offset)),
        [DLQ_HEADERS.node]: Buffer.from(node),
      },
      timestamp: record.timestamp,
    };
    this.options.collector.send(dead);
    this.options.logger.warn(`sent a record to dead-letter topic ${handler.deadLetterTopic} after a ${kind} error`, fields);
  }

  /** Advances wall-clock punctuation (windows are driven by stream time inside process()). */
  punctuate(wallClockMs: number): void {
    if (wallClockMs < this.wallClock) return;
    this.wallClock = wallClockMs;
    this.firePunctuations('WALL_CLOCK_TIME', wallClockMs);
  }

  /** Like Kafka's PunctuationQueue: one call per due schedule, then it realigns past `now`. */
  private firePunctuations(type: PunctuationType, now: number): void {
    if (this.punctuations.length === 0) return;
    const ctx = this.ctx;
    for (const p of this.punctuations) {
      if (p.cancelled || p.type !== type || p.next > now) continue;
      ctx.topic = '';
      ctx.offset = -1;
      ctx.timestamp = now;
      ctx.headers = {};
      try {
        p.callback(now);
      } catch (e) {
        const err = this.nodeNamed(p.node)?.failed(e) ?? attribute(e, ctx, p.node);
        this.options.metrics?.recordFailed(p.node, 'processing', this.options.processingExceptionHandler !== 'fail');
        if (this.options.processingExceptionHandler === 'fail') throw err;
        this.options.logger.warn(`a ${type} punctuation failed`, { node: p.node, error: err.message });
      }
      p.next = p.next + (Math.floor((now - p.next) / p.intervalMs) + 1) * p.intervalMs;
    }
  }

  /** Per node, in topology order: cumulative counts since the task was created. */
  nodeMetrics(): NodeCounts[] {
    return this.nodes.map((n) => ({
      node: n.name, recordsIn: n.recordsIn, recordsOut: n.recordsOut, errors: n.errors,
      latencyTotalMs: n.latencyTotalMs, latencySamples: n.latencySamples,
    }));
  }

  private nodeNamed(name: string): RuntimeNode | undefined {
    return this.nodes.find((n) => n.name === name);
  }

  /** Changelog restore: apply a changelog record to a store without emitting anything. */
  restore(storeName: string, key: Buffer, value: Buffer | null, timestamp?: number): void {
    const buffer = this.buffers.get(storeName);
    if (buffer !== undefined) return buffer.restore(key, value);
    const s = this.stores.get(storeName) ?? this.windowStores.get(storeName) ?? this.sessionStores.get(storeName);
    if (s === undefined) throw new Error(`store ${storeName} is not in sub-topology ${this.options.subTopology}`);
    s.restore(key, value, timestamp);
  }

  /** The processor metadata to commit with this task's offsets, and its stream time (Kafka's partition time). */
  processorMetadata(): { partitionTime: number; processorMetadata: ReadonlyMap<string, number> } {
    return { partitionTime: this.ctx.streamTime, processorMetadata: this.metadata };
  }

  /** True when a node keeps processor metadata (emit-on-window-close aggregations). */
  needsProcessorMetadata(): boolean {
    return this.metadataUsed;
  }

  /** Restart: the metadata committed last time (before any record is processed). */
  setProcessorMetadata(values: ReadonlyMap<string, number>): void {
    for (const [k, v] of values) if (!this.metadata.has(k) || (this.metadata.get(k) as number) < v) this.metadata.set(k, v);
  }

  /** A suppress() buffer of this task (not queryable, as in Kafka). */
  suppressionBuffer(name: string): SuppressionBuffer | undefined {
    return this.buffers.get(name);
  }

  /** A session store of this task (session-windowed aggregations). */
  sessionStore(name: string): InMemorySessionStore | undefined {
    return this.sessionStores.get(name);
  }

  /** A window store of this task (stream-stream join stores, windowed aggregations). */
  windowStore(name: string): InMemoryWindowStore | undefined {
    return this.windowStores.get(name);
  }

  store(name: string): ReadOnlyKeyValueStore<unknown, unknown> | undefined {
    return this.stores.get(name);
  }

  timestampedStore(name: string): TimestampedKeyValueStore<unknown, unknown> | undefined {
    return this.stores.get(name);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const n of this.nodes) n.close();
  }
}
