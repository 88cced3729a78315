// Kafka's log compaction (LogCleaner) for topics with cleanup.policy=compact (__consumer_offsets,
// __transaction_state, changelogs). Of the records below the cleanable end (the high watermark,
// and never past the first unstable offset: an open transaction), only the latest one per key
// stays, at its original offset (readers such as Burrow see gaps, as on Kafka); tombstones (null
// values) stay for delete.retention.ms after the clean that first keeps them (KIP-534: that clean
// stamps their batch with a delete horizon, now + delete.retention.ms), so a reader gets that
// long to catch the delete however old the tombstone was; a later clean removes them.
// Transactions, as Kafka's cleaner treats them:
// - records of aborted transactions are removed, and never supersede anything;
// - records of committed transactions count from their offset, like any other;
// - a transaction's marker stays while any of its data does; once all of it is gone the marker is
//   stamped with a delete horizon (now + delete.retention.ms, KIP-534's batch flag) and removed
//   by a later clean after that, so a read_committed reader that was told of the abort still
//   finds the marker that ends it.
// Two passes over the batches in offset order: CleanPlan.observe sees the whole log (to learn the
// latest offset per key and each transaction's outcome), then BatchCleaner.clean rewrites the
// batches being cleaned.
import { crc32c } from '../protocol/crc32c';
import { decodeBatch, encodeBatch } from '../records/records-codec';
import { CONTROL_ABORT, CONTROL_FLAG, controlTypeOf, TRANSACTIONAL_FLAG } from '../txn/control-batch';

/** KIP-534: the batch's base timestamp is the time after which a cleaner may delete it. */
const DELETE_HORIZON_FLAG = 0x40;

export interface CleanOptions {
  now: number;
  deleteRetentionMs: number;
  /** Nothing at or past this offset is cleaned, nor supersedes anything (min of the high
   *  watermark and the last stable offset). */
  cleanableEnd: number;
  /** Abort markers removed, once the cleaned log is in place: the partition forgets them. */
  onAbortMarkersRemoved?: (removed: readonly { producerId: number; markerOffset: number }[]) => void;
}

const baseOffsetOf = (b: Buffer): number => Number(b.readBigInt64BE(0));
const producerIdOf = (b: Buffer): number => Number(b.readBigInt64BE(43));

interface OpenBatch { base: number; keys: [string, number][] }

/** Pass one: the latest offset of every key and the fate of every transactional batch. */
export class CleanPlan {
  private readonly latest = new Map<string, number>();
  private readonly aborted = new Set<number>();
  /** Producer id -> its transaction's batches seen so far without a marker. */
  private readonly open = new Map<number, OpenBatch[]>();

  constructor(private readonly cleanableEnd: number) {}

  private note(key: string, offset: number): void {
    const was = this.latest.get(key);
    if (was === undefined || offset > was) this.latest.set(key, offset);
  }

  observe(batch: Buffer): void {
    const attributes = batch.readInt16BE(21);
    const producerId = producerIdOf(batch);
    if ((attributes & CONTROL_FLAG) !== 0) {
      const list = this.open.get(producerId);
      this.open.delete(producerId);
      if (list === undefined) return;
      if (controlTypeOf(batch) === CONTROL_ABORT) for (const b of list) this.aborted.add(b.base);
      else for (const b of list) for (const [key, offset] of b.keys) this.note(key, offset);
      return;
    }
    const base = baseOffsetOf(batch);
    if (base >= this.cleanableEnd) return;
    const keys: [string, number][] = [];
    for (const rec of decodeBatch(batch)) if (rec.key !== null && rec.offset < this.cleanableEnd) keys.push([rec.key.toString('latin1'), rec.offset]);
    if ((attributes & TRANSACTIONAL_FLAG) === 0) {
      for (const [key, offset] of keys) this.note(key, offset);
      return;
    }
    let list = this.open.get(producerId);
    if (list === undefined) this.open.set(producerId, (list = []));
    list.push({ base, keys });
  }

  isLatest(key: string, offset: number): boolean {
    return this.latest.get(key) === offset;
  }

  isAborted(base: number): boolean {
    return this.aborted.has(base);
  }

