// Kafka's log compaction for topics with cleanup.policy=compact (__consumer_offsets, changelogs):
// of the records before the active segment, only the latest one per key stays, with its original
// offset (readers such as Burrow see gaps, as on Kafka); tombstones (null values) stay for
// delete.retention.ms so readers catch the delete, then go too. Transactional and control batches
// are kept whole and supersede nothing: whether their transaction committed is not known here, and
// an aborted offset commit must never clean away the committed one before it.
import { decodeBatch, encodeBatch } from '../records/records-codec';

const TRANSACTIONAL_OR_CONTROL = 0x10 | 0x20;

export interface CleanOptions {
  /** Tombstones older than this timestamp are dropped. */
  tombstoneHorizon: number;
}

/** Records the newest offset of every key in `batch` (records without a key are never cleaned). */
export function noteLatest(batch: Buffer, latest: Map<string, number>): void {
  if ((batch.readInt16BE(21) & TRANSACTIONAL_OR_CONTROL) !== 0) return;
  for (const rec of decodeBatch(batch)) if (rec.key !== null) latest.set(rec.key.toString('latin1'), rec.offset);
}

/** The batch with only the records that survive, or undefined when none does. The base offset,
 *  last offset, producer fields and attributes are kept; the records are written uncompressed. */
export function cleanBatch(batch: Buffer, latest: ReadonlyMap<string, number>, o: CleanOptions): Buffer | undefined {
  const attributes = batch.readInt16BE(21);
  if ((attributes & TRANSACTIONAL_OR_CONTROL) !== 0) return batch;
  const records = decodeBatch(batch);
  const kept = records.filter((r) => {
    if (r.key === null) return true;
    if (latest.get(r.key.toString('latin1')) !== r.offset) return false;
    return r.value !== null || r.timestamp >= o.tombstoneHorizon;
  });
  if (kept.length === records.length) return batch;
  if (kept.length === 0) return undefined;
  const baseOffset = Number(batch.readBigInt64BE(0));
  return encodeBatch({
    baseOffset,
    attributes,
    lastOffsetDelta: batch.readInt32BE(23),
    producerId: Number(batch.readBigInt64BE(43)),
    producerEpoch: batch.readInt16BE(51),
    baseSequence: batch.readInt32BE(53),
    records: kept.map((r) => ({ key: r.key, value: r.value, timestamp: r.timestamp, headers: r.headers, offsetDelta: r.offset - baseOffset })),
  });
}
