// A partition in its own folder of segment files, as Kafka lays it out: the newest segment takes
// appends and rolls at segment.bytes / segment.ms; reads go to the file through the sparse index;
// retention and DeleteRecords drop whole old segments and move the log start offset, which is
// kept in a small checkpoint file. Only the newest segment can have a torn tail: it is verified
// (CRC) and cut at load; older ones were cut to size and fsynced when they rolled.
// Changes to the folder (appends, rolls, retention, compaction) run one at a time in a queue;
// reads run alongside them and only see what is whole on disk.
import { join, sep } from 'node:path';
import { scanSegment } from '../records/record-batch';
import { offline, SerialQueue, storage, writeFully, type FileOps, type StorageError } from './file-ops';
import type { HandleCache } from './handle-cache';
import { BatchCleaner, CleanPlan } from './log-cleaner';
import type { AppendToken, CompactOptions, LogStore, RetentionConfig } from './log-store';
import { ProducerSnapshots } from './producer-snapshots';
import { Segment, segmentName, type BatchInfo } from './segment';

const CHECKPOINT = 'log-start-offset';

export class DiskStore implements LogStore {
  /** Oldest first; the last one takes appends. */
  segments: Segment[] = [];
  logStartOffset = 0;
  private created = false;
  private destroyed = false;
  readonly queue = new SerialQueue();
  /** Bytes of old segments as the last compaction left them (dirty = anything beyond). */
  private cleanBytes = 0;
  /** The earliest delete horizon (tombstones, markers) the last clean left: a clean is due then. */
  private horizonDue = Infinity;
  private compacting = false;
  /** Producer snapshots (storage/producer-snapshots.ts), written at rolls, compactions and close. */
  readonly snapshots: ProducerSnapshots;
  /** The partition's producer state as a snapshot body; unset: no snapshots are written. */
  producerState: (() => Buffer) | undefined;

  constructor(
    readonly dir: string,
    readonly ops: FileOps,
    readonly handles: HandleCache,
    private readonly config: () => RetentionConfig,
    readonly now: () => number,
  ) {
    this.snapshots = new ProducerSnapshots(dir, ops);
  }

