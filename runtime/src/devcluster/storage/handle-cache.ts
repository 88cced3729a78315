// A bounded set of open file descriptors (least recently used closed first), so thousands of
// partitions do not hold thousands of descriptors. A descriptor in use by a read, write or fsync
// is never closed under it (closing waits for the last user), so a number is never reused while
// an operation still holds it. Running out of descriptors (EMFILE/ENFILE) closes half of the idle
// ones and tries once more before failing the one operation.
//
// Durability is tracked per file as generations: every completed write takes the next number,
// and syncTo(path, n) resolves once an fsync that started after write n has succeeded. Callers
// that wait at the same time share one fsync (group commit). A failed fsync is final for its file
// (PostgreSQL's lesson from "fsyncgate": the kernel may have dropped the dirty pages, and a later
// fsync can succeed without them), so every later sync of that file fails too, and the owner is
// told: its partition goes offline until restart, as Kafka takes the log dir offline.
import { errnoOf, isOutOfDescriptors, messageOf, StorageError, type FileOps } from './file-ops';

interface Entry { fd: Promise<number>; users: number; released: boolean; closed: Promise<void> | undefined; onIdle: (() => void) | undefined }
interface SyncState { written: number; synced: number; inflight: { gen: number; done: Promise<void> } | undefined }

export class HandleCache {
  /** path -> descriptor, in least-recently-used order. */
  private readonly open = new Map<string, Entry>();
  private readonly sync = new Map<string, SyncState>();
  /** Files whose fsync failed; kept after the file is forgotten (its partition stays offline). */
  private readonly failures = new Map<string, StorageError>();

  constructor(private readonly ops: FileOps, private readonly max: number, private readonly onFailure: (path: string, error: StorageError) => void = () => {}) {}

  /** The first failed fsync of a file under `dir` (a folder path ending in the separator). */
  failedUnder(dir: string): StorageError | undefined {
    if (this.failures.size === 0) return undefined;
    for (const [path, error] of this.failures) if (path.startsWith(dir)) return error;
    return undefined;
  }

  /** fsync of an open file; a failure is recorded for good (see above) and rethrown as StorageError. */
  async fsync(path: string): Promise<void> {
    const failed = this.failures.get(path);
    if (failed !== undefined) throw failed;
    try {
      await this.use(path, (fd) => this.ops.fsync(fd));
    } catch (error) {
      const e = new StorageError(`fsync of ${path} failed: ${messageOf(error)}`, errnoOf(error), { cause: error });
      this.fail(path, e);
      throw e;
    }
  }

  /** Records that a file's content is no longer known to be what was written (see above). */
  fail(path: string, error: StorageError): void {
    if (this.failures.has(path)) return;
    this.failures.set(path, error);
    this.onFailure(path, error);
  }

  get size(): number {
    return this.open.size;
  }

  /** Runs `fn` with the file's descriptor, which stays open until `fn` settles. */
  async use<T>(path: string, fn: (fd: number) => Promise<T>): Promise<T> {
    let entry = this.open.get(path);
    if (entry !== undefined) {
      this.open.delete(path);
      this.open.set(path, entry);
    } else {
      entry = { fd: this.openFile(path), users: 0, released: false, closed: undefined, onIdle: undefined };
      this.open.set(path, entry);
      const e = entry;
      e.fd.catch(() => { if (this.open.get(path) === e) this.open.delete(path); });
      this.evictIdle(this.open.size - this.max);
    }
    entry.users++;
    try {
      return await fn(await entry.fd);
    } finally {
      entry.users--;
      if (entry.users === 0) entry.onIdle?.();
    }
  }

  private async openFile(path: string): Promise<number> {
    try {
      return await this.ops.open(path);
    } catch (error) {
      if (!isOutOfDescriptors(error)) throw new StorageError(`cannot open ${path}: ${messageOf(error)}`, errnoOf(error), { cause: error });
      this.evictIdle(Math.max(1, Math.ceil(this.open.size / 2)));
      try {
        return await this.ops.open(path);
      } catch (again) {
        throw new StorageError(`cannot open ${path}: out of file descriptors (${errnoOf(again) ?? 'EMFILE'})`, errnoOf(again), { cause: again });
      }
    }
  }

  /** Closes the descriptor once nobody uses it; resolves when it is closed. */
  private closeEntry(entry: Entry): Promise<void> {
    entry.released = true;
    entry.closed ??= new Promise<void>((resolve) => {
      const close = async () => {
        entry.onIdle = undefined;
        try { await this.ops.close(await entry.fd); } catch { /* never opened, or gone either way */ }
        resolve();
      };
      if (entry.users === 0) void close();
      else entry.onIdle = () => { void close(); };
    });
    return entry.closed;
  }

  private evictIdle(n: number): void {
    if (n <= 0) return;
    for (const [path, entry] of [...this.open]) {
      if (n <= 0) break;
      if (entry.users > 0) continue;
      this.open.delete(path);
      void this.closeEntry(entry);
      n--;
    }
  }

  /** Notes a completed write; returns its generation for syncTo. */
  written(path: string): number {
    let s = this.sync.get(path);
    if (s === undefined) this.sync.set(path, (s = { written: 0, synced: 0, inflight: undefined }));
    return ++s.written;
  }

  /** Resolves once write generation `gen` of `path` is on disk (fsynced); throws StorageError. */
  async syncTo(path: string, gen: number): Promise<void> {
    const failed = this.failures.get(path);
    if (failed !== undefined) throw failed;
    const s = this.sync.get(path);
    if (s === undefined) return;
    while (s.synced < gen) {
      const inflight = s.inflight;
      if (inflight !== undefined) {
        if (inflight.gen >= gen) {
          await inflight.done;
        } else {
          await inflight.done.catch(() => undefined);
        }
        continue;
      }
      const target = s.written;
      const done: Promise<void> = this.fsync(path).then(
        () => { s.synced = Math.max(s.synced, target); },
      ).finally(() => { if (s.inflight?.done === done) s.inflight = undefined; });
      s.inflight = { gen: target, done };
      await done;
    }
  }

  /** Everything written so far, on disk. */
  async flushAll(): Promise<void> {
    const errors: unknown[] = [];
    await Promise.all([...this.sync].filter(([, s]) => s.synced < s.written).map(([path, s]) => this.syncTo(path, s.written).catch((e: unknown) => { errors.push(e); })));
    if (errors.length > 0) throw errors[0];
  }

  /** Closes one file once its last user is done (resolves then); `forget`: it is being deleted,
   *  drop its sync state. Deleting a file only after this keeps a late open from re-creating it. */
  release(path: string, forget = false): Promise<void> {
    const entry = this.open.get(path);
    if (forget) this.sync.delete(path);
    if (entry === undefined) return Promise.resolve();
    this.open.delete(path);
    return this.closeEntry(entry);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.open.keys()].map((path) => this.release(path)));
  }
}
