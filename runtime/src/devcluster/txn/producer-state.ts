// A partition's producer state, as Kafka's ProducerStateManager keeps it: per producer id the
// epoch, the last five batches (duplicates of a retry are answered with the original offsets),
// and the first offset of its open transaction; plus the open transactions (the last stable
// offset is the first offset of the oldest) and the aborted ones (for read_committed fetches).
// Rebuilt at load from the batch headers and markers in the log, so nothing extra is persisted.
import { ErrorCode } from '../protocol/error-codes';
import { BatchError } from '../records/record-batch';
import { CONTROL_ABORT, CONTROL_FLAG, TRANSACTIONAL_FLAG } from './control-batch';

const BATCHES_TO_RETAIN = 5;
const INT32_MAX = 0x7fffffff;

/** What the producer state needs from one batch (a stored batch's header, or one being appended). */
export interface ProducerBatch {
  baseOffset: number; lastOffset: number; producerId: number; producerEpoch: number; baseSequence: number;
  attributes: number; maxTimestamp: number;
  /** Marker type (0 abort, 1 commit) of a control batch; -1 otherwise. */
  controlType: number;
}

interface BatchMeta { firstSeq: number; lastSeq: number; firstOffset: number; lastOffset: number }

/** A producer in a snapshot: id, epoch, last timestamp, last offset, [firstSeq, lastSeq, firstOffset, lastOffset] per batch. */
type SnapshotRow = [number, number, number, number, [number, number, number, number][]];

interface ProducerEntry { epoch: number; batches: BatchMeta[]; txnFirstOffset: number; lastTimestamp: number }

export interface AbortedTxn { producerId: number; firstOffset: number; lastOffset: number }

export interface ProducerView { producerId: number; epoch: number; lastSequence: number; lastTimestamp: number; txnFirstOffset: number }

/** Kafka's DefaultRecordBatch.incrementSequence: sequences wrap at Int32.MAX_VALUE. */
export function lastSequenceOf(baseSequence: number, lastOffsetDelta: number): number {
  if (baseSequence < 0) return -1;
  if (baseSequence > INT32_MAX - lastOffsetDelta) return lastOffsetDelta - (INT32_MAX - baseSequence) - 1;
  return baseSequence + lastOffsetDelta;
}

const inSequence = (last: number, next: number): boolean => next === last + 1 || (next === 0 && last === INT32_MAX);

export class ProducerStates {
  private readonly entries = new Map<number, ProducerEntry>();
  /** Producer id -> first offset of its open transaction in this partition. */
  private readonly ongoing = new Map<number, number>();
  /** Ordered by lastOffset (the abort marker's offset). */
  private readonly aborted: AbortedTxn[] = [];
  /** Producer id -> offset of its last batch (data or marker): which of two states is newer. */
  private readonly lastOffsets = new Map<number, number>();

  /** Validates a producer's data batch from a client (Kafka's ProducerAppendInfo checks):
   *  returns the offsets of the earlier batch it duplicates, or undefined to append it. */
  check(b: ProducerBatch, staged?: Map<number, ProducerEntry>): { baseOffset: number } | undefined {
    if (b.producerId < 0) return undefined;
    const entry = staged?.get(b.producerId) ?? this.entries.get(b.producerId);
    const transactional = (b.attributes & TRANSACTIONAL_FLAG) !== 0;
    const lastSeq = lastSequenceOf(b.baseSequence, b.lastOffset - b.baseOffset);
    if (entry !== undefined) {
      if (b.producerEpoch < entry.epoch) {
        throw new BatchError(ErrorCode.INVALID_PRODUCER_EPOCH, `producer ${b.producerId} has epoch ${b.producerEpoch}, older than the last seen epoch ${entry.epoch}`);
      }
      if (b.producerEpoch === entry.epoch) {
        const dup = entry.batches.find((m) => m.firstSeq === b.baseSequence && m.lastSeq === lastSeq);
        if (dup !== undefined) return { baseOffset: dup.firstOffset };
        const current = entry.batches[entry.batches.length - 1]?.lastSeq ?? -1;
        if (entry.epoch !== -1 && !inSequence(current, b.baseSequence)) {
          throw new BatchError(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, `out of order sequence number for producer ${b.producerId}: ${b.baseSequence} (incoming), ${current} (current end sequence number)`);
        }
      } else if (b.baseSequence !== 0 && entry.epoch !== -1) {
        throw new BatchError(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, `invalid sequence number ${b.baseSequence} for the new epoch ${b.producerEpoch} of producer ${b.producerId} (current epoch ${entry.epoch}): a new epoch starts at 0`);
      }
      if (entry.txnFirstOffset >= 0 && !transactional) {
        throw new BatchError(ErrorCode.INVALID_TXN_STATE, `non-transactional write from producer ${b.producerId} while its transaction is open in this partition`);
      }
    }
    return undefined;
  }

