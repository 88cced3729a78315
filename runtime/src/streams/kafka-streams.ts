// KafkaStreams (SPEC section 2): runs a topology against a Kafka cluster with numStreamThreads
// group members, the Kafka Streams state machine, at-least-once commits and exception handlers.
import { EventEmitter } from 'node:events';
import { createKafkajsClient } from '../kafka/kafkajs-adapter';
import { ProducerFencedError, type KafkaClient, type KafkaClientFactory, type StreamsAdmin, type StreamsProducer } from '../kafka/client';
import type { MetricsSnapshot, StreamsEvent } from '../model/streams-events';
import { resolveStreamsConfig, type ResolvedConfig, type StreamsConfig } from './config';
import { startEmbeddedCluster, type EmbeddedCluster } from './embedded-cluster';
import { engineOf, type ReadOnlyStore, type StreamsEngine } from './engine';
import type { ReadOnlyWindowStore } from '../processor/window-store';
import type { ReadOnlySessionStore } from '../processor/session-store';
import type { Serde, Windowed } from '../serdes';
import type { Topology } from '../topology';
import { externalSourceTopics, resolvePlan, type PhysicalPlan } from './internal-topics';
import { eventLine, StreamsMetrics } from './metrics';
import { StateMachine, type StateListener, type StreamsState } from './state-machine';
import { GlobalUpdater } from './global-updater';
import { StreamThread } from './stream-thread';
import { InvalidStateStoreError } from './task-manager';
import { acquireProcessId, appStateDir, readProcessId, type ProcessIdentity } from './process-metadata';
import { randomUUID } from 'node:crypto';

export type UncaughtExceptionResponse = 'REPLACE_THREAD' | 'SHUTDOWN_CLIENT';
export type UncaughtExceptionHandler = (error: Error) => UncaughtExceptionResponse;

export type RunnableTopology = Topology | StreamsEngine;

export interface KafkaStreamsInternals {
  /** Replaces the Kafka client (another client than kafkajs, or instrumented tests). */
  clientFactory?: KafkaClientFactory;
}

export class KafkaStreams {
  private resolved: ResolvedConfig;
  /** Emits 'event' with a StreamsEvent (state, assignment, metrics, error). */
  readonly events: EventEmitter = new EventEmitter();
  private readonly engine: StreamsEngine;
  private readonly machine = new StateMachine();
  private metricsState: StreamsMetrics;
  /** Set while this instance holds its state directory (no instanceId configured). */
  private identity: ProcessIdentity | undefined;
  private uncaughtHandler: UncaughtExceptionHandler = () => 'SHUTDOWN_CLIENT';
  private threads: StreamThread[] = [];
  private client: KafkaClient | undefined;
  private admin: StreamsAdmin | undefined;
  private producer: StreamsProducer | undefined;
  private embedded: EmbeddedCluster | undefined;
  private plan: PhysicalPlan | undefined;
  private metricsTimer: NodeJS.Timeout | undefined;
  private global: GlobalUpdater | undefined;
  private closing: Promise<boolean> | undefined;
  private readonly clientFactory: KafkaClientFactory;

  constructor(readonly topology: RunnableTopology, private readonly rawConfig: StreamsConfig, private readonly internals: KafkaStreamsInternals = {}) {
    this.resolved = resolveStreamsConfig(rawConfig);
    if (rawConfig.instanceId === undefined) {
      // Until start() locks the state directory: the id persisted there, or the one start() will persist.
      this.resolved = { ...this.resolved, instanceId: readProcessId(this.stateDirectory()) ?? randomUUID() };
    }
    this.engine = engineOf(topology);
    this.engine.plan();
    this.clientFactory = internals.clientFactory ?? createKafkajsClient;
    this.metricsState = new StreamsMetrics(this.config.applicationId, this.config.instanceId);
    this.machine.onChange((state, previous) => {
      this.metricsState.state = state;
      this.emit({ type: 'state', time: Date.now(), applicationId: this.config.applicationId, instance: this.config.instanceId, state, previous });
    });
  }

