// Where a partition's batches live: in memory (no data directory) or in segment files on disk.
// Both keep Kafka's log start offset (retention, DeleteRecords) and retention by time and size.
import { BatchCleaner, CleanPlan, type CleanOptions } from './log-cleaner';
import type { StorageError } from './file-ops';
import type { BatchInfo } from './segment';

export interface CompactOptions extends CleanOptions {
  /** min.cleanable.dirty.ratio */
  minDirtyRatio: number;
  /** In memory: the newest bytes, like an active segment, are never cleaned. */
  segmentBytes: number;
  /** min.compaction.lag.ms / max.compaction.lag.ms (see topic-config.ts). */
  minCompactionLagMs: number;
  maxCompactionLagMs: number;
}

export interface RetentionConfig {
  /** -1: keep forever. */
  retentionMs: number;
  retentionBytes: number;
  segmentBytes: number;
  segmentMs: number;
}

/** Where an append was written: LogStore.sync makes it durable. */
export interface AppendToken { path: string; gen: number }

export interface LogStore {
  readonly logStartOffset: number;
  /** The next offset to assign. */
  readonly nextOffset: number;
  readonly sizeBytes: number;
  /** The partition's producer state as a snapshot body, set by its PartitionLog (on disk: written
   *  at rolls, compactions and close; storage/producer-snapshots.ts). */
  producerState: (() => Buffer) | undefined;
  /** Appends contiguous batches (base offsets already set): all or nothing; rejects with
   *  StorageError. Appends are applied in call order. Resolves once readers can see them.
   *  `written` runs right after the write, before anything else changes the store (the
   *  producer state is recorded there, so a snapshot taken at a roll is exact). */
  append(buf: Buffer, batches: readonly BatchInfo[], written?: () => void): Promise<AppendToken | undefined>;
  /** Resolves once the append is on disk (fsynced). */
  sync(token: AppendToken): Promise<void>;
  /** Whole batches from the one holding `offset`, about `maxBytes` (at least one batch). */
  read(offset: number, maxBytes: number): Promise<Buffer[]>;
  /** The first batch whose max timestamp is at or after `ts`. */
  batchForTimestamp(ts: number): Promise<Buffer | undefined>;
  /** Moves the log start offset forward (DeleteRecords), dropping what lies wholly before it. */
  deleteBefore(offset: number): Promise<void>;
  /** Drops the oldest data past retention; resolves to how many bytes went. */
  enforceRetention(now: number, config: RetentionConfig): Promise<number>;
  /** Log compaction (cleanup.policy=compact): resolves to how many bytes went. */
  compact(o: CompactOptions): Promise<number>;
  /** Set once a file of the partition failed to fsync (or could not be cut back after a failed
   *  write): what is on disk is not known any more, so the partition is offline until restart. */
  failure(): StorageError | undefined;
  close(): Promise<void>;
  /** Removes the partition's data for good (topic deleted). */
  destroy(): Promise<void>;
}

interface MemoryBatch { baseOffset: number; lastOffset: number; maxTimestamp: number; buf: Buffer }

export class MemoryStore implements LogStore {
  private batches: MemoryBatch[] = [];
  private head = 0;
  logStartOffset = 0;
  nextOffset = 0;
  sizeBytes = 0;
  /** Nothing to snapshot: the state lives as long as the records. */
  producerState: (() => Buffer) | undefined;

  append(buf: Buffer, batches: readonly BatchInfo[], written?: () => void): Promise<undefined> {
    let pos = 0;
    for (const b of batches) {
      const length = 12 + buf.readInt32BE(pos + 8);
      this.batches.push({ baseOffset: b.baseOffset, lastOffset: b.lastOffset, maxTimestamp: b.maxTimestamp, buf: buf.subarray(pos, pos + length) });
      pos += length;
      this.nextOffset = b.lastOffset + 1;
    }
    this.sizeBytes += buf.length;
    written?.();
    return Promise.resolve(undefined);
  }

  sync(): Promise<void> {
    return Promise.resolve();
  }

  failure(): undefined {
    return undefined;
  }

