// Producer ids handed out in blocks, as Kafka's ProducerIdManager does: the end of the current
// block is checkpointed (fsynced) before any id in it is used, so ids are never reused after a
// restart, even when their batches were deleted by retention.
import { join } from 'node:path';
import { writeFully, type FileOps } from '../storage/file-ops';

const BLOCK = 1000;
const FILE = 'producer-id-block';

export class ProducerIdAllocator {
  private next: number;
  private blockEnd: number;
  private readonly path: string | undefined;

  /** `highestSeen`: the largest id found in the logs (data directories from before this file). */
  constructor(private readonly ops: FileOps, dataDir: string | undefined, highestSeen: number) {
    this.path = dataDir === undefined ? undefined : join(dataDir, FILE);
    let stored = -1;
    if (this.path !== undefined && ops.exists(this.path)) {
      const m = /^(\d+) ([0-9a-f]+)\n$/.exec(ops.readFile(this.path).toString('latin1'));
      if (m !== null && Number(m[2]) === Number(m[1]) % 65521) stored = Number(m[1]);
    }
    // Without a checkpoint (memory, or an older data directory) start past anything seen, and away
    // from 0 so ids of an earlier in-memory run that clients still cache are unlikely to collide.
    this.next = Math.max(stored, highestSeen + 1, stored < 0 ? Date.now() % 1_000_000 : 0);
    this.blockEnd = this.next;
  }

  /** Makes sure ids up to `id` are never handed out (ids found after construction). */
  skipPast(id: number): void {
    if (id >= this.next) {
      this.next = id + 1;
      this.blockEnd = Math.min(this.blockEnd, this.next);
    }
  }

  /** A fresh producer id; throws StorageError when the checkpoint cannot be written. */
  allocate(): number {
    if (this.next >= this.blockEnd) {
      const end = this.next + BLOCK;
      this.checkpoint(end);
      this.blockEnd = end;
    }
    return this.next++;
  }

  private checkpoint(end: number): void {
    if (this.path === undefined) return;
    const tmp = `${this.path}.tmp`;
    this.ops.unlink(tmp);
    const fd = this.ops.open(tmp);
    try {
      writeFully(this.ops, fd, Buffer.from(`${end} ${(end % 65521).toString(16)}\n`, 'latin1'), 0, tmp);
      this.ops.fsync(fd);
    } finally {
      this.ops.close(fd);
    }
    this.ops.rename(tmp, this.path);
  }
}
