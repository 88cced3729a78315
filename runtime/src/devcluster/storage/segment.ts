// One segment file of a partition on disk: record batches exactly as stored (base offsets set),
// named by its base offset as Kafka does (00000000000000000042.log). In memory only a sparse
// index (an entry every INDEX_INTERVAL bytes, as Kafka's index.interval.bytes) and a few totals.
import { join } from 'node:path';
import { crc32c } from '../protocol/crc32c';
import { BATCH_HEADER_BYTES } from '../records/record-batch';
import { CONTROL_FLAG, controlTypeOf } from '../txn/control-batch';
import { messageOf, StorageError, writeFully, type FileOps } from './file-ops';
import type { HandleCache } from './handle-cache';

const INDEX_INTERVAL = 4096;
const SCAN_WINDOW = 1024 * 1024;
const CRC_START = 21;

export const segmentName = (baseOffset: number): string => `${String(baseOffset).padStart(20, '0')}.log`;

export interface BatchInfo {
  baseOffset: number; lastOffset: number; maxTimestamp: number; producerId: number; producerEpoch: number; baseSequence: number;
  attributes: number;
  /** A control batch's marker type (0 abort, 1 commit), read at load; -1 for data batches. */
  controlType: number;
}

export class Segment {
  readonly path: string;
  size = 0;
  /** One past the last offset in this segment (baseOffset when empty). */
  nextOffset: number;
  maxTimestamp = -1;
  /** The first batch's max timestamp (Kafka's first batch timestamp: max.compaction.lag.ms). */
  firstTimestamp = -1;
  private indexOffsets: number[] = [];
  private indexPositions: number[] = [];
  private lastIndexed = -Infinity;
  /** Deleted (retention, compaction): reads find nothing here, so the file is never re-created. */
  removed = false;

  constructor(dir: string, readonly baseOffset: number, private readonly ops: FileOps, private readonly handles: HandleCache, readonly createdAt: number, fileName = segmentName(baseOffset)) {
    this.path = join(dir, fileName);
    this.nextOffset = baseOffset;
  }

  private note(b: BatchInfo, position: number, length: number): void {
    if (position - this.lastIndexed >= INDEX_INTERVAL || this.indexOffsets.length === 0) {
      this.indexOffsets.push(b.baseOffset);
      this.indexPositions.push(position);
      this.lastIndexed = position;
    }
    this.size = position + length;
    this.nextOffset = b.lastOffset + 1;
    if (b.maxTimestamp > this.maxTimestamp) this.maxTimestamp = b.maxTimestamp;
    if (this.firstTimestamp < 0) this.firstTimestamp = b.maxTimestamp;
  }

  /** Reads the file back: every batch's header (and, with `verify`, its CRC); a torn or corrupt
   *  tail is cut off so the next write starts clean. `onBatch` sees each header, in order. */
  load(verify: boolean, onBatch: (b: BatchInfo) => void): Promise<{ cutBytes: number }> {
    return this.handles.use(this.path, async (fd) => {
      const fileSize = await this.ops.size(fd);
      let window = Buffer.alloc(0);
      let windowAt = 0;
      const view = async (pos: number, n: number): Promise<Buffer | undefined> => {
        if (pos + n > fileSize) return undefined;
        if (pos < windowAt || pos + n > windowAt + window.length) {
          const buf = Buffer.allocUnsafe(Math.min(Math.max(n, SCAN_WINDOW), fileSize - pos));
          const got = await this.ops.read(fd, buf, pos);
          if (got < n) return undefined;
          window = buf.subarray(0, got);
          windowAt = pos;
        }
        return window.subarray(pos - windowAt, pos - windowAt + n);
      };
      let pos = 0;
      for (;;) {
        const head = await view(pos, BATCH_HEADER_BYTES);
        if (head === undefined) break;
        const batchLength = head.readInt32BE(8);
        const length = 12 + batchLength;
        if (batchLength < BATCH_HEADER_BYTES - 12 || head.readInt8(16) !== 2 || pos + length > fileSize) break;
        const baseOffset = Number(head.readBigInt64BE(0));
        if (baseOffset < this.nextOffset) break;
        if (verify) {
          const whole = await view(pos, length);
          if (whole === undefined || crc32c(whole, CRC_START, length) !== whole.readUInt32BE(17)) break;
        }
        const attributes = head.readInt16BE(21);
        // Transaction markers: the type is in the record's key (the batch is tiny and never compressed).
        const control = (attributes & CONTROL_FLAG) !== 0 ? await view(pos, length) : undefined;
        const info: BatchInfo = {
          baseOffset, lastOffset: baseOffset + head.readInt32BE(23), maxTimestamp: Number(head.readBigInt64BE(35)),
          producerId: Number(head.readBigInt64BE(43)), producerEpoch: head.readInt16BE(51), baseSequence: head.readInt32BE(53),
          attributes, controlType: control === undefined ? -1 : controlTypeOf(control),
        };
        this.note(info, pos, length);
        onBatch(info);
        pos += length;
      }
      this.size = pos;
      if (pos < fileSize) {
        await this.ops.ftruncate(fd, pos);
        await this.ops.fsync(fd);
      }
      return { cutBytes: fileSize - pos };
    });
  }

