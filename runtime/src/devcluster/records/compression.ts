// The record-batch codecs (attributes & 7): none, gzip, snappy, lz4, zstd. Snappy comes raw or in
// the xerial framing Java producers write; lz4 is the LZ4 frame format (KIP-57). Pure-JS packages,
// no native code. The broker stores batches as producers sent them; this is for reading records
// back (ListOffsets by time, tools, tests) and writing test batches.
import { gunzipSync, gzipSync } from 'node:zlib';
import { decompress as zstdDecompress } from 'fzstd';
import * as lz4 from 'lz4js';
import * as snappy from 'snappyjs';
import { ErrorCode } from '../protocol/error-codes';
import { BatchError } from './record-batch';

export type Compression = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
export const COMPRESSION_CODES: Record<Compression, number> = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 };

const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);

function snappyDecode(data: Buffer): Buffer {
  if (data.length < 16 || !data.subarray(0, 8).equals(XERIAL_MAGIC)) return Buffer.from(snappy.uncompress(data));
  // xerial: magic, version, compatible version, then (length, block) pairs.
  const blocks: Buffer[] = [];
  let at = 16;
  while (at + 4 <= data.length) {
    const n = data.readInt32BE(at);
    at += 4;
    if (n < 0 || at + n > data.length) throw new BatchError(ErrorCode.CORRUPT_MESSAGE, 'truncated xerial snappy block');
    blocks.push(Buffer.from(snappy.uncompress(data.subarray(at, at + n))));
    at += n;
  }
  return Buffer.concat(blocks);
}

export function decompress(code: number, data: Buffer): Buffer {
  try {
    switch (code) {
      case 0: return data;
      case 1: return gunzipSync(data);
      case 2: return snappyDecode(data);
      case 3: return Buffer.from(lz4.decompress(data));
      case 4: return Buffer.from(zstdDecompress(data));
      default: break;
    }
  } catch (error) {
    throw new BatchError(ErrorCode.CORRUPT_MESSAGE, `cannot decompress a record batch (codec ${code}): ${String(error instanceof Error ? error.message : error)}`);
  }
  throw new BatchError(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, `unknown compression codec ${code}`);
}

/** Compresses test and tool batches (zstd is read, not written: no pure-JS zstd encoder is kept well enough). */
export function compress(kind: Compression, data: Buffer): Buffer {
  switch (kind) {
    case 'none': return data;
    case 'gzip': return gzipSync(data);
    case 'snappy': return Buffer.from(snappy.compress(data));
    case 'lz4': return Buffer.from(lz4.compress(data));
    case 'zstd': throw new BatchError(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, 'writing zstd batches is not supported here (reading is)');
  }
}
