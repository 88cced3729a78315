// One stream thread: one group member (its own consumer) processing the tasks assigned to it.
// Processing is synchronous per batch; produced records are sent while the next batch runs, and
// offsets are committed every commitIntervalMs, on revocation and on close, after their acks.
// exactly_once_v2 (Kafka Streams' EOS v2): the thread's own transactional producer carries output,
// changelog writes and the consumed offsets in one transaction per commit; processing holds still
// while a transaction commits; an abort rebuilds the tasks from their changelogs (read_committed,
// to the log end offset: ./changelog-restore.ts) and rewinds to the committed offsets.
import { ProducerFencedError, type FetchedBatch, type BatchContext, type GroupConsumer, type GroupMetadata, type KafkaClient, type PartitionReader, type StreamsAdmin, type StreamsProducer, type TransactionalProducer } from '../kafka/client';
import type { StreamsEvent } from '../model/streams-events';
import { taskAssignor } from './assignor';
import { CommitTracker, tpKey } from './commit-tracker';
import type { ResolvedConfig } from './config';
import type { StreamsEngine } from './engine';
import type { PhysicalPlan } from './internal-topics';
import type { StreamsMetrics } from './metrics';
import { TaskManager } from './task-manager';

export interface ThreadContext {
  client: KafkaClient;
  admin: StreamsAdmin;
  /** The app's shared producer under at_least_once; absent under exactly_once_v2 (each thread has its own). */
  producer: StreamsProducer | undefined;
  config: ResolvedConfig;
  engine: StreamsEngine;
  plan: PhysicalPlan;
  metrics: StreamsMetrics;
  emit(event: StreamsEvent): void;
  onAssigned(thread: StreamThread): void;
  onRebalancing(thread: StreamThread): void;
  onFailure(thread: StreamThread, error: Error): void;
}

// Processing pauses while more than this many batches of output wait behind the send in flight.
const MAX_BUFFERED_BATCHES = 4;
const PUNCTUATE_MS = 1000;
const PARTITIONS_IN_PARALLEL = 4;
// Kafka Streams' transaction.timeout.ms under EOS: a crashed thread's open transaction is aborted
// by the coordinator after this long (a restart with the same instance id aborts it at once).
const TRANSACTION_TIMEOUT_MS = 10000;

/** The transactional id of a stream thread: stable for the same application id, instance id and thread. */
export function transactionalIdOf(applicationId: string, instanceId: string, threadIndex: number): string {
  return `${applicationId}-${instanceId}-${threadIndex}`;
}

export class StreamThread {
  readonly name: string;
  private consumer: GroupConsumer | undefined;
  private readonly tracker: CommitTracker;
  private readonly tasks: TaskManager;
  private readonly reader: PartitionReader;
  private failed = false;
  private stopping = false;
  private assigned = false;
  /** Bumped by every assignment and revocation: a restore that ends after a newer one is ignored. */
  private assignmentGeneration = 0;
  private lastCommit = Date.now();
  private committing: Promise<void> = Promise.resolve();
  private timers: NodeJS.Timeout[] = [];
  private readonly removeNodeSource: () => void;
  /** exactly_once_v2 only: this thread's transactional producer. */
  private readonly tx: TransactionalProducer | undefined;
  /** Set while a transaction commits or aborts: processing and punctuation wait for it. */
  private gate: Promise<void> | undefined;
  /** A rebalance started: nothing is processed until the next assignment. */
  private revoking = false;
  /** An abort left the tasks with effects of aborted records: rebuild them at the next assignment. */
  private dirty = false;
  private group: GroupMetadata;
  private owned: { topic: string; partition: number }[] = [];
  /** The group member id of the last assignment. */
  private memberId = '';

