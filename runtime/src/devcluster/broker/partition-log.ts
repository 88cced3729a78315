// One partition: its store (memory or segment files), its producer state (sequences, epochs,
// open and aborted transactions: txn/producer-state.ts), and waiters woken when data arrives
// (parked fetches). An append is recorded only once the store has
// it (on disk: written in full), so an acknowledged offset is never reused.
import { decodeBatch } from '../records/records-codec';
import { BatchError, parseBatches, setBaseOffset, type ParsedBatch } from '../records/record-batch';
import { ErrorCode } from '../protocol/error-codes';
import type { LogStore } from '../storage/log-store';
import type { BatchInfo } from '../storage/segment';
import { CONTROL_FLAG, controlTypeOf, encodeMarker } from '../txn/control-batch';
import { ProducerStates } from '../txn/producer-state';

/** Who writes: a client (full producer checks), the broker itself (markers, transactional offset
 *  commits: epoch check only), or a migration replaying stored batches (no checks). */
export type AppendOrigin = 'client' | 'coordinator' | 'replay';

export interface PartitionLimits {
  /** max.message.bytes: the largest record batch accepted. */
  maxMessageBytes: number;
}

export class PartitionLog {
  readonly producerStates = new ProducerStates();
  private readonly waiters = new Set<() => void>();

  constructor(readonly topic: string, readonly partition: number, readonly store: LogStore, private readonly limits: () => PartitionLimits) {}

  get highWatermark(): number { return this.store.nextOffset; }
  get logStartOffset(): number { return this.store.logStartOffset; }
  /** read_committed consumers read up to here (the first offset of the oldest open transaction). */
  get lastStableOffset(): number { return this.producerStates.lastStableOffset(this.store.nextOffset); }

  /** Restored producer state from a batch header read at load. */
  restoreProducer(b: BatchInfo): void {
    this.producerStates.apply(b);
  }

  /** Appends validated batches; returns the base offset of the first. A retry of one of an
   *  idempotent producer's last five batches returns the original offset without appending.
   *  Throws BatchError (MESSAGE_TOO_LARGE, sequence and epoch errors) or StorageError (nothing appended). */
  append(parsed: readonly ParsedBatch[], origin: AppendOrigin = 'client'): number {
    const first = parsed[0];
    if (first === undefined) throw new BatchError(ErrorCode.CORRUPT_MESSAGE, 'empty record set');
    const planned: BatchInfo[] = [];
    let at = this.store.nextOffset;
    for (const p of parsed) {
      const control = (p.attributes & CONTROL_FLAG) !== 0;
      if (control && origin === 'client') throw new BatchError(ErrorCode.INVALID_RECORD, 'clients may not write control batches (transaction markers)');
      planned.push({
        baseOffset: at, lastOffset: at + p.count - 1, maxTimestamp: p.maxTimestamp, producerId: p.producerId, producerEpoch: p.producerEpoch,
        baseSequence: p.baseSequence, attributes: p.attributes, controlType: control ? controlTypeOf(p.buf) : -1,
      });
      at += p.count;
    }
    if (origin === 'client') {
      const dup = this.producerStates.checkAll(planned);
      if (dup !== undefined) return dup.baseOffset;
    } else if (origin === 'coordinator') {
      for (const b of planned) if (b.producerId >= 0) this.producerStates.checkEpoch(b.producerId, b.producerEpoch);
    }
    const { maxMessageBytes } = this.limits();
    for (const p of parsed) {
      if (p.buf.length > maxMessageBytes) {
        throw new BatchError(ErrorCode.MESSAGE_TOO_LARGE, `record batch of ${p.buf.length} bytes is larger than max.message.bytes ${maxMessageBytes}`);
      }
    }
    const base = this.store.nextOffset;
    const infos = planned;
    parsed.forEach((p, i) => setBaseOffset(p.buf, infos[i]?.baseOffset ?? base));
    // The batches are contiguous in the request: one write for all of them.
    const firstBuf = first.buf;
    const lastBuf = parsed[parsed.length - 1]?.buf ?? firstBuf;
    const contiguous = lastBuf.buffer === firstBuf.buffer && lastBuf.byteOffset + lastBuf.length - firstBuf.byteOffset === parsed.reduce((n, p) => n + p.buf.length, 0);
    const buf = contiguous
      ? Buffer.from(firstBuf.buffer, firstBuf.byteOffset, lastBuf.byteOffset + lastBuf.length - firstBuf.byteOffset)
      : Buffer.concat(parsed.map((p) => p.buf));
    this.store.append(buf, infos);
    for (const b of infos) this.producerStates.apply(b);
    if (this.waiters.size > 0) {
      const ws = [...this.waiters];
      this.waiters.clear();
      for (const w of ws) w();
    }
    return base;
  }

  /** Writes a commit or abort marker for a producer's transaction (the coordinator's write). */
  appendMarker(producerId: number, producerEpoch: number, commit: boolean): number {
    return this.append(parseBatches(encodeMarker(producerId, producerEpoch, commit)), 'coordinator');
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
