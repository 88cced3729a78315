// One partition: its store (memory or segment files), its producer state (sequences, epochs,
// open and aborted transactions: txn/producer-state.ts), and waiters woken when data arrives
// (parked fetches). An append is recorded only once the store has
// it (on disk: written in full), so an acknowledged offset is never reused. Appends are taken in
// call order: offsets are given out when an append's turn comes, one at a time.
// Under flush 'every' the high watermark (what readers see) moves only once an append is fsynced,
// as Kafka's does with log.flush.interval.messages=1: nothing that could still be lost is read.
// A failed fsync takes the partition offline until restart (Kafka takes the log dir offline):
// the unflushed records are never acknowledged nor read, so a retry cannot duplicate them.
import { decodeBatch } from '../records/records-codec';
import { BatchError, parseBatches, setBaseOffset, type ParsedBatch } from '../records/record-batch';
import { ErrorCode } from '../protocol/error-codes';
import { offline, SerialQueue, type StorageError } from '../storage/file-ops';
import type { AppendToken, LogStore } from '../storage/log-store';
import type { BatchInfo } from '../storage/segment';
import { CONTROL_FLAG, controlTypeOf, encodeMarker } from '../txn/control-batch';
import { ProducerStates } from '../txn/producer-state';

/** Who writes: a client (full producer checks), the broker itself (markers, transactional offset
 *  commits: epoch check only), or a migration replaying stored batches (no checks). */
export type AppendOrigin = 'client' | 'coordinator' | 'replay';

export interface AppendOptions {
  origin?: AppendOrigin;
  /** Runs at the append's turn, before anything is written: an error code refuses it (the
   *  coordinator's check that a transactional batch belongs to an open transaction). */
  verify?: () => number;
}

export interface PartitionLimits {
  /** max.message.bytes: the largest record batch accepted. */
  maxMessageBytes: number;
}

export interface AppendResult {
  baseOffset: number;
  /** Where it was written; undefined for a duplicate retry or an in-memory log. */
  token: AppendToken | undefined;
}

export class PartitionLog {
  readonly producerStates = new ProducerStates();
  private readonly waiters = new Set<() => void>();
  private readonly queue = new SerialQueue();
  /** With syncBeforeVisible: the end of what is fsynced and may be read. */
  private durableEnd = 0;
  /** Appends become visible in append order, each once it is fsynced (syncBeforeVisible). */
  private visibility: Promise<void> = Promise.resolve();

  /** `syncBeforeVisible`: flush 'every' on disk (see above). */
  constructor(readonly topic: string, readonly partition: number, readonly store: LogStore, private readonly limits: () => PartitionLimits, private readonly syncBeforeVisible = false) {
    store.producerState = () => this.producerStates.snapshot();
  }

  /** After the store is loaded: what it holds is what survived, and is readable; the newest
   *  producer snapshot restores what batches removed by retention or compaction told. */
  opened(producerSnapshot?: Buffer): string | undefined {
    this.durableEnd = this.store.nextOffset;
    if (producerSnapshot === undefined) return undefined;
    try {
      this.producerStates.restoreSnapshot(producerSnapshot, this.store.nextOffset);
      return undefined;
    } catch (error) {
      return `unreadable producer snapshot ignored: ${String(error)}`;
    }
  }

  /** Log compaction (see storage/log-cleaner.ts): never past the last stable offset, which is
   *  also never past the high watermark. */
  compact(o: { now: number; deleteRetentionMs: number; minDirtyRatio: number; segmentBytes: number; minCompactionLagMs?: number; maxCompactionLagMs?: number }): Promise<number> {
    return this.store.compact({
      minCompactionLagMs: 0,
      maxCompactionLagMs: Number.MAX_SAFE_INTEGER,
      ...o,
      cleanableEnd: this.lastStableOffset,
      onAbortMarkersRemoved: (removed) => { this.producerStates.forgetAborted(removed); },
    });
  }

  /** The next offset to give out (Kafka's log end offset). */
  get logEndOffset(): number { return this.store.nextOffset; }
  get highWatermark(): number { return this.syncBeforeVisible ? Math.max(this.durableEnd, this.store.logStartOffset) : this.store.nextOffset; }
  get logStartOffset(): number { return this.store.logStartOffset; }
  /** read_committed consumers read up to here (the first offset of the oldest open transaction). */
  get lastStableOffset(): number { return this.producerStates.lastStableOffset(this.highWatermark); }
  /** Why the partition is offline (a failed fsync), or undefined while it serves. */
  get offline(): StorageError | undefined { return this.store.failure(); }

  /** Restored producer state from a batch header read at load. */
  restoreProducer(b: BatchInfo): void {
    this.producerStates.apply(b);
  }

