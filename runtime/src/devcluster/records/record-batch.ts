// Record batch v2 framing: validates what producers send and rewrites only the base offset, so
// batches are stored and served exactly as received (no re-encoding, compressed or not).
import { crc32c } from '../protocol/crc32c';
import { ErrorCode } from '../protocol/error-codes';

export const BATCH_HEADER_BYTES = 61;
const CRC_START = 21;

/** One stored batch: `buf` is the whole batch with its base offset already set. */
export interface StoredBatch {
  baseOffset: number;
  lastOffset: number;
  maxTimestamp: number;
  buf: Buffer;
}

export interface ParsedBatch {
  buf: Buffer;
  count: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  /** Bits 4 (transactional) and 5 (control) matter beyond the codec. */
  attributes: number;
}

export class BatchError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

/** Splits a produce request's records into validated batches (CRC-32C, magic, codec). */
export function parseBatches(records: Buffer): ParsedBatch[] {
  const out: ParsedBatch[] = [];
  let at = 0;
  while (at < records.length) {
    if (records.length - at < BATCH_HEADER_BYTES) throw new BatchError(ErrorCode.CORRUPT_MESSAGE, 'truncated record batch header');
    const batchLength = records.readInt32BE(at + 8);
    const end = at + 12 + batchLength;
    if (batchLength < BATCH_HEADER_BYTES - 12 || end > records.length) {
      throw new BatchError(ErrorCode.CORRUPT_MESSAGE, `record batch length ${batchLength} does not fit the request`);
    }
    const magic = records.readInt8(at + 16);
    if (magic !== 2) throw new BatchError(ErrorCode.CORRUPT_MESSAGE, `unsupported record batch magic ${magic} (only v2)`);
    const crc = records.readUInt32BE(at + 17);
    if (crc32c(records, at + CRC_START, end) !== crc) throw new BatchError(ErrorCode.CORRUPT_MESSAGE, 'record batch CRC-32C mismatch');
    const attributes = records.readInt16BE(at + 21);
    const compression = attributes & 7;
    if (compression > 4) {
      throw new BatchError(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, `unknown compression codec ${compression} (Kafka has none, gzip, snappy, lz4, zstd)`);
    }
    const lastOffsetDelta = records.readInt32BE(at + 23);
    const count = records.readInt32BE(at + 57);
    if (lastOffsetDelta < 0 || count <= 0 || count > lastOffsetDelta + 1) {
      throw new BatchError(ErrorCode.CORRUPT_MESSAGE, `record batch counts are inconsistent (count ${count}, last delta ${lastOffsetDelta})`);
    }
    out.push({
      buf: records.subarray(at, end),
      count: lastOffsetDelta + 1,
      maxTimestamp: Number(records.readBigInt64BE(at + 35)),
      producerId: Number(records.readBigInt64BE(at + 43)),
      producerEpoch: records.readInt16BE(at + 51),
      baseSequence: records.readInt32BE(at + 53),
      attributes,
    });
    at = end;
  }
  if (out.length === 0) throw new BatchError(ErrorCode.CORRUPT_MESSAGE, 'empty record set');
  return out;
}

export function setBaseOffset(batch: Buffer, baseOffset: number): void {
  batch.writeBigInt64BE(BigInt(baseOffset), 0);
}

/** Reads stored batches back from a segment file's bytes; returns them and the valid length. */
export function scanSegment(data: Buffer): { batches: StoredBatch[]; validBytes: number } {
  const batches: StoredBatch[] = [];
  let at = 0;
  while (data.length - at >= BATCH_HEADER_BYTES) {
    const batchLength = data.readInt32BE(at + 8);
    const end = at + 12 + batchLength;
    if (batchLength < BATCH_HEADER_BYTES - 12 || end > data.length) break;
    if (crc32c(data, at + CRC_START, end) !== data.readUInt32BE(at + 17)) break;
    const baseOffset = Number(data.readBigInt64BE(at));
    batches.push({
      baseOffset,
      lastOffset: baseOffset + data.readInt32BE(at + 23),
      maxTimestamp: Number(data.readBigInt64BE(at + 35)),
      buf: data.subarray(at, end),
    });
    at = end;
  }
  return { batches, validBytes: at };
}
