// A partition's producer snapshots, as Kafka's ProducerStateManager keeps them: a file
// `<offset>.snapshot` holds each producer's state (epoch, last batches, last offset) as it was
// after every batch below `offset`. One is written at each segment roll, before a compaction
// removes batches, and at a clean shutdown. At load the newest one at or below the log end is
// used (a newer one describes records a crash lost), falling back to older ones when its
// checksum fails, so the state of producers whose batches retention, DeleteRecords or
// compaction removed survives a restart.
import { join } from 'node:path';
import { crc32c } from '../protocol/crc32c';
import { writeFully, type FileOps } from './file-ops';

const SUFFIX = '.snapshot';
/** The single file earlier versions wrote at compaction (read as a last resort). */
const LEGACY = 'producer-state';

export const snapshotName = (offset: number): string => `${String(offset).padStart(20, '0')}${SUFFIX}`;

export class ProducerSnapshots {
  /** The offset of the newest snapshot written or found (-1: none). */
  latest = -1;

  constructor(private readonly dir: string, private readonly ops: FileOps) {}

  private async offsets(): Promise<number[]> {
    if (!await this.ops.exists(this.dir)) return [];
    return (await this.ops.readdir(this.dir)).filter((n) => /^\d{20}\.snapshot$/.test(n)).map((n) => Number(n.slice(0, 20))).sort((a, b) => a - b);
  }

  /** Writes the state after every batch below `offset` (temporary file, fsync, rename); the
   *  caller fsyncs the folder (a roll does anyway). */
  async write(offset: number, state: Buffer): Promise<void> {
    const path = join(this.dir, snapshotName(offset));
    const tmp = `${path}.tmp`;
    const head = Buffer.alloc(4);
    head.writeUInt32BE(crc32c(state), 0);
    await this.ops.unlink(tmp);
    const fd = await this.ops.open(tmp);
    try {
      await writeFully(this.ops, fd, Buffer.concat([head, state]), 0, tmp);
      await this.ops.fsync(fd);
    } finally {
      await this.ops.close(fd);
    }
    await this.ops.rename(tmp, path);
    this.latest = Math.max(this.latest, offset);
  }

  /** The newest readable snapshot at or below `logEndOffset`; newer ones (records a crash lost)
   *  and unreadable ones are deleted, as Kafka does. Falls back to the legacy file. */
  async load(logEndOffset: number): Promise<{ offset: number; state: Buffer } | undefined> {
    const offsets = await this.offsets();
    for (let i = offsets.length - 1; i >= 0; i--) {
      const offset = offsets[i] ?? 0;
      const path = join(this.dir, snapshotName(offset));
      const state = offset <= logEndOffset ? checked(await this.ops.readFile(path)) : undefined;
      if (state !== undefined) {
        this.latest = offset;
        return { offset, state };
      }
      await this.ops.unlink(path);
    }
    const legacy = join(this.dir, LEGACY);
    if (!await this.ops.exists(legacy)) return undefined;
    const state = checked(await this.ops.readFile(legacy));
    return state === undefined ? undefined : { offset: 0, state };
  }

  /** Retention removed the segments below `firstBase`: their snapshots go, the newest stays. */
  async deleteBefore(firstBase: number): Promise<void> {
    for (const offset of await this.offsets()) {
      if (offset < firstBase && offset !== this.latest) await this.ops.unlink(join(this.dir, snapshotName(offset)));
    }
  }
}

/** The body of a CRC-framed file, or undefined when it is torn or corrupt. */
function checked(file: Buffer): Buffer | undefined {
  if (file.length < 4) return undefined;
  const body = file.subarray(4);
  return crc32c(body, 0) === file.readUInt32BE(0) ? body : undefined;
}