  /** A transactional batch whose marker was not seen (kept whole: its outcome is unknown). */
  isUndecided(producerId: number, base: number): boolean {
    return this.open.get(producerId)?.some((b) => b.base === base) ?? false;
  }
}

/** Pass two: rewrites the batches being cleaned, in offset order. */
export class BatchCleaner {
  /** Producer id -> whether its current transaction kept any data. */
  private readonly keptInTxn = new Map<number, boolean>();
  /** Abort markers this clean removes (reported once the cleaned log is in place). */
  readonly removedAborts: { producerId: number; markerOffset: number }[] = [];
  /** The earliest delete horizon left in the cleaned batches: a clean is due then. */
  earliestHorizon = Infinity;

  constructor(private readonly plan: CleanPlan, private readonly o: CleanOptions) {}

  /** The batch with only what survives, or undefined when nothing does. Producer fields and
   *  offsets are kept; rewritten records are stored uncompressed. */
  clean(batch: Buffer): Buffer | undefined {
    const attributes = batch.readInt16BE(21);
    const producerId = producerIdOf(batch);
    const base = baseOffsetOf(batch);
    if ((attributes & CONTROL_FLAG) !== 0) return this.cleanMarker(batch, attributes, producerId, base);
    const transactional = (attributes & TRANSACTIONAL_FLAG) !== 0;
    if (transactional) {
      if (this.plan.isAborted(base)) return undefined;
      if (this.plan.isUndecided(producerId, base)) {
        this.keptInTxn.set(producerId, true);
        return batch;
      }
    }
    const stamped = (attributes & DELETE_HORIZON_FLAG) !== 0;
    const horizon = stamped ? Number(batch.readBigInt64BE(27)) : this.o.now + this.o.deleteRetentionMs;
    const records = decodeBatch(batch);
    const kept = records.filter((r) => {
      if (r.key === null) return true;
      if (!this.plan.isLatest(r.key.toString('latin1'), r.offset)) return false;
      return r.value !== null || this.o.now < horizon;
    });
    if (transactional && kept.length > 0) this.keptInTxn.set(producerId, true);
    const tombstones = kept.some((r) => r.key !== null && r.value === null);
    if (tombstones) this.earliestHorizon = Math.min(this.earliestHorizon, horizon);
    // A batch keeping tombstones gets its horizon the first time; otherwise untouched if whole.
    const stamp = tombstones && !stamped;
    if (kept.length === records.length && !stamp) return batch;
    if (kept.length === 0) return undefined;
    return encodeBatch({
      baseOffset: base,
      attributes: stamp ? attributes | DELETE_HORIZON_FLAG : tombstones ? attributes : attributes & ~DELETE_HORIZON_FLAG,
      ...(tombstones ? { firstTimestamp: horizon } : {}),
      lastOffsetDelta: batch.readInt32BE(23),
      producerId,
      producerEpoch: batch.readInt16BE(51),
      baseSequence: batch.readInt32BE(53),
      records: kept.map((r) => ({ key: r.key, value: r.value, timestamp: r.timestamp, headers: r.headers, offsetDelta: r.offset - base })),
    });
  }

  private cleanMarker(batch: Buffer, attributes: number, producerId: number, base: number): Buffer | undefined {
    const keptData = this.keptInTxn.get(producerId) ?? false;
    this.keptInTxn.delete(producerId);
    if (keptData) return batch;
    if ((attributes & DELETE_HORIZON_FLAG) === 0) {
      // All of the transaction's data is gone: readers get delete.retention.ms to pass the marker.
      const stamped = Buffer.from(batch);
      stamped.writeInt16BE(attributes | DELETE_HORIZON_FLAG, 21);
      stamped.writeBigInt64BE(BigInt(this.o.now + this.o.deleteRetentionMs), 27);
      stamped.writeUInt32BE(crc32c(stamped, 21), 17);
      this.earliestHorizon = Math.min(this.earliestHorizon, this.o.now + this.o.deleteRetentionMs);
      return stamped;
    }
    if (this.o.now < Number(batch.readBigInt64BE(27))) {
      this.earliestHorizon = Math.min(this.earliestHorizon, Number(batch.readBigInt64BE(27)));
      return batch;
    }
    if (controlTypeOf(batch) === CONTROL_ABORT) this.removedAborts.push({ producerId, markerOffset: base });
    return undefined;
  }
}
