// A bounded set of open file descriptors (least recently used closed first), so thousands of
// partitions do not hold thousands of descriptors. Running out of descriptors (EMFILE/ENFILE)
// closes half of the cached ones and tries once more before failing the one operation.
import { errnoOf, isOutOfDescriptors, StorageError, type FileOps } from './file-ops';

export class HandleCache {
  /** path -> fd, in least-recently-used order. */
  private readonly open = new Map<string, number>();
  /** Written since their last fsync. */
  private readonly dirty = new Set<string>();

  constructor(private readonly ops: FileOps, private readonly max: number) {}

  get size(): number {
    return this.open.size;
  }

  fd(path: string): number {
    const hit = this.open.get(path);
    if (hit !== undefined) {
      this.open.delete(path);
      this.open.set(path, hit);
      return hit;
    }
    let fd: number;
    try {
      fd = this.ops.open(path);
    } catch (error) {
      if (!isOutOfDescriptors(error)) throw new StorageError(`cannot open ${path}: ${String(error instanceof Error ? error.message : error)}`, errnoOf(error), { cause: error });
      this.evict(Math.max(1, Math.ceil(this.open.size / 2)));
      try {
        fd = this.ops.open(path);
      } catch (again) {
        throw new StorageError(`cannot open ${path}: out of file descriptors (${errnoOf(again) ?? 'EMFILE'})`, errnoOf(again), { cause: again });
      }
    }
    this.open.set(path, fd);
    if (this.open.size > this.max) this.evict(this.open.size - this.max);
    return fd;
  }

  markDirty(path: string): void {
    this.dirty.add(path);
  }

  /** fsyncs every file written since its last fsync. */
  flushAll(): void {
    for (const path of [...this.dirty]) this.flush(path);
  }

  flush(path: string): void {
    if (!this.dirty.has(path)) return;
    const fd = this.open.get(path);
    if (fd !== undefined) {
      try {
        this.ops.fsync(fd);
      } catch (error) {
        throw new StorageError(`fsync of ${path} failed: ${String(error instanceof Error ? error.message : error)}`, errnoOf(error), { cause: error });
      }
    }
    this.dirty.delete(path);
  }

  /** Closes one file (deleted or no longer needed), fsyncing it first when written. */
  release(path: string, sync = true): void {
    const fd = this.open.get(path);
    if (fd === undefined) return;
    this.open.delete(path);
    if (sync && this.dirty.has(path)) {
      try { this.ops.fsync(fd); } catch { /* reported by the next write to it */ }
    }
    this.dirty.delete(path);
    try { this.ops.close(fd); } catch { /* the descriptor is gone either way */ }
  }

  private evict(n: number): void {
    for (const path of [...this.open.keys()].slice(0, n)) this.release(path);
  }

  closeAll(): void {
    for (const path of [...this.open.keys()]) this.release(path);
  }
}
