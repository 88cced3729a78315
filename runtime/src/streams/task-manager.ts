// The tasks one stream thread owns: created when assigned (restoring their stores from the
// changelogs first), closed when revoked.
import type { PartitionReader, StreamsAdmin } from '../kafka/client';
import type { Logger } from '../logger';
import { restoreTask } from './changelog-restore';
import { decodeOffsetMetadata, encodeOffsetMetadata } from './offset-metadata';
import type { ResolvedConfig } from './config';
import type { ReadOnlyWindowStore } from '../processor/window-store';
import type { ReadOnlySessionStore } from '../processor/session-store';
import type { EngineTask, EngineTaskOptions, ReadOnlyStore, RecordCollector, StreamsEngine } from './engine';
import type { NodeCounts } from '../processor/stream-task';
import { internalTopicName, taskKey, type PhysicalPlan } from './internal-topics';

export interface ManagedTask {
  key: string;
  subTopology: number;
  partition: number;
  task: EngineTask;
  /** Resolves once the task's stores are restored; processing waits on it. */
  ready: Promise<void>;
  /** Until `ready` resolves: its stores hold part of the changelog, so queries must not read them. */
  restoring: boolean;
  /** exactly_once_v2: per source topic, the stable committed offset (read after the restore) where
   *  processing must start; an entry goes once a batch fetched from there arrives. */
  startOffsets: Map<string, number>;
}

/** Kafka's InvalidStateStoreException: the store exists but cannot answer yet (a task holding it is
 *  still restoring from its changelog); callers retry, as with Kafka's interactive queries. */
export class InvalidStateStoreError extends Error {
  constructor(readonly storeName: string, readonly restoringTasks: readonly string[]) {
    super(`state store '${storeName}' cannot answer yet: task${restoringTasks.length === 1 ? '' : 's'} ${restoringTasks.join(', ')} still restoring it from the changelog; retry once the app is RUNNING`);
    this.name = 'InvalidStateStoreError';
  }
}

export class TaskManager {
  private readonly tasks = new Map<string, ManagedTask>();

  constructor(
    private readonly engine: StreamsEngine,
    private readonly plan: PhysicalPlan,
    private readonly config: ResolvedConfig,
    private readonly collector: RecordCollector,
    private readonly admin: StreamsAdmin,
    private readonly reader: PartitionReader,
    private readonly logger: Logger,
    private readonly metrics?: EngineTaskOptions['metrics'],
    /** Receives a closing task's node counters, so totals survive revocation. */
    private readonly retire: (counts: NodeCounts[]) => void = () => undefined,
    /** Awaited before a task restores (exactly_once_v2: the thread's own transaction must have ended,
     *  or the restore, read_committed to the log end, waits on it until the transaction timeout). */
    private readonly beforeRestore: () => Promise<void> = () => Promise.resolve(),
  ) {}

  /** Node counters of the tasks owned now. */
  nodeMetrics(): NodeCounts[] {
    const out: NodeCounts[] = [];
    for (const t of this.tasks.values()) if (t.task.nodeMetrics !== undefined) out.push(...t.task.nodeMetrics());
    return out;
  }

  private closeTask(t: ManagedTask): void {
    this.tasks.delete(t.key);
    if (t.task.nodeMetrics !== undefined) this.retire(t.task.nodeMetrics());
    t.task.close();
  }

  /** Task ids for an assignment of topic partitions. */
  tasksFor(assignment: Record<string, number[]>): string[] {
    const keys = new Set<string>();
    for (const [topic, partitions] of Object.entries(assignment)) {
      const sub = this.plan.topicToSubTopology.get(topic);
      if (sub === undefined) continue;
      for (const p of partitions) keys.add(taskKey(sub, p));
    }
    return [...keys].sort();
  }

  /** Makes the owned tasks exactly `keys`: closes the others, creates (and restores) new ones. */
  update(keys: readonly string[]): { created: string[]; closed: string[] } {
    const wanted = new Set(keys);
    const closed: string[] = [];
    for (const [key, t] of this.tasks) {
      if (wanted.has(key)) continue;
      this.closeTask(t);
      closed.push(key);
    }
    const created: string[] = [];
    for (const key of keys) {
      if (this.tasks.has(key)) continue;
      const [sub, partition] = key.split('_').map(Number);
      if (sub === undefined || partition === undefined) continue;
      this.tasks.set(key, this.create(sub, partition));
      created.push(key);
    }
    return { created, closed };
  }

