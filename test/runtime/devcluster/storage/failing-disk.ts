// A real disk that fails underneath its file system: an ext4 (no journal, errors=continue) on a
// loop device. failPast(file) shrinks the device to end right after the file's last block (the
// image is cut, `losetup -c`): writes stay in ext4's page cache and succeed, but writeback of any
// block past that end fails in the block layer, so fsync really fails with EIO. The kernel
// reports that once: the next fsync would say all is well (PostgreSQL's "fsyncgate"). heal()
// gives the device its size back. Needs root (mount, losetup), as CI has; fails, never skips.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const SIZE = 64 * 1024 * 1024;
const BLOCK = 4096;

export interface FailingDisk {
  /** The mounted ext4: put the data directory here. */
  dir: string;
  /** From now on every block past the last block of `file` fails to be written. */
  failPast(file: string): void;
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

export function failingDisk(): FailingDisk {
  const root = mkdtempSync(join(tmpdir(), 'streamwise-disk-'));
  const back = join(root, 'back');
  const dir = join(root, 'disk');
  const image = join(back, 'disk.img');
  const cleanups: (() => void)[] = [() => rmSync(root, { recursive: true, force: true })];
  const dispose = () => { for (const c of cleanups.splice(0).reverse()) { try { c(); } catch { /* best effort */ } } };
  let loop = '';
  try {
    run('mkdir', [back, dir]);
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
  const failPast = (file: string) => {
    const out = run('filefrag', ['-v', file]);
    let last = -1;
    for (const m of out.matchAll(/^\s*\d+:\s+\d+\.\.\s*\d+:\s+(\d+)\.\.\s*(\d+):/gm)) last = Math.max(last, Number(m[2]));
    if (last < 0) throw new Error(`no blocks found for ${file}:\n${out}`);
    truncateSync(image, (last + 1) * BLOCK);
    run('losetup', ['-c', loop]);
  };
  const heal = () => {
    truncateSync(image, SIZE);
    run('losetup', ['-c', loop]);
  };
  return { dir, failPast, heal, dispose };
}
