// Producer ids handed out in blocks, as Kafka's ProducerIdManager does: the end of the current
// block is checkpointed (fsynced) before any id in it is used, so ids are never reused after a
// restart, even when their batches were deleted by retention.
import { join } from 'node:path';
import { SerialQueue, writeFully, type FileOps } from '../storage/file-ops';

const BLOCK = 1000;
const FILE = 'producer-id-block';

export class ProducerIdAllocator {
  private blockEnd: number;
  private readonly queue = new SerialQueue();

  private constructor(private readonly ops: FileOps, private readonly path: string | undefined, private next: number) {
    this.blockEnd = next;
  }

  /** `highestSeen`: the largest id found in the logs (data directories from before this file). */
  static async open(ops: FileOps, dataDir: string | undefined, highestSeen: number): Promise<ProducerIdAllocator> {
    const path = dataDir === undefined ? undefined : join(dataDir, FILE);
    let stored = -1;
    if (path !== undefined && await ops.exists(path)) {
      const m = /^(\d+) ([0-9a-f]+)\n$/.exec((await ops.readFile(path)).toString('latin1'));
      if (m !== null && Number(m[2]) === Number(m[1]) % 65521) stored = Number(m[1]);
    }
    // Without a checkpoint (memory, or an older data directory) start past anything seen, and away
    // from 0 so ids of an earlier in-memory run that clients still cache are unlikely to collide.
    return new ProducerIdAllocator(ops, path, Math.max(stored, highestSeen + 1, stored < 0 ? Date.now() % 1_000_000 : 0));
  }

  /** Makes sure ids up to `id` are never handed out (ids found after opening). */
  skipPast(id: number): void {
    if (id >= this.next) {
      this.next = id + 1;
      this.blockEnd = Math.min(this.blockEnd, this.next);
    }
  }

  /** A fresh producer id; rejects with StorageError when the checkpoint cannot be written. */
  allocate(): Promise<number> {
    return this.queue.run(async () => {
      if (this.next >= this.blockEnd) {
        const end = this.next + BLOCK;
        await this.checkpoint(end);
        this.blockEnd = end;
      }
      return this.next++;
    });
  }

  private async checkpoint(end: number): Promise<void> {
    if (this.path === undefined) return;
    const tmp = `${this.path}.tmp`;
    await this.ops.unlink(tmp);
    const fd = await this.ops.open(tmp);
    try {
      await writeFully(this.ops, fd, Buffer.from(`${end} ${(end % 65521).toString(16)}\n`, 'latin1'), 0, tmp);
      await this.ops.fsync(fd);
    } finally {
      await this.ops.close(fd);
    }
    await this.ops.rename(tmp, this.path);
  }
}