  /** Checks a request's batches in order, each against the state the earlier ones leave. */
  checkAll(batches: readonly ProducerBatch[]): { baseOffset: number } | undefined {
    if (batches.length === 1) {
      const only = batches[0];
      return only === undefined ? undefined : this.check(only);
    }
    const staged = new Map<number, ProducerEntry>();
    for (const b of batches) {
      if (b.producerId < 0) continue;
      if (this.check(b, staged) !== undefined) {
        throw new BatchError(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, `a retried batch of producer ${b.producerId} came with new batches in one request`);
      }
      const prev = staged.get(b.producerId) ?? this.entries.get(b.producerId);
      const next: ProducerEntry = prev === undefined ? { epoch: -1, batches: [], txnFirstOffset: -1, lastTimestamp: -1 } : { ...prev, batches: [...prev.batches] };
      this.applyTo(next, b);
      staged.set(b.producerId, next);
    }
    return undefined;
  }

  /** Checks a marker or coordinator write (epoch only, as Kafka does for its own appends). */
  checkEpoch(producerId: number, epoch: number): void {
    const entry = this.entries.get(producerId);
    if (entry !== undefined && epoch < entry.epoch) {
      throw new BatchError(ErrorCode.INVALID_PRODUCER_EPOCH, `producer ${producerId} has epoch ${epoch}, older than the last seen epoch ${entry.epoch}`);
    }
  }

  private applyTo(entry: ProducerEntry, b: ProducerBatch): void {
    entry.lastTimestamp = Math.max(entry.lastTimestamp, b.maxTimestamp);
    if (b.producerEpoch !== entry.epoch) {
      entry.epoch = b.producerEpoch;
      entry.batches = [];
    }
    if (b.baseSequence >= 0) {
      entry.batches.push({ firstSeq: b.baseSequence, lastSeq: lastSequenceOf(b.baseSequence, b.lastOffset - b.baseOffset), firstOffset: b.baseOffset, lastOffset: b.lastOffset });
      if (entry.batches.length > BATCHES_TO_RETAIN) entry.batches.shift();
    }
  }

  /** Records an appended (or, at load, a stored) batch. */
  apply(b: ProducerBatch): void {
    if (b.producerId < 0) return;
    this.lastOffsets.set(b.producerId, Math.max(this.lastOffsets.get(b.producerId) ?? -1, b.lastOffset));
    let entry = this.entries.get(b.producerId);
    if (entry === undefined) this.entries.set(b.producerId, (entry = { epoch: -1, batches: [], txnFirstOffset: -1, lastTimestamp: -1 }));
    if ((b.attributes & CONTROL_FLAG) !== 0) {
      if (entry.txnFirstOffset >= 0) {
        this.ongoing.delete(b.producerId);
        if (b.controlType === CONTROL_ABORT) this.aborted.push({ producerId: b.producerId, firstOffset: entry.txnFirstOffset, lastOffset: b.baseOffset });
      }
      entry.txnFirstOffset = -1;
      entry.lastTimestamp = Math.max(entry.lastTimestamp, b.maxTimestamp);
      if (b.producerEpoch !== entry.epoch) {
        entry.epoch = b.producerEpoch;
        entry.batches = [];
      }
      return;
    }
    this.applyTo(entry, b);
    if ((b.attributes & TRANSACTIONAL_FLAG) !== 0 && entry.txnFirstOffset < 0) {
      entry.txnFirstOffset = b.baseOffset;
      this.ongoing.set(b.producerId, b.baseOffset);
    }
  }

  /** The first offset a read_committed consumer may not see yet. */
  lastStableOffset(highWatermark: number): number {
    let lso = highWatermark;
    for (const first of this.ongoing.values()) if (first < lso) lso = first;
    return lso;
  }

