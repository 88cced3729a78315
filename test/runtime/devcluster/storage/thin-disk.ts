// A real disk that runs out of space underneath its file system, like a thin-provisioned volume:
// an ext4 (no journal) on a loop device whose backing file lies on a small tmpfs. Writes go into
// ext4's page cache; once the tmpfs is filled, writeback fails, so fsync really fails (ENOSPC
// from the block layer), and the kernel reports it once: a second fsync says all is well
// (PostgreSQL's "fsyncgate"). Needs root (mount, losetup), as CI has; fails, never skips, without.
import { execFileSync } from 'node:child_process';
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ThinDisk {
  /** The mounted ext4: put the data directory here. */
  dir: string;
  /** Fills the backing tmpfs: from now on writeback (fsync) of new data fails. */
  fill(): void;
  /** Frees the backing tmpfs again. */
  free(): void;
  dispose(): void;
}

const run = (cmd: string, args: string[]): string => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed (the thin-disk tests need root and mount, losetup, mkfs.ext4: apt-get install -y mount e2fsprogs): ${e.stderr ?? e.message}`, { cause: error });
  }
};

export function thinDisk(): ThinDisk {
  const root = mkdtempSync(join(tmpdir(), 'streamwise-thin-'));
  const back = join(root, 'back');
  const dir = join(root, 'disk');
  const cleanups: (() => void)[] = [() => rmSync(root, { recursive: true, force: true })];
  const dispose = () => { for (const c of cleanups.splice(0).reverse()) { try { c(); } catch { /* best effort */ } } };
  try {
    run('mkdir', [back, dir]);
    run('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', back]);
    cleanups.push(() => run('umount', ['-l', back]));
    const image = join(back, 'disk.img');
    run('truncate', ['-s', '64M', image]);
    run('mkfs.ext4', ['-q', '-F', '-b', '4096', '-O', '^has_journal', '-E', 'lazy_itable_init=0', image]);
    const loop = run('losetup', ['-f', '--show', image]);
    cleanups.push(() => run('losetup', ['-d', loop]));
    run('mount', ['-t', 'ext4', loop, dir]);
    cleanups.push(() => run('umount', ['-l', dir]));
  } catch (error) {
    dispose();
    throw error;
  }
  const filler = join(back, 'filler');
  let slack = 0;
  const fill = () => {
    const fd = openSync(filler, 'w');
    const block = Buffer.alloc(64 * 1024);
    try {
      for (;;) writeSync(fd, block);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
    } finally {
      closeSync(fd);
    }
    // The backing store still takes a block or so it had at hand: a file of ours (kept, so ext4
    // does not hand its blocks to someone else) takes them until its fsync fails 16 times in a row.
    const eater = openSync(join(dir, `slack-${slack++}`), 'w');
    try {
      let failed = 0;
      for (let i = 0; i < 4096; i++) {
        writeSync(eater, Buffer.alloc(4096, 1), 0, 4096, i * 4096);
        try {
          fsyncSync(eater);
          failed = 0;
        } catch {
          if (++failed === 16) return;
        }
      }
      throw new Error('the thin disk did not run out of space');
    } finally {
      closeSync(eater);
    }
  };
  const free = () => { try { unlinkSync(filler); } catch { /* not there */ } };
  return { dir, fill, free, dispose };
}