  get config(): ResolvedConfig {
    return this.resolved;
  }

  private stateDirectory(): string {
    return appStateDir(this.resolved.stateDir, this.resolved.applicationId);
  }

  /** No instanceId configured: lock the state directory and take (or persist) its process id. */
  private claimProcessId(): void {
    if (this.rawConfig.instanceId !== undefined) return;
    this.identity = acquireProcessId(this.stateDirectory(), this.resolved.instanceId);
    const id = this.identity.processId;
    if (id === this.resolved.instanceId) return;
    this.resolved = { ...this.resolved, instanceId: id };
    this.metricsState = new StreamsMetrics(this.resolved.applicationId, id);
  }

  /** A new, unstarted app with the same topology and config plus `overrides` (the CLI's
   *  --brokers and --instances use it). */
  derive(overrides: Partial<StreamsConfig>): KafkaStreams {
    const derived = new KafkaStreams(this.topology, { ...this.rawConfig, ...overrides }, this.internals);
    derived.uncaughtHandler = this.uncaughtHandler;
    return derived;
  }

  /** The topology in Kafka Streams' describe() format. */
  describe(): string {
    return this.engine.describe?.() ?? JSON.stringify(this.engine.plan(), null, 2);
  }

  get state(): StreamsState {
    return this.machine.state;
  }

  /** The brokers in use (the embedded dev cluster's once started without bootstrapServers). */
  get bootstrapServers(): string[] | undefined {
    return this.embedded?.bootstrapServers ?? this.config.bootstrapServers;
  }

  onStateChange(listener: StateListener): () => void {
    return this.machine.onChange(listener);
  }

  setUncaughtExceptionHandler(handler: UncaughtExceptionHandler): void {
    if (this.state !== 'CREATED') throw new Error('setUncaughtExceptionHandler must be called before start()');
    this.uncaughtHandler = handler;
  }

  metrics(): MetricsSnapshot {
    return this.metricsState.snapshot(false);
  }

  private emit(event: StreamsEvent): void {
    this.events.emit('event', event);
    const sink = this.config.metricsSink;
    if (sink !== undefined) {
      try {
        sink(eventLine(event));
      } catch (error) {
        this.config.logger.warn('metrics sink failed', { error: String(error) });
      }
    }
  }

  async start(): Promise<void> {
    if (this.state !== 'CREATED') throw new Error(`KafkaStreams.start() called in state ${this.state}; an app starts once`);
    this.claimProcessId();
    const c = this.config;
    this.machine.transition('REBALANCING');
    c.logger.info(`starting ${c.applicationId} (${c.instanceId}) with ${c.numStreamThreads} stream thread(s)`);
    try {
      let brokers = c.bootstrapServers;
      if (brokers === undefined) {
        this.embedded = await startEmbeddedCluster(c.logger);
        brokers = this.embedded.bootstrapServers;
      }
      // Kafka Streams' default client.id: `<application.id>-<process id>` (lag tools group by it).
      const clientId = this.rawConfig.instanceId === undefined ? `${c.applicationId}-${c.instanceId}` : c.instanceId;
      const client = this.clientFactory({ brokers, clientId, logger: c.logger });
      this.client = client;
      const admin = client.admin();
      this.admin = admin;
      await admin.connect();
      const plans = this.engine.plan();
      const globalStores = this.engine.globalStores;
      const sources = [...externalSourceTopics(plans), ...(globalStores?.topics() ?? [])];
      let counts = await admin.partitionCounts(sources);
      const missing = sources.filter((t) => !counts.has(t));
      if (missing.length > 0 && this.embedded !== undefined) {
        // Local runs: create missing source topics instead of failing.
        await admin.createTopics(missing.map((topic) => ({ topic, partitions: 1 })));
        counts = await admin.partitionCounts(sources);
      }
      const plan = resolvePlan(c.applicationId, plans, counts, this.engine.copartitionGroups?.() ?? []);
      this.plan = plan;
      await this.createInternalTopics(admin, plan);
      // Under exactly_once_v2 every write goes through a thread's transactional producer: an
      // app-level producer would only cost one more InitProducerId and connection.
      if (c.processingGuarantee === 'at_least_once') {
        this.producer = client.producer({ idempotent: true });
        await this.producer.connect();
      }
      if (globalStores !== undefined) {
        // As Kafka: global stores are restored before any stream thread processes a record.
        this.global = new GlobalUpdater(globalStores, admin, client.reader(`${c.applicationId}-global`), c.logger);
        await this.global.restore();
        this.global.follow(Math.min(c.commitIntervalMs, 500));
      }
      for (let i = 1; i <= c.numStreamThreads; i++) this.threads.push(this.newThread(i));
      await Promise.all(this.threads.map((t) => t.start()));
      this.metricsTimer = setInterval(() => this.emit({ type: 'metrics', time: Date.now(), metrics: this.metricsState.snapshot() }), c.metricsIntervalMs);
    } catch (error) {
      c.logger.error(`KafkaStreams ${c.applicationId} failed to start: ${error instanceof Error ? error.message : String(error)}`);
      await this.close();
      throw error;
    }
  }

