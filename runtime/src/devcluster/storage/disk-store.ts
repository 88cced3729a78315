// A partition in its own folder of segment files, as Kafka lays it out: the newest segment takes
// appends and rolls at segment.bytes / segment.ms; reads go to the file through the sparse index;
// retention and DeleteRecords drop whole old segments and move the log start offset, which is
// kept in a small checkpoint file. Only the newest segment can have a torn tail: it is verified
// (CRC) and cut at load; older ones were cut to size and fsynced when they rolled.
import { join } from 'node:path';
import { errnoOf, StorageError, writeFully, type FileOps } from './file-ops';
import type { HandleCache } from './handle-cache';
import type { LogStore, RetentionConfig } from './log-store';
import { Segment, type BatchInfo } from './segment';

const CHECKPOINT = 'log-start-offset';

export class DiskStore implements LogStore {
  private segments: Segment[] = [];
  logStartOffset = 0;
  private created = false;

  constructor(
    private readonly dir: string,
    private readonly ops: FileOps,
    private readonly handles: HandleCache,
    private readonly config: () => RetentionConfig,
    private readonly now: () => number,
  ) {}

  /** Loads the folder's segments; `onBatch` sees every batch header (producer state, etc.). */
  load(onBatch: (b: BatchInfo) => void): { cutBytes: number } {
    if (!this.ops.exists(this.dir)) return { cutBytes: 0 };
    this.created = true;
    const names = this.ops.readdir(this.dir).filter((n) => /^\d{20}\.log$/.test(n)).sort();
    let cutBytes = 0;
    for (let i = 0; i < names.length; i++) {
      const name = names[i] ?? '';
      const seg = new Segment(this.dir, Number(name.slice(0, 20)), this.ops, this.handles, this.now());
      const last = i === names.length - 1;
      cutBytes += seg.load(last, onBatch).cutBytes;
      this.handles.release(seg.path);
      if (seg.size === 0 && !last) {
        seg.remove();
        continue;
      }
      this.segments.push(seg);
    }
    const first = this.segments[0];
    this.logStartOffset = first?.baseOffset ?? 0;
    const checkpoint = join(this.dir, CHECKPOINT);
    if (this.ops.exists(checkpoint)) {
      const m = /^(\d+) ([0-9a-f]+)\n$/.exec(this.ops.readFile(checkpoint).toString('latin1'));
      if (m !== null && Number(m[2]) === Number(m[1]) % 65521) this.logStartOffset = Math.max(this.logStartOffset, Number(m[1]));
    }
    this.logStartOffset = Math.min(this.logStartOffset, this.nextOffset);
    return { cutBytes };
  }

  get nextOffset(): number {
    const last = this.segments[this.segments.length - 1];
    return last === undefined ? this.logStartOffset : last.nextOffset;
  }

  get sizeBytes(): number {
    let n = 0;
    for (const s of this.segments) n += s.size;
    return n;
  }

  private active(incoming: number): Segment {
    const last = this.segments[this.segments.length - 1];
    const c = this.config();
    if (last !== undefined && !(last.size > 0 && (last.size + incoming > c.segmentBytes || this.now() - last.createdAt >= c.segmentMs))) return last;
    return this.roll();
  }

  /** Closes the newest segment (cut to its size, fsynced) and starts the next one. */
  private roll(): Segment {
    if (!this.created) {
      this.ops.mkdir(this.dir);
      this.created = true;
    }
    const last = this.segments[this.segments.length - 1];
    if (last !== undefined) {
      const fd = this.handles.fd(last.path);
      try {
        this.ops.ftruncate(fd, last.size);
        this.ops.fsync(fd);
      } catch (error) {
        throw new StorageError(`${last.path}: closing the segment failed: ${String(error instanceof Error ? error.message : error)}`, errnoOf(error), { cause: error });
      }
      this.handles.flush(last.path);
    }
    const seg = new Segment(this.dir, this.nextOffset, this.ops, this.handles, this.now());
    this.segments.push(seg);
    return seg;
  }

  append(buf: Buffer, batches: readonly BatchInfo[]): void {
    this.active(buf.length).append(buf, batches);
  }

  flush(): void {
    const last = this.segments[this.segments.length - 1];
    last?.flush();
  }

  private segmentFor(offset: number): Segment | undefined {
    let lo = 0;
    let hi = this.segments.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.segments[mid]?.nextOffset ?? 0) <= offset) lo = mid + 1;
      else hi = mid;
    }
    return this.segments[lo];
  }

  read(offset: number, maxBytes: number): Buffer[] {
    const seg = this.segmentFor(Math.max(offset, this.logStartOffset));
    const buf = seg?.read(Math.max(offset, this.logStartOffset), maxBytes);
    return buf === undefined ? [] : [buf];
  }

  batchForTimestamp(ts: number): Buffer | undefined {
    for (const seg of this.segments) {
      if (seg.maxTimestamp < ts) continue;
      for (const h of seg.headers()) if (h.maxTimestamp >= ts && h.baseOffset >= 0) return seg.readAt(h.position);
    }
    return undefined;
  }

  private writeCheckpoint(): void {
    if (!this.created) return;
    const path = join(this.dir, CHECKPOINT);
    const tmp = `${path}.tmp`;
    const body = Buffer.from(`${this.logStartOffset} ${(this.logStartOffset % 65521).toString(16)}\n`, 'latin1');
    this.ops.unlink(tmp);
    const fd = this.ops.open(tmp);
    try {
      writeFully(this.ops, fd, body, 0, tmp);
      this.ops.fsync(fd);
    } finally {
      this.ops.close(fd);
    }
    this.ops.rename(tmp, path);
  }

  /** Drops old segments wholly before the log start offset (the newest is rolled first if needed). */
  private dropBefore(offset: number): number {
    let dropped = 0;
    const last = this.segments[this.segments.length - 1];
    if (last !== undefined && last.size > 0 && last.nextOffset <= offset) this.roll();
    while (this.segments.length > 1 && (this.segments[0]?.nextOffset ?? Infinity) <= offset) {
      const seg = this.segments.shift();
      if (seg === undefined) break;
      dropped += seg.size;
      seg.remove();
    }
    return dropped;
  }

  deleteBefore(offset: number): void {
    if (offset <= this.logStartOffset) return;
    this.logStartOffset = Math.min(offset, this.nextOffset);
    this.writeCheckpoint();
    this.dropBefore(this.logStartOffset);
  }

  enforceRetention(now: number, config: RetentionConfig): number {
    let total = this.sizeBytes;
    let start = this.logStartOffset;
    for (const seg of this.segments) {
      if (seg.size === 0) break;
      const expired = config.retentionMs >= 0 && seg.maxTimestamp < now - config.retentionMs;
      const oversize = config.retentionBytes >= 0 && total - seg.size >= config.retentionBytes;
      if (!expired && !oversize) break;
      total -= seg.size;
      start = seg.nextOffset;
    }
    if (start <= this.logStartOffset) return 0;
    this.logStartOffset = start;
    this.writeCheckpoint();
    return this.dropBefore(start);
  }

  close(): void {
    for (const s of this.segments) this.handles.release(s.path);
  }

  destroy(): void {
    for (const s of this.segments) this.handles.release(s.path, false);
    this.segments = [];
    this.ops.removeDir(this.dir);
  }
}
