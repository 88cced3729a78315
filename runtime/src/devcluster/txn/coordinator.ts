// The transaction coordinator (Kafka's TransactionCoordinator, on the one broker): transactional
// ids with their producer id and epoch, the partitions of the open transaction, and the state
// machine Empty -> Ongoing -> PrepareCommit/PrepareAbort -> CompleteCommit/CompleteAbort. Each
// change is written to __transaction_state before it takes effect. Ending a transaction writes a
// commit or abort marker into every partition of it (the __consumer_offsets partition of a group
// too, which makes its transactional offsets visible or drops them). Requests are handled one at a
// time (a serial queue), so each sees the state the previous one left.
import type { Logger } from '../../logger';
import type { Durable, OffsetStore } from '../broker/offset-store';
import { OFFSETS_TOPIC, type TopicStore } from '../broker/topic-store';
import { ErrorCode } from '../protocol/error-codes';
import { BatchError } from '../records/record-batch';
import { SerialQueue, StorageError } from '../storage/file-ops';
import type { ProducerIdAllocator } from './producer-ids';
import type { TxnLogValue, TxnState } from './txn-log-codec';
import { TxnStateLog } from './txn-state-log';

/** transaction.max.timeout.ms */
export const MAX_TXN_TIMEOUT_MS = 900_000;
const EPOCH_EXHAUSTED = 32766;

export interface TxnMetadata {
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
  /** The epoch before the last bump (a retried InitProducerId is answered, not fenced). */
  lastProducerEpoch: number;
  timeoutMs: number;
  state: TxnState;
  /** `topic\0partition` of the open (or ending) transaction. */
  partitions: Set<string>;
  startMs: number;
  lastUpdateMs: number;
}

export interface CoordinatorDeps {
  topics: TopicStore; offsets: OffsetStore; logger: Logger; ids: ProducerIdAllocator;
  durable: Durable;
  now?: () => number;
}

const tp = (topic: string, partition: number): string => `${topic}\u0000${partition}`;
const splitTp = (key: string): { topic: string; partition: number } => {
  const i = key.lastIndexOf('\u0000');
  return { topic: key.slice(0, i), partition: Number(key.slice(i + 1)) };
};

export interface InitResult { errorCode: number; producerId: number; producerEpoch: number }

export class TransactionCoordinator {
  private readonly txns = new Map<string, TxnMetadata>();
  private readonly byProducer = new Map<number, string>();
  private readonly log: TxnStateLog;
  private readonly now: () => number;
  private readonly queue = new SerialQueue();

  private constructor(private readonly d: CoordinatorDeps) {
    this.now = d.now ?? Date.now;
    this.log = new TxnStateLog(d.topics, d.logger, d.durable);
  }

  /** Loads every transactional id's state from __transaction_state. */
  static async open(d: CoordinatorDeps): Promise<TransactionCoordinator> {
    const c = new TransactionCoordinator(d);
    await c.load();
    return c;
  }