  private async createInternalTopics(admin: StreamsAdmin, plan: PhysicalPlan): Promise<void> {
    if (plan.internalTopics.length === 0) return;
    const existing = await admin.partitionCounts(plan.internalTopics.map((t) => t.topic));
    const toCreate = plan.internalTopics.filter((t) => !existing.has(t.topic));
    for (const t of plan.internalTopics) {
      const n = existing.get(t.topic);
      if (n !== undefined && n !== t.partitions) {
        this.config.logger.warn(`internal topic ${t.topic} has ${n} partitions, expected ${t.partitions}`);
      }
    }
    try {
      await admin.createTopics(toCreate.map((t) => ({ ...t, replicationFactor: this.config.replicationFactor })));
    } catch (error) {
      // Brokers without CreateTopics (auto-creating ones) still work; say so once.
      this.config.logger.warn(`could not create internal topics ${toCreate.map((t) => t.topic).join(', ')}: ${String(error)}`);
    }
  }

  private newThread(index: number): StreamThread {
    const { client, admin, producer, plan } = this;
    if (client === undefined || admin === undefined || plan === undefined) throw new Error('KafkaStreams is not started');
    return new StreamThread(index, {
      client, admin, producer, plan,
      config: this.config,
      engine: this.engine,
      metrics: this.metricsState,
      emit: (e) => this.emit(e),
      onAssigned: () => {
        if (this.threads.every((t) => t.hasAssignment)) this.machine.tryTransition('RUNNING');
      },
      onRebalancing: () => { this.machine.tryTransition('REBALANCING'); },
      onFailure: (thread, error) => void this.handleThreadFailure(thread, error),
    });
  }

  private async handleThreadFailure(thread: StreamThread, error: Error): Promise<void> {
    const c = this.config;
    this.emit({ type: 'error', time: Date.now(), applicationId: c.applicationId, instance: c.instanceId, thread: thread.name, message: error.message, ...errorPlace(error) });
    if (this.closing !== undefined) return;
    let response: UncaughtExceptionResponse = 'SHUTDOWN_CLIENT';
    if (error instanceof ProducerFencedError) {
      // Another process runs as this instance (same instance id): it owns the transactional ids
      // now, and a replaced thread would only fence it back. This one stops.
      c.logger.error(`${thread.name} was fenced by another process with instance id ${c.instanceId}; shutting down`);
    } else {
      try {
        response = this.uncaughtHandler(error);
      } catch (handlerError) {
        c.logger.error(`uncaught exception handler threw: ${String(handlerError)}`);
      }
    }
    if (response === 'REPLACE_THREAD') {
      c.logger.warn(`replacing ${thread.name} after: ${error.message}`);
      await thread.close();
      if (this.closing !== undefined) return;
      const replacement = this.newThread(thread.index);
      this.threads = this.threads.map((t) => (t === thread ? replacement : t));
      await replacement.start().catch((e: unknown) => this.handleThreadFailure(replacement, e instanceof Error ? e : new Error(String(e))));
      return;
    }
    c.logger.error(`shutting down ${c.applicationId} after: ${error.message}`);
    this.machine.tryTransition('PENDING_ERROR');
    await this.shutdown();
    this.machine.tryTransition('ERROR');
  }

