// The file operations the broker's storage uses, in one place: node:fs (asynchronous, on libuv's
// thread pool, so a slow disk never stalls the event loop) by default; a test passes its own to
// inject disk faults (short writes, ENOSPC, EIO, EMFILE) or to hold an operation at exactly this layer.
import * as fs from 'node:fs';

export interface FileOps {
  /** Opens read-write, creating the file when missing. */
  open(path: string): Promise<number>;
  /** Writes at `position`; resolves to the bytes written (may be fewer than asked: a short write). */
  write(fd: number, buf: Buffer, position: number): Promise<number>;
  read(fd: number, buf: Buffer, position: number): Promise<number>;
  fsync(fd: number): Promise<void>;
  ftruncate(fd: number, length: number): Promise<void>;
  close(fd: number): Promise<void>;
  size(fd: number): Promise<number>;
  /** Whole-file helpers for small metadata files. */
  readFile(path: string): Promise<Buffer>;
  exists(path: string): Promise<boolean>;
  mkdir(path: string): Promise<void>;
  readdir(path: string): Promise<string[]>;
  unlink(path: string): Promise<void>;
  removeDir(path: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** fsync of a directory, so a created or renamed entry survives a power loss. */
  fsyncDir(path: string): Promise<void>;
}

const cb = <T>(run: (done: (error: NodeJS.ErrnoException | null, value: T) => void) => void): Promise<T> =>
  new Promise<T>((resolve, reject) => { run((error, value) => { if (error) reject(error); else resolve(value); }); });
const cbVoid = (run: (done: (error: NodeJS.ErrnoException | null) => void) => void): Promise<void> =>
  new Promise<void>((resolve, reject) => { run((error) => { if (error) reject(error); else resolve(); }); });

export const nodeFileOps: FileOps = {
  open: (path) => cb<number>((d) => fs.open(path, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o644, d)),
  write: (fd, buf, position) => cb<number>((d) => fs.write(fd, buf, 0, buf.length, position, d)),
  read: (fd, buf, position) => cb<number>((d) => fs.read(fd, buf, 0, buf.length, position, d)),
  fsync: (fd) => cbVoid((d) => fs.fsync(fd, d)),
  ftruncate: (fd, length) => cbVoid((d) => fs.ftruncate(fd, length, d)),
  close: (fd) => cbVoid((d) => fs.close(fd, d)),
  size: (fd) => cb<fs.Stats>((d) => fs.fstat(fd, d)).then((s) => s.size),
  readFile: (path) => fs.promises.readFile(path),
  exists: (path) => fs.promises.access(path).then(() => true, () => false),
  mkdir: async (path) => { await fs.promises.mkdir(path, { recursive: true }); },
  readdir: (path) => fs.promises.readdir(path),
  unlink: (path) => fs.promises.rm(path, { force: true }),
  removeDir: (path) => fs.promises.rm(path, { recursive: true, force: true }),
  rename: (from, to) => fs.promises.rename(from, to),
  fsyncDir: async (path) => {
    const fd = await cb<number>((d) => fs.open(path, 'r', d));
    try {
      await cbVoid((d) => fs.fsync(fd, d));
    } finally {
      await cbVoid((d) => fs.close(fd, d));
    }
  },
};

/** A disk operation failed: the request gets KAFKA_STORAGE_ERROR, the broker keeps serving. */
export class StorageError extends Error {
  constructor(message: string, readonly errno: string | undefined, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The answer to every request of a partition that is offline (a failed fsync). */
export function offline(what: string, cause: StorageError): StorageError {
  return new StorageError(`${what} is offline until the dev cluster restarts (${cause.message})`, cause.errno, { cause });
}

export function errnoOf(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export const isOutOfDescriptors = (error: unknown): boolean => {
  const code = errnoOf(error);
  return code === 'EMFILE' || code === 'ENFILE';
};

/** Wraps any failure of `what` as a StorageError (kept as is when it already is one). */
export async function storage<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof StorageError) throw error;
    throw new StorageError(`${what}: ${messageOf(error)}`, errnoOf(error), { cause: error });
  }
}

/** Writes all of `buf` at `position` or throws StorageError (a short write is a failure). */
export async function writeFully(ops: FileOps, fd: number, buf: Buffer, position: number, what: string): Promise<void> {
  let written: number;
  try {
    written = await ops.write(fd, buf, position);
  } catch (error) {
    throw new StorageError(`${what}: write of ${buf.length} bytes failed: ${messageOf(error)}`, errnoOf(error), { cause: error });
  }
  if (written !== buf.length) throw new StorageError(`${what}: short write (${written} of ${buf.length} bytes)`, 'SHORT_WRITE');
}

/** Runs tasks one after another (a partition's appends, a journal's lines), each after the last settled. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.tail.then(task, task);
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** Resolves when everything queued so far has settled. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
