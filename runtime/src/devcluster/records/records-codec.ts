// Record batch v2 encode/decode (every codec to read; none, gzip, snappy, lz4 to write), for
// timestamp look-ups, tools and tests.
// The produce/fetch path never re-encodes: see record-batch.ts.
import { crc32c } from '../protocol/crc32c';
import { ErrorCode } from '../protocol/error-codes';
import { Reader } from '../protocol/reader';
import { Writer } from '../protocol/writer';
import { COMPRESSION_CODES, compress, decompress, type Compression } from './compression';
import { BATCH_HEADER_BYTES, BatchError } from './record-batch';

export interface DecodedRecord {
  offset: number; timestamp: number; key: Buffer | null; value: Buffer | null; headers: { key: string; value: Buffer | null }[];
}

export interface BatchInput {
  baseOffset?: number; compression?: Compression; producerId?: number; producerEpoch?: number; baseSequence?: number;
  /** Attribute bits kept from a batch being rewritten (transactional, control, timestamp type). */
  attributes?: number;
  /** Set when rewriting a compacted batch: records keep their offsets, the batch its last offset. */
  lastOffsetDelta?: number;
  /** The batch's base timestamp when it is not the first record's: KIP-534's delete horizon
   *  (record timestamps stay the same, their deltas count from this). */
  firstTimestamp?: number;
  records: { key: Buffer | null; value: Buffer | null; timestamp?: number; headers?: { key: string; value: Buffer | null }[]; offsetDelta?: number }[];
}

function varBytes(w: Writer, b: Buffer | null): void {
  if (b === null) w.varint(-1);
  else w.varint(b.length).raw(b);
}

export function encodeBatch(input: BatchInput): Buffer {
  const now = Date.now();
  let maxTimestamp = input.records[0]?.timestamp ?? now;
  const baseTimestamp = input.firstTimestamp ?? maxTimestamp;
  const body = new Writer();
  input.records.forEach((rec, i) => {
    const ts = rec.timestamp ?? now;
    maxTimestamp = Math.max(maxTimestamp, ts);
    const r = new Writer();
    r.i8(0).varlong(ts - baseTimestamp).varint(rec.offsetDelta ?? i);
    varBytes(r, rec.key);
    varBytes(r, rec.value);
    const headers = rec.headers ?? [];
    r.varint(headers.length);
    for (const h of headers) {
      varBytes(r, Buffer.from(h.key));
      varBytes(r, h.value);
    }
    body.varint(r.length);
    for (const p of r.finish()) body.raw(p);
  });
  const codec = input.compression ?? 'none';
  const records: Buffer = compress(codec, Buffer.concat(body.finish()));
  const head = Buffer.alloc(BATCH_HEADER_BYTES);
  head.writeBigInt64BE(BigInt(input.baseOffset ?? 0), 0);
  head.writeInt32BE(BATCH_HEADER_BYTES - 12 + records.length, 8);
  head.writeInt32BE(-1, 12);
  head.writeInt8(2, 16);
  head.writeInt16BE(COMPRESSION_CODES[codec] | ((input.attributes ?? 0) & ~7), 21);
  head.writeInt32BE(input.lastOffsetDelta ?? input.records.length - 1, 23);
  head.writeBigInt64BE(BigInt(baseTimestamp), 27);
  head.writeBigInt64BE(BigInt(maxTimestamp), 35);
  head.writeBigInt64BE(BigInt(input.producerId ?? -1), 43);
  head.writeInt16BE(input.producerEpoch ?? -1, 51);
  head.writeInt32BE(input.baseSequence ?? -1, 53);
  head.writeInt32BE(input.records.length, 57);
  const batch = Buffer.concat([head, records]);
  batch.writeUInt32BE(crc32c(batch, 21), 17);
  return batch;
}

function readVarBytes(r: Reader): Buffer | null {
  const n = r.varint();
  if (n < 0) return null;
  if (n > r.remaining()) throw new BatchError(ErrorCode.CORRUPT_MESSAGE, 'record field longer than its batch');
  const out = r.buf.subarray(r.pos, r.pos + n);
  r.pos += n;
  return out;
}

/** Decodes one batch (as stored: base offset set) into its records. */
export function decodeBatch(batch: Buffer): DecodedRecord[] {
  const baseOffset = Number(batch.readBigInt64BE(0));
  const attributes = batch.readInt16BE(21);
  const baseTimestamp = Number(batch.readBigInt64BE(27));
  const count = batch.readInt32BE(57);
  let data = batch.subarray(BATCH_HEADER_BYTES);
  data = decompress(attributes & 7, data);
  const r = new Reader(data);
  const out: DecodedRecord[] = [];
  for (let i = 0; i < count; i++) {
    const length = r.varint();
    const end = r.pos + length;
    r.i8();
    const timestamp = baseTimestamp + r.varlong();
    const offset = baseOffset + r.varint();
    const key = readVarBytes(r);
    const value = readVarBytes(r);
    const headers: DecodedRecord['headers'] = [];
    const nh = r.varint();
    for (let h = 0; h < nh; h++) {
      const hk = readVarBytes(r);
      headers.push({ key: hk === null ? '' : hk.toString('utf8'), value: readVarBytes(r) });
    }
    if (r.pos !== end) throw new BatchError(ErrorCode.CORRUPT_MESSAGE, `record ${i} length mismatch`);
    out.push({ offset, timestamp, key, value, headers });
  }
  return out;
}