  /** Loads the folder's segments; `onBatch` sees every batch header (producer state, etc.). */
  async load(onBatch: (b: BatchInfo) => void): Promise<{ cutBytes: number }> {
    if (!await this.ops.exists(this.dir)) return { cutBytes: 0 };
    this.created = true;
    await this.finishCompaction();
    const names = (await this.ops.readdir(this.dir)).filter((n) => /^\d{20}\.log$/.test(n)).sort();
    let cutBytes = 0;
    for (let i = 0; i < names.length; i++) {
      const name = names[i] ?? '';
      const seg = new Segment(this.dir, Number(name.slice(0, 20)), this.ops, this.handles, this.now());
      const last = i === names.length - 1;
      cutBytes += (await seg.load(last, onBatch)).cutBytes;
      await this.handles.release(seg.path);
      if (seg.size === 0 && !last) {
        await seg.remove();
        continue;
      }
      this.segments.push(seg);
    }
    const first = this.segments[0];
    this.logStartOffset = first?.baseOffset ?? 0;
    const checkpoint = join(this.dir, CHECKPOINT);
    if (await this.ops.exists(checkpoint)) {
      const m = /^(\d+) ([0-9a-f]+)\n$/.exec((await this.ops.readFile(checkpoint)).toString('latin1'));
      if (m !== null && parseInt(m[2] ?? '', 16) === Number(m[1]) % 65521) this.logStartOffset = Math.max(this.logStartOffset, Number(m[1]));
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

  private async active(incoming: number): Promise<Segment> {
    const last = this.segments[this.segments.length - 1];
    const c = this.config();
    if (last !== undefined && !(last.size > 0 && (last.size + incoming > c.segmentBytes || this.now() - last.createdAt >= c.segmentMs))) return last;
    return this.roll();
  }

  /** Seals the newest segment (cut to its size, fsynced) and starts the next one; the new file's
   *  folder entry is fsynced, so an acknowledged record's file survives a power loss too. */
  private async roll(): Promise<Segment> {
    if (this.destroyed) throw new Error('partition deleted');
    if (!this.created) {
      await storage(`creating ${this.dir}`, async () => {
        await this.ops.mkdir(this.dir);
        await this.ops.fsyncDir(join(this.dir, '..'));
      });
      this.created = true;
    }
    const last = this.segments[this.segments.length - 1];
    if (last !== undefined) await storage(`${last.path}: closing the segment failed`, () => last.seal());
    // Kafka's snapshot at each roll: the state after every batch below the new segment (appends
    // record their state inside this queue, so it is exact); the folder fsync below covers it.
    const state = this.producerState;
    if (last !== undefined && state !== undefined) await storage(`${this.dir}: writing the producer snapshot failed`, () => this.snapshots.write(this.nextOffset, state()));
    const seg = new Segment(this.dir, this.nextOffset, this.ops, this.handles, this.now());
    await storage(`creating ${seg.path}`, async () => {
      await this.handles.use(seg.path, () => Promise.resolve());
      await this.ops.fsyncDir(this.dir);
    });
    this.segments.push(seg);
    return seg;
  }

  failure(): StorageError | undefined {
    return this.handles.failedUnder(this.dir + sep);
  }

  append(buf: Buffer, batches: readonly BatchInfo[], written?: () => void): Promise<AppendToken> {
    return this.queue.run(async () => {
      if (this.destroyed) throw new Error('partition deleted');
      const failed = this.failure();
      if (failed !== undefined) throw offline(this.dir, failed);
      const seg = await this.active(buf.length);
      const gen = await seg.append(buf, batches);
      written?.();
      return { path: seg.path, gen };
    });
  }

  async sync(token: AppendToken): Promise<void> {
    await this.handles.syncTo(token.path, token.gen);
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

  async read(offset: number, maxBytes: number): Promise<Buffer[]> {
    const from = Math.max(offset, this.logStartOffset);
    // A compacted segment may hold no batch at `from` (its records were cleaned away): the next one has the rest.
    for (let seg = this.segmentFor(from); seg !== undefined; seg = this.segments[this.segments.indexOf(seg) + 1]) {
      const buf = await seg.read(from, maxBytes);
      if (buf !== undefined) return [buf];
      if (seg.removed) return this.read(offset, maxBytes);
    }
    return [];
  }

  async batchForTimestamp(ts: number): Promise<Buffer | undefined> {
    for (const seg of [...this.segments]) {
      if (seg.maxTimestamp < ts || seg.removed) continue;
      for (const h of await seg.headers()) if (h.maxTimestamp >= ts && h.baseOffset >= 0) return seg.readAt(h.position);
    }
    return undefined;
  }

  private async writeCheckpoint(): Promise<void> {
    if (!this.created) return;
    const path = join(this.dir, CHECKPOINT);
    const tmp = `${path}.tmp`;
    const body = Buffer.from(`${this.logStartOffset} ${(this.logStartOffset % 65521).toString(16)}\n`, 'latin1');
    await storage(`writing ${path}`, async () => {
      await this.ops.unlink(tmp);
      const fd = await this.ops.open(tmp);
      try {
        await writeFully(this.ops, fd, body, 0, tmp);
        await this.ops.fsync(fd);
      } finally {
        await this.ops.close(fd);
      }
      await this.ops.rename(tmp, path);
    });
  }

  /** Drops old segments wholly before `offset` (the newest is rolled first if needed). */
  private async dropBefore(offset: number): Promise<number> {
    let dropped = 0;
    const last = this.segments[this.segments.length - 1];
    if (last !== undefined && last.size > 0 && last.nextOffset <= offset) await this.roll();
    while (this.segments.length > 1 && (this.segments[0]?.nextOffset ?? Infinity) <= offset) {
      const seg = this.segments.shift();
      if (seg === undefined) break;
      dropped += seg.size;
      await storage(`deleting ${seg.path}`, () => seg.remove());
    }
    if (dropped > 0) await storage(`${this.dir}: deleting old producer snapshots`, () => this.snapshots.deleteBefore(this.segments[0]?.baseOffset ?? 0));
    return dropped;
  }

  deleteBefore(offset: number): Promise<void> {
    return this.queue.run(async () => {
      if (offset <= this.logStartOffset || this.destroyed) return;
      const before = this.logStartOffset;
      this.logStartOffset = Math.min(offset, this.nextOffset);
      try {
        await this.writeCheckpoint();
      } catch (error) {
        this.logStartOffset = before;
        throw error;
      }
      await this.dropBefore(this.logStartOffset);
    });
  }

  enforceRetention(now: number, config: RetentionConfig): Promise<number> {
    return this.queue.run(async () => {
      if (this.destroyed) return 0;
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
      await this.writeCheckpoint();
      return this.dropBefore(start);
    });
  }

  /** A compaction cut short by a crash: a `.cleaned` file was never complete (deleted); a `B-E.swap`
   *  file is complete and replaces the segments with base offsets in [B, E). */
  private async finishCompaction(): Promise<void> {
    for (const name of await this.ops.readdir(this.dir)) {
      if (name.endsWith('.cleaned')) await this.ops.unlink(join(this.dir, name));
    }
    for (const name of await this.ops.readdir(this.dir)) {
      const m = /^(\d{20})-(\d{20})\.swap$/.exec(name);
      if (m === null) continue;
      const from = Number(m[1]);
      const to = Number(m[2]);
      for (const seg of await this.ops.readdir(this.dir)) {
        if (/^\d{20}\.log$/.test(seg) && Number(seg.slice(0, 20)) >= from && Number(seg.slice(0, 20)) < to) await this.ops.unlink(join(this.dir, seg));
      }
      await this.ops.rename(join(this.dir, name), join(this.dir, segmentName(from)));
      await this.ops.fsyncDir(this.dir);
    }
  }

  /** Every batch of a segment, in order (read in windows). */
  private async batchesOf(seg: Segment, each: (batch: Buffer) => void): Promise<void> {
    let at = seg.baseOffset;
    while (at < seg.nextOffset) {
      const buf = await seg.read(at, 1024 * 1024);
      if (buf === undefined) break;
      const { batches } = scanSegment(buf);
      const last = batches[batches.length - 1];
      if (last === undefined) break;
      for (const b of batches) each(b.buf);
      at = last.lastOffset + 1;
    }
  }

  /** Log compaction, in the background as Kafka's cleaner: the closed segments wholly below the
   *  cleanable end are cleaned into one when enough of them is dirty (min.cleanable.dirty.ratio),
   *  while appends go on; only the swap at the end takes the partition's queue, briefly.
   *  Resolves to the bytes saved. Crash-safe: the cleaned file is complete and fsynced before it
   *  is named `.swap` (with the producer state written beside it first), and only then do the
   *  old files go; a crash in between is finished at the next load. */
  async compact(o: CompactOptions): Promise<number> {
    if (this.compacting) return 0;
    this.compacting = true;
    try {
      return await this.compactInBackground(o);
    } finally {
      this.compacting = false;
    }
  }

  private async compactInBackground(o: CompactOptions): Promise<number> {
    const job = await this.queue.run(() => Promise.resolve(this.cleanable(o)));
    if (job === undefined) return 0;
    const { old, oldBytes, to, snapshot, planEnd } = job;
    const plan = new CleanPlan(planEnd);
    for (const seg of [...this.segments]) await this.batchesOf(seg, (b) => plan.observe(b));
    const cleaner = new BatchCleaner(plan, o);
    const cleaned: Buffer[] = [];
    // Changed: a batch dropped or rewritten (a delete horizon stamped can keep its length).
    let changed = false;
    for (const seg of old) {
      await this.batchesOf(seg, (b) => {
        const kept = cleaner.clean(b);
        if (kept !== b) changed = true;
        if (kept !== undefined) cleaned.push(kept);
      });
    }
    const body = Buffer.concat(cleaned);
    if (old.some((seg) => seg.removed) || this.destroyed) return 0;
    if (!changed && old.length === 1) {
      this.cleanBytes = oldBytes;
      this.horizonDue = cleaner.earliestHorizon;
      return 0;
    }
    const from = old[0]?.baseOffset ?? 0;
    const swapName = `${segmentName(from).slice(0, 20)}-${segmentName(to).slice(0, 20)}.swap`;
    if (body.length > 0) {
      const cleanedPath = join(this.dir, `${segmentName(from)}.cleaned`);
      await storage(`writing ${cleanedPath}`, async () => {
        await this.ops.unlink(cleanedPath);
        await this.writeSynced(cleanedPath, body);
        if (snapshot !== undefined) await this.snapshots.write(snapshot.offset, snapshot.state);
        await this.ops.rename(cleanedPath, join(this.dir, swapName));
        await this.ops.fsyncDir(this.dir);
      });
    }
    // The swap, in the queue: appends wait only for this part.
    return this.queue.run(async () => {
      const current = this.segments.slice(0, old.length);
      if (this.destroyed || current.length !== old.length || current.some((seg, i) => seg !== old[i] || seg.removed)) {
        // Retention or DeleteRecords changed the old segments meanwhile: this clean is void.
        await this.ops.unlink(join(this.dir, swapName));
        return 0;
      }
      let replacement: Segment | undefined;
      if (body.length > 0) {
        replacement = new Segment(this.dir, from, this.ops, this.handles, this.now(), swapName);
        await replacement.load(false, () => {});
      }
      // From here the swap file is the truth: a crash is finished at the next load.
      const rest = this.segments.slice(old.length);
      this.segments = replacement === undefined ? rest : [replacement, ...rest];
      for (const seg of old) await storage(`deleting ${seg.path}`, () => seg.remove());
      if (replacement !== undefined) {
        const swapped = replacement;
        await storage('finishing compaction', async () => {
          await this.ops.rename(swapped.path, join(this.dir, segmentName(from)));
          await this.ops.fsyncDir(this.dir);
        });
        const final = new Segment(this.dir, from, this.ops, this.handles, this.now());
        await final.load(false, () => {});
        this.segments = [final, ...rest];
        swapped.removed = true;
        await this.handles.release(swapped.path, true);
      }
      this.cleanBytes = body.length;
      this.horizonDue = cleaner.earliestHorizon;
      if (cleaner.removedAborts.length > 0) o.onAbortMarkersRemoved?.(cleaner.removedAborts);
      return oldBytes - body.length;
    });
  }

  /** What a clean would take now: the closed segments wholly below the cleanable end, when dirty
   *  enough, and the producer state as it is now (written before the swap: what the cleaned-away
   *  batches told the producer state is kept). */
  private cleanable(o: CompactOptions): { old: Segment[]; oldBytes: number; to: number; planEnd: number; snapshot?: { offset: number; state: Buffer } } | undefined {
    if (this.destroyed) return undefined;
    const old: Segment[] = [];
    // min.compaction.lag.ms: a segment holding a record younger than that is not cleaned, and
    // (as Kafka's first uncleanable offset) nothing from it on supersedes anything.
    let planEnd = o.cleanableEnd;
    for (const seg of this.segments.slice(0, -1)) {
      if (seg.maxTimestamp > o.now - o.minCompactionLagMs) {
        planEnd = Math.min(planEnd, seg.baseOffset);
        break;
      }
      if (seg.nextOffset > o.cleanableEnd) break;
      old.push(seg);
    }
    const next = this.segments[old.length];
    const oldBytes = old.reduce((n, seg) => n + seg.size, 0);
    // max.compaction.lag.ms: cleaned whatever the dirty ratio once the earliest first-batch
    // timestamp of the dirty segments (those after the last clean's output) is that old.
    const overdue = old.slice(this.cleanBytes > 0 ? 1 : 0).some((seg) => seg.firstTimestamp >= 0 && seg.firstTimestamp < o.now - o.maxCompactionLagMs);
    const due = overdue || o.now >= this.horizonDue;
    if (next === undefined || oldBytes === 0 || (!due && (oldBytes - this.cleanBytes) / oldBytes < o.minDirtyRatio)) return undefined;
    const state = this.producerState;
    return { old, oldBytes, to: next.baseOffset, planEnd, ...(state === undefined ? {} : { snapshot: { offset: this.nextOffset, state: state() } }) };
  }

  /** Writes a whole file and fsyncs it. */
  private async writeSynced(path: string, body: Buffer): Promise<void> {
    const fd = await this.ops.open(path);
    try {
      await writeFully(this.ops, fd, body, 0, path);
      await this.ops.fsync(fd);
    } finally {
      await this.ops.close(fd);
    }
  }

  /** After load: the newest producer snapshot that the log on disk still reaches, if any. */
  async producerSnapshot(): Promise<Buffer | undefined> {
    return (await this.snapshots.load(this.nextOffset))?.state;
  }

  /** A clean shutdown writes a snapshot at the log end, as Kafka's does. It only adds to what
   *  the log tells, so a failure to write it loses nothing and does not fail the close. */
  async close(): Promise<void> {
    await this.queue.idle();
    const state = this.producerState;
    if (state !== undefined && this.created && !this.destroyed && this.failure() === undefined && this.nextOffset > this.snapshots.latest) {
      try {
        await this.snapshots.write(this.nextOffset, state());
        await this.ops.fsyncDir(this.dir);
      } catch {
        // Kept as it was: the log is the truth, the snapshot only remembers removed batches.
      }
    }
    await Promise.all(this.segments.map((s) => this.handles.release(s.path)));
  }

  destroy(): Promise<void> {
    this.destroyed = true;
    return this.queue.run(async () => {
      const segs = this.segments;
      this.segments = [];
      for (const s of segs) s.removed = true;
      await Promise.all(segs.map((s) => this.handles.release(s.path, true)));
      await this.ops.removeDir(this.dir);
    });
  }
}
