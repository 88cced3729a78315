// A real disk that fails underneath its file system: an ext4 (no journal, errors=continue) on a
// loop device. failPast(file) shrinks the device to end right after the file's last block (the
// image is cut, `losetup -c`): writes stay in ext4's page cache and succeed, but writeback of any
// block past that end fails in the block layer, so fsync really fails with EIO. The kernel
// reports that once: the next fsync would say all is well (PostgreSQL's "fsyncgate"). heal()
// gives the device its size back. Needs root (mount, losetup), as CI has; fails, never skips.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const SIZE = 64 * 1024 * 1024;
const BLOCK = 4096;

export interface FailingDisk {
  /** The mounted ext4: put the data directory (or one partition's folder) here. */
  dir: string;
  /** From now on every block past the last block of `file` fails to be written. */
  failPast(file: string): void;
  /** From now on every block from the first block of `file` on fails to be read or written;
   *  the file's cached pages are dropped, so reading it reaches the disk. */
  failFrom(file: string): void;
  /** The first and last physical block of a file (filefrag). */
  blocks(file: string): { first: number; last: number };
  heal(): void;
  dispose(): void;
}

const run = (cmd: string, args: string[]): string => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed (the failing-disk tests need root and mount, losetup, mkfs.ext4, filefrag: apt-get install -y mount e2fsprogs): ${e.stderr ?? e.message}`, { cause: error });
  }
};

/** `mountAt`: an existing empty folder to mount the disk on (default: a new one). */
export function failingDisk(mountAt?: string): FailingDisk {
  const root = mkdtempSync(join(tmpdir(), 'streamwise-disk-'));
  const back = join(root, 'back');
  const dir = mountAt ?? join(root, 'disk');
  const image = join(back, 'disk.img');
  const cleanups: (() => void)[] = [() => rmSync(root, { recursive: true, force: true })];
  const dispose = () => { for (const c of cleanups.splice(0).reverse()) { try { c(); } catch { /* best effort */ } } };
  let loop = '';
  try {
    run('mkdir', ['-p', back, dir]);
    // The image in memory: nothing of it reaches the machine's own disk.
    run('mount', ['-t', 'tmpfs', '-o', 'size=80m', 'tmpfs', back]);
    cleanups.push(() => run('umount', ['-l', back]));
    run('truncate', ['-s', String(SIZE), image]);
    run('mkfs.ext4', ['-q', '-F', '-b', String(BLOCK), '-O', '^has_journal', '-E', 'lazy_itable_init=0', image]);
    loop = run('losetup', ['-f', '--show', image]);
    const device = loop;
    cleanups.push(() => run('losetup', ['-d', device]));
    run('mount', ['-t', 'ext4', '-o', 'errors=continue', loop, dir]);
    cleanups.push(() => run('umount', ['-l', dir]));
    // No zeroing of small unwritten extents behind our back (ext4 would write past the end).
    writeFileSync(`/sys/fs/ext4/${basename(loop)}/extent_max_zeroout_kb`, '0');
  } catch (error) {
    dispose();
    throw error;
  }
  const blocks = (file: string) => {
    const out = run('filefrag', ['-v', file]);
    let first = Infinity;
    let last = -1;
    for (const m of out.matchAll(/^\s*\d+:\s+\d+\.\.\s*\d+:\s+(\d+)\.\.\s*(\d+):/gm)) {
      first = Math.min(first, Number(m[1]));
      last = Math.max(last, Number(m[2]));
    }
    if (last < 0) throw new Error(`no blocks found for ${file}:\n${out}`);
    return { first, last };
  };
  // What the cut-off part of the device held: written back when it heals (the disk comes back
  // with its data, as a disk that was unreachable for a while).
  let kept: { at: number; data: Buffer } | undefined;
  const endAt = (block: number, keepUntil = block) => {
    if (keepUntil > block) {
      const data = Buffer.alloc((keepUntil - block) * BLOCK);
      const fd = openSync(image, 'r');
      try { readSync(fd, data, 0, data.length, block * BLOCK); } finally { closeSync(fd); }
      kept = { at: block * BLOCK, data };
    }
    truncateSync(image, block * BLOCK);
    run('losetup', ['-c', loop]);
  };
  const failPast = (file: string) => endAt(blocks(file).last + 1);
  const failFrom = (file: string) => {
    const { first, last } = blocks(file);
    endAt(first, last + 1);
    run('/usr/bin/python3', ['-c', 'import os,sys; fd=os.open(sys.argv[1], os.O_RDONLY); os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)', file]);
  };
  const heal = () => {
    truncateSync(image, SIZE);
    if (kept !== undefined) {
      const fd = openSync(image, 'r+');
      try { writeSync(fd, kept.data, 0, kept.data.length, kept.at); } finally { closeSync(fd); }
      kept = undefined;
    }
    run('losetup', ['-c', loop]);
  };
  return { dir, failPast, failFrom, blocks, heal, dispose };
}