  /** Resolves when the requests queued so far are done (closing). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  private async load(): Promise<void> {
    const d = this.d;
    for (const [id, v] of await this.log.load()) {
      const partitions = new Set<string>();
      for (const t of v.partitions) for (const p of t.partitions) partitions.add(tp(t.topic, p));
      d.ids.skipPast(v.producerId);
      this.set({ transactionalId: id, producerId: v.producerId, producerEpoch: v.producerEpoch, lastProducerEpoch: -1, timeoutMs: v.timeoutMs, state: v.state, partitions, startMs: v.startMs, lastUpdateMs: v.lastUpdateMs });
    }
  }

  private set(m: TxnMetadata): void {
    const old = this.txns.get(m.transactionalId);
    if (old !== undefined && old.producerId !== m.producerId) this.byProducer.delete(old.producerId);
    this.txns.set(m.transactionalId, m);
    this.byProducer.set(m.producerId, m.transactionalId);
  }

  /** Persists the next state, then makes it current; rejects with StorageError (state unchanged). */
  private async transit(m: TxnMetadata, next: Partial<TxnMetadata>): Promise<TxnMetadata> {
    const n: TxnMetadata = { ...m, ...next, lastUpdateMs: this.now() };
    const byTopic = new Map<string, number[]>();
    for (const key of n.partitions) {
      const { topic, partition } = splitTp(key);
      let list = byTopic.get(topic);
      if (list === undefined) byTopic.set(topic, (list = []));
      list.push(partition);
    }
    const value: TxnLogValue = {
      producerId: n.producerId, producerEpoch: n.producerEpoch, timeoutMs: n.timeoutMs, state: n.state,
      partitions: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })), lastUpdateMs: n.lastUpdateMs, startMs: n.startMs,
    };
    await this.log.write(n.transactionalId, value);
    this.set(n);
    return n;
  }

  /** Runs a state change in turn; a failed write of the coordinator's log is answered retriably. */
  private guarded(what: string, f: () => Promise<number>): Promise<number> {
    return this.queue.run(async () => {
      try {
        return await f();
      } catch (error) {
        if (!(error instanceof StorageError)) throw error;
        this.d.logger.error(`dev cluster: transaction coordinator could not ${what}: ${error.message}`);
        return ErrorCode.COORDINATOR_NOT_AVAILABLE;
      }
    });
  }

  get(transactionalId: string): TxnMetadata | undefined {
    return this.txns.get(transactionalId);
  }

  all(): TxnMetadata[] {
    return [...this.txns.values()];
  }

  /** InitProducerId for a transactional id: a new producer id, or the epoch bumped (which fences
   *  the previous holder); an open transaction of the previous epoch is aborted first. */
  async initProducerId(transactionalId: string, timeoutMs: number, expected: { producerId: number; producerEpoch: number } | undefined): Promise<InitResult> {
    const fail = (errorCode: number): InitResult => ({ errorCode, producerId: -1, producerEpoch: -1 });
    if (transactionalId === '') return fail(ErrorCode.INVALID_REQUEST);
    if (timeoutMs <= 0 || timeoutMs > MAX_TXN_TIMEOUT_MS) return fail(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
    let result: InitResult = fail(ErrorCode.UNKNOWN_SERVER_ERROR);
    const code = await this.guarded(`initialize '${transactionalId}'`, async () => {
      let m = this.txns.get(transactionalId) ?? {
        transactionalId, producerId: await this.d.ids.allocate(), producerEpoch: -1, lastProducerEpoch: -1, timeoutMs,
        state: 'Empty' as TxnState, partitions: new Set<string>(), startMs: -1, lastUpdateMs: this.now(),
      };
      if (expected !== undefined && expected.producerId >= 0 && m.producerEpoch !== -1 && expected.producerId !== m.producerId) return ErrorCode.PRODUCER_FENCED;
      if (m.state === 'PrepareCommit' || m.state === 'PrepareAbort') {
        m = await this.writeMarkers(m);
        if (m.state === 'PrepareCommit' || m.state === 'PrepareAbort') return ErrorCode.CONCURRENT_TRANSACTIONS;
      }
      if (expected !== undefined && expected.producerEpoch >= 0 && m.producerEpoch !== -1 && expected.producerEpoch !== m.producerEpoch) {
        if (expected.producerEpoch === m.lastProducerEpoch && m.state !== 'Ongoing') {
          result = { errorCode: 0, producerId: m.producerId, producerEpoch: m.producerEpoch };
          return 0;
        }
        return ErrorCode.PRODUCER_FENCED;
      }
      if (m.state === 'Ongoing') {
        this.d.logger.info('dev cluster: aborting the open transaction of a re-initialized transactional id', { transactionalId, producerId: m.producerId, epoch: m.producerEpoch });
        m = await this.end(this.fence(m), false);
        if (m.state === 'PrepareAbort') return ErrorCode.CONCURRENT_TRANSACTIONS;
      }
      const exhausted = m.producerEpoch >= EPOCH_EXHAUSTED;
      const producerId = exhausted ? await this.d.ids.allocate() : m.producerId;
      const producerEpoch = exhausted ? 0 : m.producerEpoch + 1;
      const n = await this.transit(m, { producerId, producerEpoch, lastProducerEpoch: m.producerEpoch, timeoutMs, state: 'Empty', partitions: new Set(), startMs: -1 });
      result = { errorCode: 0, producerId: n.producerId, producerEpoch: n.producerEpoch };
      return 0;
    });
    return code === 0 ? result : fail(code);
  }

  /** The metadata if the producer id and epoch are the current ones, else the error code. */
  private current(transactionalId: string, producerId: number, producerEpoch: number): TxnMetadata | number {
    const m = this.txns.get(transactionalId);
    if (m === undefined || m.producerId !== producerId) return ErrorCode.INVALID_PRODUCER_ID_MAPPING;
    if (m.producerEpoch !== producerEpoch) return ErrorCode.PRODUCER_FENCED;
    return m;
  }

  /** AddPartitionsToTxn / AddOffsetsToTxn: returns one error code for all, or per partition. */
  addPartitions(transactionalId: string, producerId: number, producerEpoch: number, partitions: readonly { topic: string; partition: number }[]): Promise<number> {
    return this.guarded(`add partitions to '${transactionalId}'`, async () => {
      let m = this.current(transactionalId, producerId, producerEpoch);
      if (typeof m === 'number') return m;
      if (m.state === 'PrepareCommit' || m.state === 'PrepareAbort') {
        m = await this.writeMarkers(m);
        if (m.state === 'PrepareCommit' || m.state === 'PrepareAbort') return ErrorCode.CONCURRENT_TRANSACTIONS;
      }
      const meta = m;
      const added = partitions.filter((p) => !meta.partitions.has(tp(p.topic, p.partition)));
      if (meta.state === 'Ongoing' && added.length === 0) return 0;
      const next = new Set(meta.state === 'Ongoing' ? meta.partitions : []);
      for (const p of partitions) next.add(tp(p.topic, p.partition));
      await this.transit(meta, { state: 'Ongoing', partitions: next, startMs: meta.state === 'Ongoing' ? meta.startMs : this.now() });
      return 0;
    });
  }

  /** EndTxn from the producer. */
  endTxn(transactionalId: string, producerId: number, producerEpoch: number, commit: boolean): Promise<number> {
    return this.guarded(`end the transaction of '${transactionalId}'`, async () => {
      const m = this.current(transactionalId, producerId, producerEpoch);
      if (typeof m === 'number') return m;
      switch (m.state) {
        case 'Ongoing':
          await this.end(m, commit);
          return 0;
        case 'CompleteCommit': return commit ? 0 : ErrorCode.INVALID_TXN_STATE;
        case 'CompleteAbort': return commit ? ErrorCode.INVALID_TXN_STATE : 0;
        case 'PrepareCommit': return commit ? ErrorCode.CONCURRENT_TRANSACTIONS : ErrorCode.INVALID_TXN_STATE;
        case 'PrepareAbort': return commit ? ErrorCode.INVALID_TXN_STATE : ErrorCode.CONCURRENT_TRANSACTIONS;
        default: return ErrorCode.INVALID_TXN_STATE;
      }
    });
  }

  /** Bumps the epoch of an open transaction so its producer is fenced (timeouts, a new instance). */
  private fence(m: TxnMetadata): TxnMetadata {
    if (m.producerEpoch >= EPOCH_EXHAUSTED) return m;
    return { ...m, producerEpoch: m.producerEpoch + 1, lastProducerEpoch: m.producerEpoch };
  }

  /** Prepare (persisted: the outcome is decided), write the markers, complete. */
  private async end(m: TxnMetadata, commit: boolean): Promise<TxnMetadata> {
    const prepared = await this.transit(m, { state: commit ? 'PrepareCommit' : 'PrepareAbort' });
    return this.writeMarkers(prepared);
  }

  /** Writes the markers still missing; completes the transaction once every partition has one.
   *  Partitions whose write failed stay listed and are retried (timer, next request). */
  private async writeMarkers(m: TxnMetadata): Promise<TxnMetadata> {
    const commit = m.state === 'PrepareCommit';
    const left = new Set<string>();
    // Every partition's marker at once; each partition's log keeps its own order.
    await Promise.all([...m.partitions].map(async (key) => {
      const { topic, partition } = splitTp(key);
      const log = this.d.topics.get(topic)?.partitions[partition];
      if (log === undefined) return; // deleted meanwhile: nothing to mark
      try {
        const then = topic === OFFSETS_TOPIC ? () => this.d.offsets.completeTransaction(m.producerId, commit, partition) : undefined;
        const result = await log.appendMarker(m.producerId, m.producerEpoch, commit, then);
        await this.d.durable(log, result);
      } catch (error) {
        if (error instanceof BatchError) {
          this.d.logger.warn(`dev cluster: no ${commit ? 'commit' : 'abort'} marker for ${topic}/${partition}: ${error.message}`);
          return;
        }
        if (!(error instanceof StorageError)) throw error;
        this.d.logger.error(`dev cluster: writing a transaction marker to ${topic}/${partition} failed (will retry): ${error.message}`);
        left.add(key);
      }
    }));
    try {
      if (left.size > 0) return m.partitions.size === left.size ? m : await this.transit(m, { partitions: left });
      return await this.transit(m, { state: commit ? 'CompleteCommit' : 'CompleteAbort', partitions: new Set() });
    } catch (error) {
      if (!(error instanceof StorageError)) throw error;
      this.d.logger.error(`dev cluster: recording the end of '${m.transactionalId}' failed (will retry): ${error.message}`);
      return m;
    }
  }

  /** A transactional produce: the partition must be in the producer's open transaction. */
  verifyProduce(producerId: number, producerEpoch: number, topic: string, partition: number): number {
    const id = this.byProducer.get(producerId);
    const m = id === undefined ? undefined : this.txns.get(id);
    if (m === undefined || m.producerId !== producerId) return ErrorCode.INVALID_PRODUCER_ID_MAPPING;
    if (producerEpoch < m.producerEpoch) return ErrorCode.INVALID_PRODUCER_EPOCH;
    if (producerEpoch !== m.producerEpoch || m.state !== 'Ongoing' || !m.partitions.has(tp(topic, partition))) return ErrorCode.INVALID_TXN_STATE;
    return 0;
  }

  /** TxnOffsetCommit: the group's offsets partition must be in the open transaction. */
  verifyOffsetCommit(transactionalId: string, producerId: number, producerEpoch: number, group: string): number {
    const m = this.txns.get(transactionalId);
    if (m === undefined || m.producerId !== producerId) return ErrorCode.INVALID_PRODUCER_ID_MAPPING;
    if (producerEpoch < m.producerEpoch) return ErrorCode.INVALID_PRODUCER_EPOCH;
    if (producerEpoch !== m.producerEpoch || m.state !== 'Ongoing' || !m.partitions.has(tp(OFFSETS_TOPIC, this.d.offsets.partitionOf(group)))) return ErrorCode.INVALID_TXN_STATE;
    return 0;
  }

  /** Aborts (and fences) transactions open longer than their timeout; retries pending markers. */
  tick(): Promise<void> {
    return this.queue.run(async () => {
      const now = this.now();
      for (const m of [...this.txns.values()]) {
        try {
          if (m.state === 'Ongoing' && m.startMs >= 0 && now - m.startMs > m.timeoutMs) {
            this.d.logger.info('dev cluster: aborting a transaction past its timeout', { transactionalId: m.transactionalId, timeoutMs: m.timeoutMs });
            await this.end(this.fence(m), false);
          } else if (m.state === 'PrepareCommit' || m.state === 'PrepareAbort') {
            await this.writeMarkers(m);
          }
        } catch (error) {
          this.d.logger.error(`dev cluster: transaction timeout handling of '${m.transactionalId}' failed: ${String(error)}`);
        }
      }
    });
  }

  /**
   * transactional.id.expiration.ms (Kafka's TransactionStateManager.removeExpiredTransactionalIds):
   * an id with no transaction open or ending whose last change is this old becomes Dead: a tombstone
   * goes to __transaction_state (compaction then drops the id) and the coordinator forgets it, so
   * its producer id is unknown from then on and a new InitProducerId starts over with a new one.
   */
  expireTransactionalIds(expirationMs: number): Promise<void> {
    return this.queue.run(async () => {
      const now = this.now();
      for (const m of [...this.txns.values()]) {
        if (m.state !== 'Empty' && m.state !== 'CompleteCommit' && m.state !== 'CompleteAbort') continue;
        if (now - m.lastUpdateMs < expirationMs) continue;
        try {
          await this.log.write(m.transactionalId, null);
        } catch (error) {
          if (!(error instanceof StorageError)) throw error;
          this.d.logger.warn(`dev cluster: could not expire transactional id '${m.transactionalId}' (will retry): ${error.message}`);
          continue;
        }
        this.txns.delete(m.transactionalId);
        if (this.byProducer.get(m.producerId) === m.transactionalId) this.byProducer.delete(m.producerId);
        this.d.logger.info(`dev cluster: transactional id '${m.transactionalId}' expired (Dead)`, { producerId: m.producerId, idleMs: now - m.lastUpdateMs });
      }
    });
  }

  /** After a restart: transactions open at the crash are aborted (same epoch, so a producer that
   *  is still alive can abort and go on); decided ones get their markers; partitions left with an
   *  open transaction that no coordinator state covers get an abort marker. */
  async recover(): Promise<void> {
    for (const m of [...this.txns.values()]) {
      try {
        if (m.state === 'Ongoing') {
          this.d.logger.info('dev cluster: aborting a transaction left open by the last shutdown', { transactionalId: m.transactionalId, producerId: m.producerId });
          await this.end(m, false);
        } else if (m.state === 'PrepareCommit' || m.state === 'PrepareAbort') {
          await this.writeMarkers(m);
        }
      } catch (error) {
        this.d.logger.error(`dev cluster: recovering transaction '${m.transactionalId}' failed: ${String(error)}`);
      }
    }
    for (const topic of this.d.topics.topics.values()) {
      for (const log of topic.partitions) {
        for (const open of log.producerStates.openTransactions()) {
          const id = this.byProducer.get(open.producerId);
          const m = id === undefined ? undefined : this.txns.get(id);
          if (m !== undefined && m.producerId === open.producerId && m.state === 'Ongoing' && m.partitions.has(tp(topic.name, log.partition))) continue;
          try {
            this.d.logger.warn(`dev cluster: aborting a hanging transaction of producer ${open.producerId} in ${topic.name}/${log.partition} from offset ${open.firstOffset}`);
            const then = topic.name === OFFSETS_TOPIC ? () => this.d.offsets.completeTransaction(open.producerId, false, log.partition) : undefined;
            const result = await log.appendMarker(open.producerId, Math.max(open.epoch, m?.producerId === open.producerId ? m.producerEpoch : -1), false, then);
            await this.d.durable(log, result);
          } catch (error) {
            this.d.logger.error(`dev cluster: could not abort the hanging transaction in ${topic.name}/${log.partition}: ${String(error)}`);
          }
        }
      }
    }
  }
}