  /** Appends validated batches; resolves to the base offset of the first once readers can see
   *  them (durable only after `sync`). A retry of one of an idempotent producer's last five
   *  batches resolves to the original offset without appending. `then` runs in append order,
   *  right after the write (offset commits update their map there).
   *  Rejects with BatchError (MESSAGE_TOO_LARGE, sequence, epoch and transaction errors) or
   *  StorageError (nothing appended). */
  append(parsed: readonly ParsedBatch[], then?: (baseOffset: number) => void, options: AppendOptions = {}): Promise<AppendResult> {
    const origin = options.origin ?? 'client';
    const first = parsed[0];
    if (first === undefined) return Promise.reject(new BatchError(ErrorCode.CORRUPT_MESSAGE, 'empty record set'));
    const { maxMessageBytes } = this.limits();
    for (const p of parsed) {
      if (p.buf.length > maxMessageBytes) {
        return Promise.reject(new BatchError(ErrorCode.MESSAGE_TOO_LARGE, `record batch of ${p.buf.length} bytes is larger than max.message.bytes ${maxMessageBytes}`));
      }
    }
    for (const p of parsed) {
      if ((p.attributes & CONTROL_FLAG) !== 0 && origin === 'client') {
        return Promise.reject(new BatchError(ErrorCode.INVALID_RECORD, 'clients may not write control batches (transaction markers)'));
      }
    }
    return this.queue.run(async (): Promise<AppendResult & { visible?: Promise<void> }> => {
      const refused = options.verify?.() ?? 0;
      if (refused !== 0) throw new BatchError(refused, `transactional batch refused by the transaction coordinator (error ${refused})`);
      const base = this.store.nextOffset;
      let next = base;
      const infos: BatchInfo[] = [];
      for (const p of parsed) {
        const control = (p.attributes & CONTROL_FLAG) !== 0;
        infos.push({
          baseOffset: next, lastOffset: next + p.count - 1, maxTimestamp: p.maxTimestamp, producerId: p.producerId, producerEpoch: p.producerEpoch,
          baseSequence: p.baseSequence, attributes: p.attributes, controlType: control ? controlTypeOf(p.buf) : -1,
        });
        next += p.count;
      }
      if (origin === 'client') {
        const dup = this.producerStates.checkAll(infos);
        // A retry is answered once what it duplicates is visible.
        if (dup !== undefined) return { baseOffset: dup.baseOffset, token: undefined, visible: this.syncBeforeVisible ? this.visibility.then(() => this.checkOnline()) : undefined };
      } else if (origin === 'coordinator') {
        for (const b of infos) if (b.producerId >= 0) this.producerStates.checkEpoch(b.producerId, b.producerEpoch);
      }
      parsed.forEach((p, i) => setBaseOffset(p.buf, infos[i]?.baseOffset ?? base));
      const token = await this.store.append(joinBatches(parsed), infos, () => { for (const b of infos) this.producerStates.apply(b); });
      if (!this.syncBeforeVisible || token === undefined) {
        then?.(base);
        this.wake();
        return { baseOffset: base, token };
      }
      // The fsync starts now (appends waiting together share one); visibility follows append order.
      const synced = this.store.sync(token);
      synced.catch(() => undefined);
      const end = next;
      const visible = this.visibility.then(() => synced).then(() => {
        this.durableEnd = Math.max(this.durableEnd, end);
        then?.(base);
        this.wake();
      });
      this.visibility = visible.catch(() => undefined);
      return { baseOffset: base, token, visible };
    }).then(async ({ baseOffset, token, visible }) => {
      await visible;
      return { baseOffset, token };
    });
  }

  private checkOnline(): void {
    const failed = this.offline;
    if (failed !== undefined) throw offline(`${this.topic}/${this.partition}`, failed);
  }

  /** Writes a commit or abort marker for a producer's transaction (the coordinator's write). */
  appendMarker(producerId: number, producerEpoch: number, commit: boolean, then?: (baseOffset: number) => void): Promise<AppendResult> {
    return this.append(parseBatches(encodeMarker(producerId, producerEpoch, commit)), then, { origin: 'coordinator' });
  }

  /** Resolves once an append is on disk (fsynced). */
  async sync(result: AppendResult): Promise<void> {
    if (result.token !== undefined) await this.store.sync(result.token);
  }

  /** Batches from `offset`, at most `maxBytes` (but always the first one, as Kafka does). */
  async read(offset: number, maxBytes: number): Promise<{ parts: Buffer[]; bytes: number }> {
    const parts = await this.store.read(offset, maxBytes);
    let bytes = 0;
    for (const p of parts) bytes += p.length;
    return { parts, bytes };
  }

  /** The first record with a timestamp at or after `ts` (ListOffsets by time). */
  async offsetForTimestamp(ts: number): Promise<{ offset: number; timestamp: number } | undefined> {
    const batch = await this.store.batchForTimestamp(ts);
    if (batch === undefined) return undefined;
    for (const rec of decodeBatch(batch)) if (rec.timestamp >= ts && rec.offset >= this.logStartOffset) return { offset: rec.offset, timestamp: rec.timestamp };
    return undefined;
  }

  onData(waiter: () => void): () => void {
    this.waiters.add(waiter);
    return () => this.waiters.delete(waiter);
  }

  /** Wakes parked fetches (data arrived, closing, or the log start moved). */
  wake(): void {
    if (this.waiters.size === 0) return;
    const ws = [...this.waiters];
    this.waiters.clear();
    for (const w of ws) w();
  }

  async close(): Promise<void> {
    await this.queue.idle();
    await this.store.close();
    this.wake();
  }
}

/** The batches are contiguous in the request: one buffer (one write) for all of them. */
function joinBatches(parsed: readonly ParsedBatch[]): Buffer {
  const firstBuf = parsed[0]?.buf ?? Buffer.alloc(0);
  const lastBuf = parsed[parsed.length - 1]?.buf ?? firstBuf;
  const total = parsed.reduce((n, p) => n + p.buf.length, 0);
  const contiguous = lastBuf.buffer === firstBuf.buffer && lastBuf.byteOffset + lastBuf.length - firstBuf.byteOffset === total;
  return contiguous ? Buffer.from(firstBuf.buffer, firstBuf.byteOffset, total) : Buffer.concat(parsed.map((p) => p.buf));
}
