// An append-only metadata file of JSON lines, each prefixed with its CRC-32C: on load, replay stops
// at the first torn or corrupt line and the file is cut there, so the next append starts clean
// (a line half-written by a crash never swallows the next one). Rewritten compactly when asked.
import { crc32c } from '../protocol/crc32c';
import { errnoOf, StorageError, writeFully, type FileOps } from './file-ops';

export class Journal {
  private fd: number | undefined;
  private size = 0;
  lines = 0;

  constructor(private readonly ops: FileOps, readonly path: string, private readonly dir: string) {}

  /** The entries written so far, oldest first; cuts a torn tail. */
  load(): { entries: unknown[]; cutBytes: number } {
    const entries: unknown[] = [];
    if (!this.ops.exists(this.path)) return { entries, cutBytes: 0 };
    const data = this.ops.readFile(this.path);
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
      const fd = this.handle();
      this.ops.ftruncate(fd, at);
      this.ops.fsync(fd);
    }
    return { entries, cutBytes };
  }

  private handle(): number {
    if (this.fd === undefined) {
      try {
        this.fd = this.ops.open(this.path);
      } catch (error) {
        throw new StorageError(`cannot open ${this.path}: ${String(error instanceof Error ? error.message : error)}`, errnoOf(error), { cause: error });
      }
    }
    return this.fd;
  }

  /** Appends entries (all or none); `sync` fsyncs before returning. */
  append(entries: readonly unknown[], sync: boolean): void {
    const buf = Buffer.from(entries.map(encodeLine).join(''), 'utf8');
    const fd = this.handle();
    try {
      writeFully(this.ops, fd, buf, this.size, this.path);
      if (sync) this.ops.fsync(fd);
    } catch (error) {
      try { this.ops.ftruncate(fd, this.size); } catch { /* the next load cuts the tail */ }
      throw error instanceof StorageError ? error : new StorageError(`${this.path}: ${String(error)}`, errnoOf(error), { cause: error });
    }
    this.size += buf.length;
    this.lines += entries.length;
  }

  flush(): void {
    if (this.fd !== undefined) this.ops.fsync(this.fd);
  }

  /** Replaces the file with `entries` (write a temporary file, fsync, rename, fsync the folder). */
  rewrite(entries: readonly unknown[]): void {
    const tmp = `${this.path}.tmp`;
    const buf = Buffer.from(entries.map(encodeLine).join(''), 'utf8');
    this.ops.unlink(tmp);
    const fd = this.ops.open(tmp);
    try {
      writeFully(this.ops, fd, buf, 0, tmp);
      this.ops.fsync(fd);
    } finally {
      this.ops.close(fd);
    }
    this.close();
    this.ops.rename(tmp, this.path);
    try { this.ops.fsyncDir(this.dir); } catch { /* best effort: the rename itself is atomic */ }
    this.size = buf.length;
    this.lines = entries.length;
  }

  close(): void {
    if (this.fd === undefined) return;
    try { this.ops.fsync(this.fd); } catch { /* closing anyway */ }
    try { this.ops.close(this.fd); } catch { /* gone */ }
    this.fd = undefined;
  }
}

function encodeLine(entry: unknown): string {
  const body = JSON.stringify(entry);
  return `${crc32c(Buffer.from(body, 'utf8')).toString(16).padStart(8, '0')}\t${body}\n`;
}