  /** Writes the batches (one contiguous buffer) after the last one; on any failure (short write,
   *  ENOSPC, EIO) the file is cut back and nothing is recorded: the caller answers with an error.
   *  Resolves to the write's generation (HandleCache.syncTo makes it durable). Appends to one
   *  segment are never concurrent: the partition's queue runs them one at a time. */
  append(buf: Buffer, batches: readonly BatchInfo[]): Promise<number> {
    return this.handles.use(this.path, async (fd) => {
      const at = this.size;
      try {
        await writeFully(this.ops, fd, buf, at, this.path);
      } catch (error) {
        try {
          await this.ops.ftruncate(fd, at);
        } catch (cut) {
          // The file may now end in a fragment: nothing more is appended to it (offline until restart).
          const e = new StorageError(`${messageOf(error)}; cutting the file back to ${at} bytes failed too: ${messageOf(cut)}`, (error as StorageError).errno, { cause: error });
          this.handles.fail(this.path, e);
          throw e;
        }
        throw error;
      }
      const gen = this.handles.written(this.path);
      let pos = at;
      for (const b of batches) {
        const length = 12 + buf.readInt32BE(pos - at + 8);
        this.note(b, pos, length);
        pos += length;
      }
      return gen;
    });
  }

  /** Whole batches from the one holding `offset`, up to `maxBytes` (at least one batch). */
  read(offset: number, maxBytes: number): Promise<Buffer | undefined> {
    if (offset >= this.nextOffset || this.size === 0 || this.removed) return Promise.resolve(undefined);
    // What is recorded now is whole on disk; a later append only adds after it.
    const size = this.size;
    let i = upperBound(this.indexOffsets, offset) - 1;
    if (i < 0) i = 0;
    const start = this.indexPositions[i] ?? 0;
    return this.handles.use(this.path, async (fd) => {
      let pos = start;
      const head = Buffer.allocUnsafe(27);
      // Walk batch headers to the one holding `offset` (at most about INDEX_INTERVAL bytes).
      for (;;) {
        if (pos >= size) return undefined;
        if (await this.ops.read(fd, head, pos) < head.length) throw new StorageError(`${this.path}: short read at ${pos}`, 'EIO');
        const last = Number(head.readBigInt64BE(0)) + head.readInt32BE(23);
        if (last >= offset) break;
        pos += 12 + head.readInt32BE(8);
      }
      const want = Math.min(Math.max(maxBytes, 1), size - pos);
      let chunk = Buffer.allocUnsafe(want);
      const got = await this.ops.read(fd, chunk, pos);
      chunk = chunk.subarray(0, got);
      let end = 0;
      while (end + 12 <= chunk.length) {
        const length = 12 + chunk.readInt32BE(end + 8);
        if (end + length > chunk.length) break;
        end += length;
      }
      if (end > 0) return chunk.subarray(0, end);
      // The first batch is larger than maxBytes: it is returned whole (KIP-74).
      return this.readWhole(fd, pos);
    });
  }

  private async readWhole(fd: number, position: number): Promise<Buffer> {
    const head = Buffer.allocUnsafe(12);
    if (await this.ops.read(fd, head, position) < head.length) throw new StorageError(`${this.path}: short read at ${position}`, 'EIO');
    const whole = Buffer.allocUnsafe(12 + head.readInt32BE(8));
    if (await this.ops.read(fd, whole, position) < whole.length) throw new StorageError(`${this.path}: short read at ${position}`, 'EIO');
    return whole;
  }

  /** Every batch header with its position (reads the file): look-ups by timestamp, compaction. */
  async headers(): Promise<{ baseOffset: number; lastOffset: number; maxTimestamp: number; position: number; length: number }[]> {
    const size = this.size;
    return this.handles.use(this.path, async (fd) => {
      const out: { baseOffset: number; lastOffset: number; maxTimestamp: number; position: number; length: number }[] = [];
      const head = Buffer.allocUnsafe(43);
      let pos = 0;
      while (pos < size) {
        if (await this.ops.read(fd, head, pos) < head.length) break;
        const baseOffset = Number(head.readBigInt64BE(0));
        const length = 12 + head.readInt32BE(8);
        out.push({ baseOffset, lastOffset: baseOffset + head.readInt32BE(23), maxTimestamp: Number(head.readBigInt64BE(35)), position: pos, length });
        pos += length;
      }
      return out;
    });
  }

  readAt(position: number): Promise<Buffer> {
    return this.handles.use(this.path, (fd) => this.readWhole(fd, position));
  }

  /** Cut to its recorded size and fsync (the segment stops taking appends). */
  seal(): Promise<void> {
    return this.handles.use(this.path, async (fd) => {
      await this.ops.ftruncate(fd, this.size);
      await this.handles.fsync(this.path);
    });
  }

  /** Deletes the file once reads in flight are done with it; nothing opens it afterwards. */
  async remove(): Promise<void> {
    this.removed = true;
    await this.handles.release(this.path, true);
    await this.ops.unlink(this.path);
  }
}

/** First index whose value is greater than `x`. */
function upperBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((xs[mid] ?? 0) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
