// The file operations the broker's storage uses, in one place: node:fs by default; a test passes
// its own to inject disk faults (short writes, ENOSPC, EIO, EMFILE) at exactly this layer.
import * as fs from 'node:fs';

export interface FileOps {
  /** Opens read-write, creating the file when missing. */
  open(path: string): number;
  /** Writes at `position`; returns the bytes written (may be fewer than asked: a short write). */
  write(fd: number, buf: Buffer, position: number): number;
  read(fd: number, buf: Buffer, position: number): number;
  fsync(fd: number): void;
  ftruncate(fd: number, length: number): void;
  close(fd: number): void;
  size(fd: number): number;
  /** Whole-file helpers for small metadata files. */
  readFile(path: string): Buffer;
  exists(path: string): boolean;
  mkdir(path: string): void;
  readdir(path: string): string[];
  unlink(path: string): void;
  removeDir(path: string): void;
  rename(from: string, to: string): void;
  /** fsync of a directory, so a created or renamed entry survives a power loss. */
  fsyncDir(path: string): void;
}

export const nodeFileOps: FileOps = {
  open: (path) => fs.openSync(path, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o644),
  write: (fd, buf, position) => fs.writeSync(fd, buf, 0, buf.length, position),
  read: (fd, buf, position) => fs.readSync(fd, buf, 0, buf.length, position),
  fsync: (fd) => fs.fsyncSync(fd),
  ftruncate: (fd, length) => fs.ftruncateSync(fd, length),
  close: (fd) => fs.closeSync(fd),
  size: (fd) => fs.fstatSync(fd).size,
  readFile: (path) => fs.readFileSync(path),
  exists: (path) => fs.existsSync(path),
  mkdir: (path) => { fs.mkdirSync(path, { recursive: true }); },
  readdir: (path) => fs.readdirSync(path),
  unlink: (path) => fs.rmSync(path, { force: true }),
  removeDir: (path) => fs.rmSync(path, { recursive: true, force: true }),
  rename: (from, to) => fs.renameSync(from, to),
  fsyncDir: (path) => {
    const fd = fs.openSync(path, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  },
};

/** A disk operation failed: the request gets KAFKA_STORAGE_ERROR, the broker keeps serving. */
export class StorageError extends Error {
  constructor(message: string, readonly errno: string | undefined, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export function errnoOf(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

export const isOutOfDescriptors = (error: unknown): boolean => {
  const code = errnoOf(error);
  return code === 'EMFILE' || code === 'ENFILE';
};

/** Writes all of `buf` at `position` or throws StorageError (a short write is a failure). */
export function writeFully(ops: FileOps, fd: number, buf: Buffer, position: number, what: string): void {
  let written: number;
  try {
    written = ops.write(fd, buf, position);
  } catch (error) {
    throw new StorageError(`${what}: write of ${buf.length} bytes failed: ${String(error instanceof Error ? error.message : error)}`, errnoOf(error), { cause: error });
  }
  if (written !== buf.length) throw new StorageError(`${what}: short write (${written} of ${buf.length} bytes)`, 'SHORT_WRITE');
}