  constructor(readonly index: number, private readonly ctx: ThreadContext) {
    const c = ctx.config;
    this.name = `${c.instanceId}-StreamThread-${index}`;
    this.group = { groupId: c.applicationId, memberId: '', generationId: -1 };
    let producer: StreamsProducer;
    if (c.processingGuarantee === 'exactly_once_v2') {
      const tx = ctx.client.transactionalProducer({ transactionalId: transactionalIdOf(c.applicationId, c.instanceId, index), transactionTimeoutMs: TRANSACTION_TIMEOUT_MS });
      this.tx = tx;
      producer = { connect: () => tx.connect(), send: (records) => tx.send(records), disconnect: () => tx.disconnect() };
    } else if (ctx.producer === undefined) {
      throw new Error(`${this.name}: at_least_once needs the app's producer`);
    } else {
      producer = ctx.producer;
    }
    this.tracker = new CommitTracker({ producer, productionExceptionHandler: c.productionExceptionHandler, logger: c.logger, metrics: ctx.metrics });
    this.reader = ctx.client.reader(c.applicationId);
    const m = ctx.metrics;
    this.tasks = new TaskManager(ctx.engine, ctx.plan, c, this.tracker, ctx.admin, this.reader, c.logger, {
      recordFailed: (_node, kind, handled) => {
        if (!handled) return;
        const handler = kind === 'processing' ? c.processingExceptionHandler : c.deserializationExceptionHandler;
        if (typeof handler === 'object') m.deadLettered += 1;
        else m.skipped[kind] += 1;
      },
    }, (counts) => m.retire(counts), this.tx === undefined ? undefined : () => this.committing.catch(() => undefined));
    this.removeNodeSource = m.addNodeSource(() => this.tasks.nodeMetrics());
    this.tracker.offsetMetadata = (topic, partition) => this.tasks.offsetMetadata(topic, partition);
  }

  get hasAssignment(): boolean {
    return this.assigned;
  }

  get taskManager(): TaskManager {
    return this.tasks;
  }