  /**
   * Kafka's cleanUp(): wipes this instance's local state for the application id, allowed only before
   * start() or after close (otherwise throws, as Kafka's IllegalStateException). This runtime keeps
   * state stores in memory and restores them from their changelogs, so there is no state directory:
   * what remains is dropping the stores a closed instance still holds. After `streamwise reset`
   * (which deletes the changelogs) the next start begins with empty stores.
   */
  cleanUp(): void {
    const state = this.state;
    if (state !== 'CREATED' && state !== 'NOT_RUNNING' && state !== 'ERROR') {
      throw new Error(`KafkaStreams.cleanUp() may only be called before start() or after close(); the application is ${state}`);
    }
    this.threads = [];
  }

  /** Graceful close; resolves true when everything closed within timeoutMs. */
  close(options: { timeoutMs?: number } = {}): Promise<boolean> {
    if (this.closing === undefined) {
      this.machine.tryTransition('PENDING_SHUTDOWN');
      this.closing = this.shutdown().then(() => {
        this.machine.tryTransition('NOT_RUNNING');
        return true;
      });
    }
    const timeoutMs = options.timeoutMs;
    if (timeoutMs === undefined) return this.closing;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), timeoutMs); });
    return Promise.race([this.closing, timeout]).finally(() => clearTimeout(timer));
  }

  private async shutdown(): Promise<void> {
    if (this.metricsTimer !== undefined) clearInterval(this.metricsTimer);
    this.metricsTimer = undefined;
    const threads = this.threads;
    this.threads = [];
    await Promise.all(threads.map((t) => t.close().catch((e: unknown) => this.config.logger.warn(`closing ${t.name}: ${String(e)}`))));
    await this.global?.close().catch((e: unknown) => this.config.logger.warn(`closing the global store reader: ${String(e)}`));
    this.global = undefined;
    this.emit({ type: 'metrics', time: Date.now(), metrics: this.metricsState.snapshot() });
    await this.producer?.disconnect().catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
    this.producer = undefined;
    this.admin = undefined;
    const embedded = this.embedded;
    this.embedded = undefined;
    await embedded?.close();
    this.identity?.release();
    this.identity = undefined;
  }

  /** Interactive query: a read-only view of this instance's local state for store `name`
   *  (null for keys this instance does not hold, as Kafka's ReadOnlyKeyValueStore). */
  store<K = unknown, V = unknown>(name: string): {
    get(key: K): V | null;
    all(): [K, V][];
    /** Keys in [from, to] by serialized bytes, from every local task (each task's in order). */
    range(from: K | null, to: K | null): [K, V][];
    prefixScan<P>(prefix: P, prefixSerde?: Serde<P>): [K, V][];
  } {
    const global = this.engine.globalStores?.store(name);
    const views = (): ReadOnlyStore[] => (global !== undefined ? [global] : this.threads.flatMap((t) => t.taskManager.stores(name)));
    const whole = <T>(read: () => T): T => {
      if (global === undefined) this.refuseWhileRestoring(name);
      return read();
    };
    return {
      get: (key) => {
        for (const s of views()) {
          const v = s.get(key);
          if (v !== undefined && v !== null) return v as V;
        }
        if (global === undefined) this.refuseWhileRestoring(name);
        return null;
      },
      all: () => whole(() => views().flatMap((s) => [...s.all()] as [K, V][])),
      range: (from, to) => whole(() => views().flatMap((s) => (s.range?.(from, to) ?? []) as [K, V][])),
      prefixScan: (prefix, prefixSerde) => whole(() => views().flatMap((s) => (s.prefixScan?.(prefix, prefixSerde as Serde<unknown> | undefined) ?? []) as [K, V][])),
    };
  }

  /** A query that would read a store some local task is still restoring could answer null or an
   *  old value: refuse it as Kafka does (InvalidStateStoreException) until the restore ends. */
  private refuseWhileRestoring(name: string): void {
    const restoring = this.threads.flatMap((t) => t.taskManager.restoringWith(name));
    if (restoring.length > 0) throw new InvalidStateStoreError(name, restoring);
  }

  /** Interactive query of a session store (session-windowed aggregations) over this instance's tasks. */
  sessionStore<K = unknown, V = unknown>(name: string): ReadOnlySessionStore<K, V> {
    const views = (): ReadOnlySessionStore<K, V>[] => {
      this.refuseWhileRestoring(name);
      return this.threads.flatMap((t) => t.taskManager.sessionStores(name)) as ReadOnlySessionStore<K, V>[];
    };
    const byEnd = (a: [Windowed<K>, V], b: [Windowed<K>, V]): number => a[0].window.end - b[0].window.end;
    return {
      name,
      fetch: (key) => views().flatMap((s) => s.fetch(key)).sort(byEnd),
      fetchRange: (from, to) => views().flatMap((s) => s.fetchRange(from, to)).sort(byEnd),
      findSessions: (key, earliestEnd, latestStart) => views().flatMap((s) => s.findSessions(key, earliestEnd, latestStart)).sort(byEnd),
      fetchSession: (key, start, end) => {
        for (const s of views()) {
          const v = s.fetchSession(key, start, end);
          if (v !== null) return v;
        }
        return null;
      },
    };
  }

  /** Interactive query of a window store (windowed aggregations, join stores) over this
   *  instance's tasks, as Kafka's ReadOnlyWindowStore: fetch(key, from, to) by window start. */
  windowStore<K = unknown, V = unknown>(name: string): ReadOnlyWindowStore<K, V> {
    const views = (): ReadOnlyWindowStore<K, V>[] => {
      this.refuseWhileRestoring(name);
      return this.threads.flatMap((t) => t.taskManager.windowStores(name)) as ReadOnlyWindowStore<K, V>[];
    };
    const byStart = (a: [Windowed<K>, V], b: [Windowed<K>, V]): number => a[0].window.start - b[0].window.start;
    function fetch(key: K, windowStart: number): V | null;
    function fetch(key: K, timeFrom: number, timeTo: number): [number, V][];
    function fetch(key: K, timeFrom: number, timeTo?: number): V | null | [number, V][] {
      if (timeTo === undefined) {
        for (const s of views()) {
          const v = s.fetch(key, timeFrom);
          if (v !== null) return v;
        }
        return null;
      }
      return views().flatMap((s) => s.fetch(key, timeFrom, timeTo)).sort((a, b) => a[0] - b[0]);
    }
    return {
      name,
      fetch,
      fetchRange: (keyFrom, keyTo, timeFrom, timeTo) => views().flatMap((s) => s.fetchRange(keyFrom, keyTo, timeFrom, timeTo)).sort(byStart),
      fetchAll: (timeFrom, timeTo) => views().flatMap((s) => s.fetchAll(timeFrom, timeTo)).sort(byStart),
      all: () => views().flatMap((s) => s.all()).sort(byStart),
    };
  }
}

function errorPlace(error: Error): { topic?: string; partition?: number; offset?: number; node?: string } {
  const e = error as Error & { topic?: unknown; partition?: unknown; offset?: unknown; node?: unknown };
  const out: { topic?: string; partition?: number; offset?: number; node?: string } = {};
  if (typeof e.topic === 'string') out.topic = e.topic;
  if (typeof e.partition === 'number') out.partition = e.partition;
  if (typeof e.offset === 'number') out.offset = e.offset;
  if (typeof e.node === 'string') out.node = e.node;
  return out;
}
