// One partition's log: the batches as producers sent them (base offset rewritten), an optional
// append-only segment file, and waiters woken when data arrives (parked fetches).
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { decodeBatch } from '../records/records-codec';
import { setBaseOffset, type ParsedBatch, type StoredBatch } from '../records/record-batch';

interface ProducerState { epoch: number; lastSequence: number; lastBaseOffset: number }

export class PartitionLog {
  readonly batches: StoredBatch[] = [];
  logStartOffset = 0;
  highWatermark = 0;
  private fd: number | undefined;
  private producers = new Map<number, ProducerState>();
  private waiters = new Set<() => void>();

  constructor(readonly topic: string, readonly partition: number, file?: string, restored: StoredBatch[] = []) {
    for (const b of restored) this.batches.push(b);
    const last = restored[restored.length - 1];
    if (last !== undefined) this.highWatermark = last.lastOffset + 1;
    const first = restored[0];
    if (first !== undefined) this.logStartOffset = first.baseOffset;
    if (file !== undefined) this.fd = openSync(file, 'a');
  }

  /** Appends validated batches; returns the base offset of the first. Duplicate retries of the
   *  last batch from an idempotent producer return the original offset without appending. */
  append(parsed: readonly ParsedBatch[]): number {
    const first = parsed[0];
    if (first !== undefined && first.producerId >= 0) {
      const state = this.producers.get(first.producerId);
      if (state !== undefined && state.epoch === first.producerEpoch && state.lastSequence === first.baseSequence) {
        return state.lastBaseOffset;
      }
    }
    const base = this.highWatermark;
    for (const p of parsed) {
      const baseOffset = this.highWatermark;
      setBaseOffset(p.buf, baseOffset);
      this.batches.push({ baseOffset, lastOffset: baseOffset + p.count - 1, maxTimestamp: p.maxTimestamp, buf: p.buf });
      this.highWatermark += p.count;
      if (this.fd !== undefined) writeSync(this.fd, p.buf);
      if (p.producerId >= 0) {
        this.producers.set(p.producerId, { epoch: p.producerEpoch, lastSequence: p.baseSequence, lastBaseOffset: baseOffset });
      }
    }
    if (this.waiters.size > 0) {
      const ws = [...this.waiters];
      this.waiters.clear();
      for (const w of ws) w();
    }
    return base;
  }

  /** Index of the batch holding `offset` (or the first after it). */
  private indexOf(offset: number): number {
    let lo = 0;
    let hi = this.batches.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const b = this.batches[mid];
      if (b !== undefined && b.lastOffset < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Batches from `offset`, at most `maxBytes` (but always the first one, as Kafka does). */
  read(offset: number, maxBytes: number): { parts: Buffer[]; bytes: number } {
    const parts: Buffer[] = [];
    let bytes = 0;
    for (let i = this.indexOf(offset); i < this.batches.length; i++) {
      const b = this.batches[i];
      if (b === undefined) break;
      if (parts.length > 0 && bytes + b.buf.length > maxBytes) break;
      parts.push(b.buf);
      bytes += b.buf.length;
    }
    return { parts, bytes };
  }

  /** The first record with a timestamp at or after `ts` (ListOffsets by time). */
  offsetForTimestamp(ts: number): { offset: number; timestamp: number } | undefined {
    for (const b of this.batches) {
      if (b.maxTimestamp < ts) continue;
      for (const rec of decodeBatch(b.buf)) if (rec.timestamp >= ts) return { offset: rec.offset, timestamp: rec.timestamp };
    }
    return undefined;
  }

  onData(waiter: () => void): () => void {
    this.waiters.add(waiter);
    return () => this.waiters.delete(waiter);
  }

  close(): void {
    if (this.fd !== undefined) {
      fsyncSync(this.fd);
      closeSync(this.fd);
      this.fd = undefined;
    }
    for (const w of this.waiters) w();
    this.waiters.clear();
  }
}