  private indexOf(offset: number): number {
    let lo = this.head;
    let hi = this.batches.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const b = this.batches[mid];
      if (b !== undefined && b.lastOffset < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  read(offset: number, maxBytes: number): Promise<Buffer[]> {
    return Promise.resolve(this.readNow(offset, maxBytes));
  }

  private readNow(offset: number, maxBytes: number): Buffer[] {
    const parts: Buffer[] = [];
    let bytes = 0;
    for (let i = this.indexOf(offset); i < this.batches.length; i++) {
      const b = this.batches[i];
      if (b === undefined) break;
      if (parts.length > 0 && bytes + b.buf.length > maxBytes) break;
      parts.push(b.buf);
      bytes += b.buf.length;
    }
    return parts;
  }

  batchForTimestamp(ts: number): Promise<Buffer | undefined> {
    for (let i = this.head; i < this.batches.length; i++) {
      const b = this.batches[i];
      if (b !== undefined && b.maxTimestamp >= ts) return Promise.resolve(b.buf);
    }
    return Promise.resolve(undefined);
  }

  private dropHead(): void {
    const b = this.batches[this.head];
    if (b === undefined) return;
    this.sizeBytes -= b.buf.length;
    this.head++;
    // Compact the array now and then, not on every drop.
    if (this.head > 1024 && this.head * 2 > this.batches.length) {
      this.batches = this.batches.slice(this.head);
      this.head = 0;
    }
  }

  deleteBefore(offset: number): Promise<void> {
    if (offset <= this.logStartOffset) return Promise.resolve();
    this.logStartOffset = offset;
    for (;;) {
      const b = this.batches[this.head];
      if (b === undefined || b.lastOffset >= offset) break;
      this.dropHead();
    }
    return Promise.resolve();
  }

  enforceRetention(now: number, config: RetentionConfig): Promise<number> {
    const before = this.sizeBytes;
    for (;;) {
      const b = this.batches[this.head];
      if (b === undefined) break;
      const expired = config.retentionMs >= 0 && b.maxTimestamp < now - config.retentionMs;
      const oversize = config.retentionBytes >= 0 && this.sizeBytes - b.buf.length >= config.retentionBytes;
      if (!expired && !oversize) break;
      this.dropHead();
      this.logStartOffset = b.lastOffset + 1;
    }
    return Promise.resolve(before - this.sizeBytes);
  }

  private cleanBytes = 0;
  /** The earliest delete horizon the last clean left: a clean is due then. */
  private horizonDue = Infinity;

  compact(o: CompactOptions): Promise<number> {
    // The old part: everything but the newest segmentBytes, and below the cleanable end.
    let tail = 0;
    let end = this.batches.length;
    // Nothing younger than min.compaction.lag.ms is cleaned (nor supersedes anything).
    const lagBound = o.now - o.minCompactionLagMs;
    let young = this.batches.length;
    for (let i = this.head; i < this.batches.length; i++) if ((this.batches[i]?.maxTimestamp ?? 0) > lagBound) { young = i; break; }
    while (end > this.head) {
      const b = this.batches[end - 1];
      if (b === undefined || (tail + b.buf.length > o.segmentBytes && b.lastOffset < o.cleanableEnd && end <= young)) break;
      tail += b.buf.length;
      end--;
    }
    const oldBytes = this.sizeBytes - tail;
    const overdue = (this.batches[this.head]?.maxTimestamp ?? Infinity) < o.now - o.maxCompactionLagMs && oldBytes > this.cleanBytes;
    const due = overdue || o.now >= this.horizonDue;
    if (end <= this.head || oldBytes === 0 || (!due && (oldBytes - this.cleanBytes) / oldBytes < o.minDirtyRatio)) return Promise.resolve(0);
    const plan = new CleanPlan(Math.min(o.cleanableEnd, this.batches[young]?.baseOffset ?? Infinity));
    for (let i = this.head; i < this.batches.length; i++) { const b = this.batches[i]; if (b !== undefined) plan.observe(b.buf); }
    const cleaner = new BatchCleaner(plan, o);
    const kept: MemoryBatch[] = [];
    let keptBytes = 0;
    for (let i = this.head; i < end; i++) {
      const b = this.batches[i];
      if (b === undefined) continue;
      const buf = cleaner.clean(b.buf);
      if (buf === undefined) continue;
      kept.push({ ...b, buf });
      keptBytes += buf.length;
    }
    this.batches = [...kept, ...this.batches.slice(end)];
    this.head = 0;
    this.sizeBytes = keptBytes + tail;
    this.cleanBytes = keptBytes;
    this.horizonDue = cleaner.earliestHorizon;
    if (cleaner.removedAborts.length > 0) o.onAbortMarkersRemoved?.(cleaner.removedAborts);
    return Promise.resolve(oldBytes - keptBytes);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  destroy(): Promise<void> {
    this.batches = [];
    this.head = 0;
    this.sizeBytes = 0;
    return Promise.resolve();
  }
}
