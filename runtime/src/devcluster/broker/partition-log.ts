// One partition: its store (memory or segment files), the idempotent producers' last batches, and
// waiters woken when data arrives (parked fetches). An append is recorded only once the store has
// it (on disk: written in full), so an acknowledged offset is never reused.
import { decodeBatch } from '../records/records-codec';
import { BatchError, setBaseOffset, type ParsedBatch } from '../records/record-batch';
import { ErrorCode } from '../protocol/error-codes';
import type { LogStore } from '../storage/log-store';
import type { BatchInfo } from '../storage/segment';

interface ProducerState { epoch: number; lastSequence: number; lastBaseOffset: number }

export interface PartitionLimits {
  /** max.message.bytes: the largest record batch accepted. */
  maxMessageBytes: number;
}

export class PartitionLog {
  private readonly producers = new Map<number, ProducerState>();
  private readonly waiters = new Set<() => void>();

  constructor(readonly topic: string, readonly partition: number, readonly store: LogStore, private readonly limits: () => PartitionLimits) {}

  get highWatermark(): number { return this.store.nextOffset; }
  get logStartOffset(): number { return this.store.logStartOffset; }

  /** Restored producer state from a batch header read at load. */
  restoreProducer(b: BatchInfo): void {
    if (b.producerId >= 0) this.producers.set(b.producerId, { epoch: b.producerEpoch, lastSequence: b.baseSequence, lastBaseOffset: b.baseOffset });
  }

  /** Appends validated batches; returns the base offset of the first. Duplicate retries of the
   *  last batch from an idempotent producer return the original offset without appending.
   *  Throws BatchError (MESSAGE_TOO_LARGE) or StorageError (nothing appended). */
  append(parsed: readonly ParsedBatch[]): number {
    const first = parsed[0];
    if (first === undefined) throw new BatchError(ErrorCode.CORRUPT_MESSAGE, 'empty record set');
    if (first.producerId >= 0) {
      const state = this.producers.get(first.producerId);
      if (state !== undefined && state.epoch === first.producerEpoch && state.lastSequence === first.baseSequence) {
        return state.lastBaseOffset;
      }
    }
    const { maxMessageBytes } = this.limits();
    for (const p of parsed) {
      if (p.buf.length > maxMessageBytes) {
        throw new BatchError(ErrorCode.MESSAGE_TOO_LARGE, `record batch of ${p.buf.length} bytes is larger than max.message.bytes ${maxMessageBytes}`);
      }
    }
    const base = this.store.nextOffset;
    let next = base;
    const infos: BatchInfo[] = [];
    for (const p of parsed) {
      setBaseOffset(p.buf, next);
      infos.push({ baseOffset: next, lastOffset: next + p.count - 1, maxTimestamp: p.maxTimestamp, producerId: p.producerId, producerEpoch: p.producerEpoch, baseSequence: p.baseSequence });
      next += p.count;
    }
    // The batches are contiguous in the request: one write for all of them.
    const firstBuf = first.buf;
    const lastBuf = parsed[parsed.length - 1]?.buf ?? firstBuf;
    const contiguous = lastBuf.buffer === firstBuf.buffer && lastBuf.byteOffset + lastBuf.length - firstBuf.byteOffset === parsed.reduce((n, p) => n + p.buf.length, 0);
    const buf = contiguous
      ? Buffer.from(firstBuf.buffer, firstBuf.byteOffset, lastBuf.byteOffset + lastBuf.length - firstBuf.byteOffset)
      : Buffer.concat(parsed.map((p) => p.buf));
    this.store.append(buf, infos);
    for (const b of infos) this.restoreProducer(b);
    if (this.waiters.size > 0) {
      const ws = [...this.waiters];
      this.waiters.clear();
      for (const w of ws) w();
    }
    return base;
  }

  /** Batches from `offset`, at most `maxBytes` (but always the first one, as Kafka does). */
  read(offset: number, maxBytes: number): { parts: Buffer[]; bytes: number } {
    const parts = this.store.read(offset, maxBytes);
    let bytes = 0;
    for (const p of parts) bytes += p.length;
    return { parts, bytes };
  }

  /** The first record with a timestamp at or after `ts` (ListOffsets by time). */
  offsetForTimestamp(ts: number): { offset: number; timestamp: number } | undefined {
    const batch = this.store.batchForTimestamp(ts);
    if (batch === undefined) return undefined;
    for (const rec of decodeBatch(batch)) if (rec.timestamp >= ts && rec.offset >= this.logStartOffset) return { offset: rec.offset, timestamp: rec.timestamp };
    return undefined;
  }

  onData(waiter: () => void): () => void {
    this.waiters.add(waiter);
    return () => this.waiters.delete(waiter);
  }

  /** Wakes parked fetches (closing, or the log start moved). */
  wake(): void {
    const ws = [...this.waiters];
    this.waiters.clear();
    for (const w of ws) w();
  }

  close(): void {
    this.store.close();
    this.wake();
  }
}