  async start(): Promise<void> {
    const c = this.ctx.config;
    // Before joining: fences a zombie with this transactional id and aborts what it left open, so
    // the committed offsets this member starts from are final.
    if (this.tx !== undefined) await this.tx.connect();
    const consumer = this.ctx.client.consumer({
      groupId: c.applicationId,
      topics: this.ctx.plan.subTopologies.flatMap((s) => s.sourceTopics),
      assignor: taskAssignor(() => this.ctx.plan.subTopologies, () => ({ instance: c.instanceId, thread: this.index, tasks: this.tasks.all().map((t) => t.key) })),
      fromBeginning: c.autoOffsetReset === 'earliest',
      sessionTimeoutMs: c.sessionTimeoutMs,
      // Tasks are independent: while one partition's batch waits on acks, another's is processed.
      partitionsConsumedConcurrently: PARTITIONS_IN_PARALLEL,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.run((batch, context) => this.onBatch(batch, context), {
      onAssigned: (assignment, generation) => this.onAssigned(assignment, generation.memberId),
      onRebalancing: () => {
        this.assigned = false;
        this.assignmentGeneration++;
        this.ctx.onRebalancing(this);
        if (this.tx === undefined) return void this.commit('rebalance');
        // onRevoke normally committed already; a transaction still open now may race the rejoin.
        this.revoking = true;
        if (this.tx.inTransaction) void this.abort('a rebalance started outside a batch');
      },
      ...(this.tx === undefined ? {} : {
        onRevoke: async (lost: boolean) => {
          this.revoking = true;
          if (lost) return this.abort('the group coordinator dropped this member');
          await this.commit('revoke');
        },
      }),
      onCrash: (error, willRestart) => {
        if (!willRestart) return this.fail(error);
        // The client rejoins by itself; uncommitted records are reprocessed (at least once).
        this.ctx.config.logger.warn(`${this.name}: consumer restarting after: ${error.message}`);
      },
    });
    this.timers.push(
      setInterval(() => void this.commitIfDue(), Math.min(1000, c.commitIntervalMs)),
      setInterval(() => this.punctuate(), PUNCTUATE_MS),
    );
  }

  private onAssigned(assignment: Record<string, number[]>, memberId: string): void {
    if (this.tx?.inTransaction === true) {
      // The member rejoined before its transaction of the previous generation ended (the group
      // coordinator would refuse its offsets now): abort it; restores wait for that (beforeRestore).
      void this.abort('a transaction of the previous generation was still open at the new assignment');
    }
    const c = this.ctx.config;
    const keys = this.tasks.tasksFor(assignment);
    const owned = new Set(Object.entries(assignment).flatMap(([t, ps]) => ps.map((p) => tpKey(t, p))));
    this.tracker.retainOnly(owned);
    this.owned = Object.entries(assignment).flatMap(([topic, ps]) => ps.map((partition) => ({ topic, partition })));
    // A new member id: the old membership ended (the coordinator dropped it, or the client restarted
    // and rejoined), and other members may have owned and advanced these tasks meanwhile. As Kafka
    // closes lost tasks dirty, their stores are rebuilt from the changelogs (a task kept across
    // rebalances of one membership keeps its store).
    const rejoined = this.memberId !== '' && memberId !== this.memberId;
    this.memberId = memberId;
    if (this.dirty || rejoined) {
      // The consumer starts from the committed offsets after a rejoin; the stores must match them.
      if (rejoined && this.tasks.all().length > 0) c.logger.info(`${this.name} rejoined as a new member: its tasks restore from their changelogs`);
      this.tasks.closeAll();
      this.dirty = false;
    }
    this.revoking = false;
    const { created, closed } = this.tasks.update(keys);
    const generation = ++this.assignmentGeneration;
    const partitions = Object.entries(assignment).flatMap(([topic, ps]) => ps.map((partition) => ({ topic, partition })));
    this.ctx.metrics.setAssignment({ instance: c.instanceId, thread: this.name, tasks: keys, partitions });
    this.ctx.emit({ type: 'assignment', time: Date.now(), applicationId: c.applicationId, instance: c.instanceId, thread: this.name, tasks: keys, partitions });
    c.logger.info(`${this.name} assigned tasks [${keys.join(', ')}]`, { created, closed });
    for (const t of this.tasks.all()) t.ready.catch((error: unknown) => this.fail(error instanceof Error ? error : new Error(String(error))));
    // Kafka's PARTITIONS_ASSIGNED -> RUNNING: the thread runs once every assigned task has restored.
    void Promise.all(this.tasks.all().map((t) => t.ready)).then(() => {
      if (generation !== this.assignmentGeneration || this.failed || this.stopping) return;
      this.assigned = true;
      this.ctx.onAssigned(this);
    }, () => undefined);
  }

  private readonly inBatch = new Set<Promise<void>>();

  private onBatch(batch: FetchedBatch, context: BatchContext): Promise<void> {
    const run = this.processBatch(batch, context);
    const settled = run.catch(() => undefined).finally(() => this.inBatch.delete(settled));
    this.inBatch.add(settled);
    return run;
  }

  private async processBatch(batch: FetchedBatch, context: BatchContext): Promise<void> {
    if (this.failed || this.stopping) return;
    const sub = this.ctx.plan.topicToSubTopology.get(batch.topic);
    if (sub === undefined) return;
    let managed = this.tasks.get(sub, batch.partition);
    if (managed === undefined) {
      // A fetch can race the assignment callback: the partition is ours, so is the task.
      this.tasks.update([...this.tasks.all().map((t) => t.key), `${sub}_${batch.partition}`]);
      managed = this.tasks.get(sub, batch.partition);
      if (managed === undefined) return;
    }
    await this.untilReady(managed.ready, context);
    if (this.tx !== undefined) {
      this.group = context.group();
      while (this.gate !== undefined) await this.gate;
      // An abort rebuilt the tasks meanwhile: this batch's partition was rewound.
      if (this.tasks.get(sub, batch.partition) !== managed) return;
      // Nothing awaits from here to markProcessed: a commit sees whole batches or none.
      if (this.revoking || this.dirty || this.failed || this.stopping) return;
      // kafkajs fetched from the committed offset it read at the assignment, possibly before the
      // previous owner's transaction ended: processing starts at the stable one (see TaskManager).
      const start = managed.startOffsets.get(batch.topic);
      if (start !== undefined) {
        if (batch.fetchOffset >= 0 && batch.fetchOffset !== start) {
          if (!context.isStale()) this.consumer?.seek({ topic: batch.topic, partition: batch.partition, offset: start });
          return;
        }
        managed.startOffsets.delete(batch.topic);
      }
    }
    const metrics = this.ctx.metrics;
    let last = -1;
    let consumed = 0;
    let all = true;
    for (const record of batch.records) {
      if (!context.isRunning() || context.isStale() || this.failed) { all = false; break; }
      try {
        managed.task.process(record);
      } catch (error) {
        this.fail(error instanceof Error ? error : new Error(String(error)));
        all = false;
        break;
      }
      last = record.offset;
      consumed++;
    }
    // Per batch: records taken off the topic, skipped or dead-lettered ones included.
    if (consumed > 0) metrics.recordIn(batch.topic, consumed);
    // Under EOS a batch can end in a commit marker or aborted records: the position passes them.
    if (this.tx !== undefined && all && batch.lastOffset > last) last = batch.lastOffset;
    if (last >= 0) {
      this.tracker.markProcessed(batch.topic, batch.partition, last);
      metrics.consumed(batch.topic, batch.partition, last + 1, batch.highWatermark);
      context.resolveOffset(last);
    }
    this.tracker.flush();
    if (this.tracker.error !== undefined) return this.fail(this.tracker.error);
    await this.tracker.awaitCapacity(MAX_BUFFERED_BATCHES);
    if (this.tracker.error !== undefined) return this.fail(this.tracker.error);
    await this.commitIfDue();
  }

  /** Waits for a task's restore while heartbeating, so a long restore keeps the membership. */
  private async untilReady(ready: Promise<void>, context: BatchContext): Promise<void> {
    let done = false;
    void ready.then(() => { done = true; }, () => { done = true; });
    while (!done) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([ready.catch(() => undefined), new Promise<void>((r) => { timer = setTimeout(r, 1000); })]);
      clearTimeout(timer);
      if (!done) await context.heartbeat().catch(() => undefined);
    }
    await ready;
  }

  private punctuate(): void {
    if (this.failed || this.stopping || this.gate !== undefined || this.revoking || this.dirty) return;
    const now = Date.now();
    for (const t of this.tasks.all()) {
      try {
        t.task.punctuate(now);
      } catch (error) {
        this.fail(error instanceof Error ? error : new Error(String(error)));
        return;
      }
    }
  }

  private async commitIfDue(): Promise<void> {
    if (Date.now() - this.lastCommit < this.ctx.config.commitIntervalMs) return;
    await this.commit('interval');
  }

  /** Serialized commits: flush, wait for acks, commit what was processed before the flush. */
  commit(reason: string): Promise<void> {
    const run = async () => {
      const consumer = this.consumer;
      if (consumer === undefined || this.failed) return;
      this.lastCommit = Date.now();
      if (this.tx !== undefined) return this.commitTransaction(this.tx, reason);
      try {
        const offsets = await this.tracker.commit((o) => consumer.commit(o));
        if (offsets.length > 0) this.ctx.config.logger.debug(`${this.name} committed (${reason})`, { offsets });
      } catch (error) {
        if (this.tracker.error !== undefined) this.fail(this.tracker.error);
        else this.ctx.config.logger.warn(`${this.name} commit (${reason}) failed; records will be reprocessed`, { error: String(error) });
      }
    };
    this.committing = this.committing.then(run, run);
    return this.committing;
  }

  /** Holds processing, commits output + offsets in the open transaction; any error aborts. */
  private async commitTransaction(tx: TransactionalProducer, reason: string): Promise<void> {
    await this.holding(async () => {
      try {
        const offsets = await this.tracker.commitTransaction(tx, this.group);
        if (offsets.length > 0) this.ctx.config.logger.debug(`${this.name} committed a transaction (${reason})`, { offsets });
      } catch (error) {
        const failure = this.tracker.error ?? (error instanceof ProducerFencedError ? error : undefined);
        if (failure !== undefined) {
          this.fail(failure);
          return;
        }
        this.ctx.config.logger.warn(`${this.name} transaction commit (${reason}) failed; aborting, tasks restart from the last committed offsets`, { error: String(error) });
        await this.abortNow();
        if (!this.revoking) await this.rewind();
      }
    });
  }

  /** Aborts the open transaction (serialized with commits); the tasks are rebuilt at the next assignment. */
  private abort(reason: string): Promise<void> {
    const run = async () => {
      if (this.tx === undefined || this.failed) return;
      this.ctx.config.logger.warn(`${this.name} aborting the open transaction: ${reason}`);
      await this.holding(async () => {
        await this.abortNow();
        // Queued behind a commit, the abort can run after the member already rejoined: rebuild now.
        if (!this.revoking) await this.rewind();
      });
    };
    this.committing = this.committing.then(run, run);
    return this.committing;
  }

  private async holding(work: () => Promise<void>): Promise<void> {
    let release: () => void = () => undefined;
    this.gate = new Promise<void>((r) => { release = r; });
    try {
      await work();
    } finally {
      this.gate = undefined;
      release();
    }
  }

  private async abortNow(): Promise<void> {
    this.dirty = true;
    await this.tracker.discard();
    try {
      await this.tx?.abort();
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Still a member after an abort: rebuild the tasks now and move back to the committed offsets. */
  private async rewind(): Promise<void> {
    const consumer = this.consumer;
    if (consumer === undefined || this.failed) return;
    const c = this.ctx.config;
    const keys = this.tasks.all().map((t) => t.key);
    this.tasks.closeAll();
    this.tasks.update(keys);
    this.dirty = false;
    for (const t of this.tasks.all()) t.ready.catch((error: unknown) => this.fail(error instanceof Error ? error : new Error(String(error))));
    try {
      const topics = [...new Set(this.owned.map((o) => o.topic))];
      const committed = new Map((await this.ctx.admin.groupOffsets(c.applicationId, topics, { requireStable: true })).map((o) => [tpKey(o.topic, o.partition), o.offset]));
      for (const p of this.owned) {
        let offset = committed.get(tpKey(p.topic, p.partition)) ?? -1;
        if (offset < 0) {
          const range = (await this.ctx.admin.topicOffsets(p.topic)).find((o) => o.partition === p.partition);
          offset = c.autoOffsetReset === 'earliest' ? (range?.low ?? 0) : (range?.high ?? 0);
        }
        consumer.seek({ topic: p.topic, partition: p.partition, offset });
      }
    } catch (error) {
      this.fail(new Error(`${this.name} could not rewind to the committed offsets after an abort: ${String(error)}`));
    }
  }

  private fail(error: Error): void {
    if (this.failed || this.stopping) return;
    this.failed = true;
    this.ctx.config.logger.error(`${this.name} failed: ${error.message}`);
    // Stop outside the batch callback: stopping waits for the running batch to finish.
    setImmediate(() => this.ctx.onFailure(this, error));
  }

  /** Graceful: stop fetching, finish the in-flight batch, flush, commit, leave the group. */
  async close(): Promise<void> {
    for (const t of this.timers.splice(0)) clearInterval(t);
    const consumer = this.consumer;
    const wasFailed = this.failed;
    this.stopping = true;
    if (consumer !== undefined) {
      // Finish the in-flight batch, then flush and commit while still a group member.
      await Promise.all([...this.inBatch]);
      if (!wasFailed) await this.commit('close');
      else if (this.tx !== undefined) await this.holding(() => this.abortNow()).catch(() => undefined);
      await consumer.stop().catch(() => undefined);
      await consumer.disconnect().catch(() => undefined);
    }
    await this.tx?.disconnect().catch(() => undefined);
    this.tasks.closeAll();
    await this.reader.close();
    this.removeNodeSource();
    this.ctx.metrics.removeThread(this.name);
  }
}