  private create(subTopology: number, partition: number): ManagedTask {
    const c = this.config;
    const task = this.engine.createTask({
      applicationId: c.applicationId,
      subTopology,
      partition,
      collector: this.collector,
      internalTopicName: (name) => internalTopicName(c.applicationId, name),
      processingExceptionHandler: c.processingExceptionHandler,
      deserializationExceptionHandler: c.deserializationExceptionHandler,
      logger: this.logger,
      // What stream partitioners choose from: the internal topics' counts as planned (and created).
      partitionCount: (topic) => this.plan.internalTopics.find((t) => t.topic === topic)?.partitions,
      ...(c.stdout === undefined ? {} : { stdout: c.stdout }),
      ...(this.metrics === undefined ? {} : { metrics: this.metrics }),
    });
    const sub = this.plan.subTopologies.find((s) => s.id === subTopology);
    const stores = sub?.stores ?? [];
    const restored = stores.length === 0
      ? Promise.resolve()
      : this.beforeRestore().then(() => restoreTask(task, stores, partition, this.admin, this.reader, this.logger)).then(() => undefined);
    const startOffsets = new Map<string, number>();
    const eos = this.config.processingGuarantee === 'exactly_once_v2';
    // Windowed stores: the processor metadata committed with the offsets (emit-on-close's last emit
    // time). Under exactly_once_v2 the offsets are read stable after the restore (KIP-447): a
    // transaction of the previous owner still open then decides them together with the changelog
    // records the restore waited for, so the store and the start position match.
    const ready = eos || task.needsProcessorMetadata?.() === true
      ? restored.then(() => this.loadCommitted(task, sub?.sourceTopics ?? [], partition, eos ? startOffsets : undefined))
      : restored;
    const managed: ManagedTask = { key: taskKey(subTopology, partition), subTopology, partition, task, ready, restoring: true, startOffsets };
    ready.then(() => { managed.restoring = false; }, () => undefined);
    return managed;
  }

  private async loadCommitted(task: EngineTask, topics: readonly string[], partition: number, startOffsets: Map<string, number> | undefined): Promise<void> {
    if (topics.length === 0) return;
    const committed = await this.admin.groupOffsets(this.config.applicationId, topics, { requireStable: startOffsets !== undefined });
    for (const o of committed) {
      if (o.partition !== partition) continue;
      if (task.needsProcessorMetadata?.() === true) task.setProcessorMetadata?.(decodeOffsetMetadata(o.metadata).processorMetadata);
      if (startOffsets !== undefined && o.offset >= 0) startOffsets.set(o.topic, o.offset);
    }
  }

  /** Kafka's committed offset metadata for an input partition: its task's processor metadata. */
  offsetMetadata(topic: string, partition: number): string | undefined {
    const sub = this.plan.topicToSubTopology.get(topic);
    const task = sub === undefined ? undefined : this.tasks.get(taskKey(sub, partition))?.task;
    const m = task?.processorMetadata?.();
    return m === undefined || m.processorMetadata.size === 0 ? undefined : encodeOffsetMetadata({ partitionTime: m.partitionTime, processorMetadata: new Map(m.processorMetadata) });
  }

  get(subTopology: number, partition: number): ManagedTask | undefined {
    return this.tasks.get(taskKey(subTopology, partition));
  }

  all(): ManagedTask[] {
    return [...this.tasks.values()];
  }

  stores(name: string): ReadOnlyStore[] {
    const out: ReadOnlyStore[] = [];
    for (const t of this.tasks.values()) {
      if (t.restoring) continue;
      const s = t.task.store(name);
      if (s !== undefined) out.push(s);
    }
    return out;
  }

  windowStores(name: string): ReadOnlyWindowStore<unknown, unknown>[] {
    const out: ReadOnlyWindowStore<unknown, unknown>[] = [];
    for (const t of this.tasks.values()) {
      if (t.restoring) continue;
      const s = t.task.windowStore?.(name);
      if (s !== undefined) out.push(s);
    }
    return out;
  }

  sessionStores(name: string): ReadOnlySessionStore<unknown, unknown>[] {
    const out: ReadOnlySessionStore<unknown, unknown>[] = [];
    for (const t of this.tasks.values()) {
      if (t.restoring) continue;
      const s = t.task.sessionStore?.(name);
      if (s !== undefined) out.push(s);
    }
    return out;
  }

  /** Tasks still restoring that hold store `name` (of any kind): an interactive query that does
   *  not find its key in the restored ones cannot answer yet. */
  restoringWith(name: string): string[] {
    const out: string[] = [];
    for (const t of this.tasks.values()) {
      if (!t.restoring) continue;
      if (t.task.store(name) !== undefined || t.task.windowStore?.(name) !== undefined || t.task.sessionStore?.(name) !== undefined) out.push(t.key);
    }
    return out;
  }

  closeAll(): void {
    for (const t of [...this.tasks.values()]) this.closeTask(t);
  }
}