  /** Producers with a transaction open in this partition. */
  openTransactions(): { producerId: number; epoch: number; firstOffset: number }[] {
    return [...this.ongoing].map(([producerId, firstOffset]) => ({ producerId, epoch: this.entries.get(producerId)?.epoch ?? -1, firstOffset }));
  }

  /** Aborted transactions overlapping [from, to) (Kafka's collectAbortedTxns). */
  abortedBetween(from: number, to: number): AbortedTxn[] {
    let lo = 0;
    let hi = this.aborted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.aborted[mid]?.lastOffset ?? 0) < from) lo = mid + 1;
      else hi = mid;
    }
    const out: AbortedTxn[] = [];
    for (let i = lo; i < this.aborted.length; i++) {
      const a = this.aborted[i];
      if (a !== undefined && a.firstOffset < to) out.push(a);
    }
    return out;
  }

  /** Forgets aborted transactions wholly before the log start offset (retention, DeleteRecords). */
  trimBefore(logStartOffset: number): void {
    let n = 0;
    while (n < this.aborted.length && (this.aborted[n]?.lastOffset ?? Infinity) < logStartOffset) n++;
    if (n > 0) this.aborted.splice(0, n);
  }

  /** Kafka's producer snapshot (written when compaction removes batches): each producer's
   *  epoch, last batches and last offset, as JSON. */
  snapshot(): Buffer {
    const rows: SnapshotRow[] = [...this.entries].map(([id, e]) => [id, e.epoch, e.lastTimestamp, this.lastOffsets.get(id) ?? -1, e.batches.map((m) => [m.firstSeq, m.lastSeq, m.firstOffset, m.lastOffset])]);
    return Buffer.from(JSON.stringify(rows));
  }

  /** After a load: a producer whose later batches compaction removed gets its state back from
   *  the snapshot. Entries about offsets past the log end (lost in a crash) are ignored. */
  restoreSnapshot(snapshot: Buffer, logEndOffset: number): void {
    const rows = JSON.parse(snapshot.toString('utf8')) as unknown;
    if (!Array.isArray(rows)) throw new Error('producer snapshot is not a list');
    for (const row of rows as SnapshotRow[]) {
      const [id, epoch, lastTimestamp, lastOffset, batches] = row;
      if (lastOffset >= logEndOffset || (this.lastOffsets.get(id) ?? -1) >= lastOffset) continue;
      const txnFirstOffset = this.entries.get(id)?.txnFirstOffset ?? -1;
      this.entries.set(id, { epoch, lastTimestamp, txnFirstOffset, batches: batches.map(([firstSeq, lastSeq, firstOffset, last]) => ({ firstSeq, lastSeq, firstOffset, lastOffset: last })) });
      this.lastOffsets.set(id, lastOffset);
    }
  }

  /** Compaction removed these abort markers, after all of their transactions' data. */
  forgetAborted(removed: readonly { producerId: number; markerOffset: number }[]): void {
    const gone = new Set(removed.map((r) => `${r.producerId}:${r.markerOffset}`));
    for (let i = this.aborted.length - 1; i >= 0; i--) {
      const a = this.aborted[i];
      if (a !== undefined && gone.has(`${a.producerId}:${a.lastOffset}`)) this.aborted.splice(i, 1);
    }
  }

  producers(): ProducerView[] {
    return [...this.entries].map(([producerId, e]) => ({ producerId, epoch: e.epoch, lastSequence: e.batches[e.batches.length - 1]?.lastSeq ?? -1, lastTimestamp: e.lastTimestamp, txnFirstOffset: e.txnFirstOffset }));
  }

  /** producer.id.expiration.ms (Kafka's removeExpiredProducers): forgets producers with no
   *  transaction open here whose last batch's timestamp is this old; returns how many. A later
   *  batch of such a producer is taken as from a new one (any sequence, as Kafka since KIP-360). */
  expire(now: number, expirationMs: number): number {
    let n = 0;
    for (const [id, e] of this.entries) {
      if (e.txnFirstOffset >= 0 || now - e.lastTimestamp < expirationMs) continue;
      this.entries.delete(id);
      this.lastOffsets.delete(id);
      n++;
    }
    return n;
  }

  highestProducerId(): number {
    let max = -1;
    for (const id of this.entries.keys()) if (id > max) max = id;
    return max;
  }
}
