// An append-only metadata file of JSON lines, each prefixed with its CRC-32C: on load, replay stops
// at the first torn or corrupt line and the file is cut there, so the next append starts clean
// (a line half-written by a crash never swallows the next one). Rewritten compactly when asked.
// Appends run one at a time, in call order. A failed fsync is final: the kernel may already have
// dropped the unwritten pages and would report success the next time, so every later change is
// refused until a restart reads back what really is in the file (Kafka stops on a metadata log
// failure; PostgreSQL's "fsyncgate").
import { crc32c } from '../protocol/crc32c';
import { errnoOf, messageOf, SerialQueue, StorageError, writeFully, type FileOps } from './file-ops';

export class Journal {
  private fd: number | undefined;
  private size = 0;
  private readonly queue = new SerialQueue();
  /** Set by a failed fsync: no more changes until restart. */
  private failed: StorageError | undefined;
  lines = 0;

  constructor(private readonly ops: FileOps, readonly path: string, private readonly dir: string) {}

  /** The entries written so far, oldest first; cuts a torn tail. */
  async load(): Promise<{ entries: unknown[]; cutBytes: number }> {
    const entries: unknown[] = [];
    if (!await this.ops.exists(this.path)) return { entries, cutBytes: 0 };
    const data = await this.ops.readFile(this.path);
    let at = 0;
    while (at < data.length) {
      const nl = data.indexOf(0x0a, at);
      if (nl < 0) break;
      const line = data.subarray(at, nl);
      const tab = line.indexOf(0x09);
      if (tab !== 8) break;
      const body = line.subarray(9);
      if (line.toString('latin1', 0, 8) !== crc32c(body).toString(16).padStart(8, '0')) break;
      let entry: unknown;
      try {
        entry = JSON.parse(body.toString('utf8'));
      } catch {
        break;
      }
      entries.push(entry);
      at = nl + 1;
    }
    this.size = at;
    this.lines = entries.length;
    const cutBytes = data.length - at;
    if (cutBytes > 0) {
      const fd = await this.handle();
      await this.ops.ftruncate(fd, at);
      await this.ops.fsync(fd);
    }
    return { entries, cutBytes };
  }

  private async handle(): Promise<number> {
    if (this.fd === undefined) {
      try {
        this.fd = await this.ops.open(this.path);
      } catch (error) {
        throw new StorageError(`cannot open ${this.path}: ${messageOf(error)}`, errnoOf(error), { cause: error });
      }
    }
    return this.fd;
  }

  /** Appends entries (all or none); `sync` fsyncs before resolving. */
  append(entries: readonly unknown[], sync: boolean): Promise<void> {
    const buf = Buffer.from(entries.map(encodeLine).join(''), 'utf8');
    return this.queue.run(async () => {
      this.checkUsable();
      const fd = await this.handle();
      try {
        await writeFully(this.ops, fd, buf, this.size, this.path);
      } catch (error) {
        try { await this.ops.ftruncate(fd, this.size); } catch { /* the next load cuts the tail */ }
        throw error instanceof StorageError ? error : new StorageError(`${this.path}: ${messageOf(error)}`, errnoOf(error), { cause: error });
      }
      if (sync) {
        await this.fsync(() => this.ops.fsync(fd), fd);
        // A new file's folder entry must reach the disk too, or the file can vanish with its lines.
        if (this.size === 0) await this.fsync(() => this.ops.fsyncDir(this.dir), fd);
      }
      this.size += buf.length;
      this.lines += entries.length;
    });
  }

  flush(): Promise<void> {
    return this.queue.run(async () => {
      // Already reported to the change that failed; nothing more can be made durable.
      if (this.failed !== undefined) return;
      const fd = this.fd;
      if (fd !== undefined) await this.fsync(() => this.ops.fsync(fd));
    });
  }

  private checkUsable(): void {
    if (this.failed !== undefined) {
      throw new StorageError(`${this.path}: an earlier fsync failed (${this.failed.message}); topic changes are refused until the dev cluster restarts`, this.failed.errno, { cause: this.failed });
    }
  }

  /** An fsync whose failure is final; `cut`: the append's bytes are cut off the file again
   *  (nothing of the refused change is left to be read back after a restart). */
  private async fsync(run: () => Promise<void>, cut?: number): Promise<void> {
    try {
      await run();
    } catch (error) {
      if (cut !== undefined) {
        try { await this.ops.ftruncate(cut, this.size); } catch { /* the next load checks every line */ }
      }
      this.failed = new StorageError(`fsync of ${this.path} failed: ${messageOf(error)}`, errnoOf(error), { cause: error });
      throw new StorageError(`${this.failed.message}; the change was not made, and topic changes are refused until the dev cluster restarts`, errnoOf(error), { cause: error });
    }
  }

  /** Replaces the file with `entries` (write a temporary file, fsync, rename, fsync the folder). */
  rewrite(entries: readonly unknown[]): Promise<void> {
    return this.queue.run(async () => {
      this.checkUsable();
      const tmp = `${this.path}.tmp`;
      const buf = Buffer.from(entries.map(encodeLine).join(''), 'utf8');
      await this.ops.unlink(tmp);
      const fd = await this.ops.open(tmp);
      try {
        await writeFully(this.ops, fd, buf, 0, tmp);
        await this.ops.fsync(fd);
      } finally {
        await this.ops.close(fd);
      }
      await this.closeFile();
      await this.ops.rename(tmp, this.path);
      try { await this.ops.fsyncDir(this.dir); } catch { /* best effort: the rename itself is atomic */ }
      this.size = buf.length;
      this.lines = entries.length;
    });
  }

  private async closeFile(): Promise<void> {
    const fd = this.fd;
    if (fd === undefined) return;
    this.fd = undefined;
    try { await this.ops.fsync(fd); } catch { /* closing anyway */ }
    try { await this.ops.close(fd); } catch { /* gone */ }
  }

  close(): Promise<void> {
    return this.queue.run(() => this.closeFile());
  }
}

function encodeLine(entry: unknown): string {
  const body = JSON.stringify(entry);
  return `${crc32c(Buffer.from(body, 'utf8')).toString(16).padStart(8, '0')}\t${body}\n`;
}
