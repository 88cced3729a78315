// A partition whose folder failed to load (a read error, a file that cannot be opened): it is
// offline, as Kafka takes a log dir offline, while the other partitions serve. Every read and
// write answers KAFKA_STORAGE_ERROR, metadata shows no leader, and nothing in its folder is
// touched, so a restart once the disk is readable again serves all of it.
import { offline, type FileOps, type StorageError } from './file-ops';
import type { AppendToken, LogStore } from './log-store';

export class OfflineStore implements LogStore {
  readonly logStartOffset = 0;
  readonly nextOffset = 0;
  readonly sizeBytes = 0;
  producerState: (() => Buffer) | undefined;

  constructor(private readonly dir: string, private readonly ops: FileOps, private readonly cause: StorageError) {}

  private refuse<T>(): Promise<T> {
    return Promise.reject(offline(this.dir, this.cause));
  }

  append(): Promise<AppendToken | undefined> { return this.refuse(); }
  sync(): Promise<void> { return this.refuse(); }
  read(): Promise<Buffer[]> { return this.refuse(); }
  batchForTimestamp(): Promise<Buffer | undefined> { return this.refuse(); }
  deleteBefore(): Promise<void> { return this.refuse(); }
  // Retention and the cleaner leave it alone (nothing is known about its segments).
  enforceRetention(): Promise<number> { return Promise.resolve(0); }
  compact(): Promise<number> { return Promise.resolve(0); }
  failure(): StorageError { return this.cause; }
  close(): Promise<void> { return Promise.resolve(); }
  /** Deleting its topic removes the folder: what the user asked for. */
  destroy(): Promise<void> { return this.ops.removeDir(this.dir); }
}
