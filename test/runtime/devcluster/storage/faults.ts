// Real file operations with faults injected on demand: the next N writes come out short or fail
// with an errno, opens fail with EMFILE, fsync fails with EIO; writes or fsyncs can be held until
// the test lets them go. Everything else reaches node:fs.
import { nodeFileOps, type FileOps } from '../../../../runtime/src/devcluster/storage/file-ops';

export type Fault = { kind: 'short'; keep: number } | { kind: 'errno'; code: string };

/** Operations held at the file layer until release(). */
export interface Gate {
  /** Resolves when the first held operation has arrived. */
  reached: Promise<void>;
  release(): void;
}

export interface FaultyOps {
  ops: FileOps;
  /** The next `times` writes to paths matching `match` fail this way. */
  failWrites(fault: Fault, times?: number, match?: RegExp): void;
  failOpens(code: string, times?: number): void;
  failFsyncs(code: string, times?: number, match?: RegExp): void;
  /** Holds every write (to paths matching `match`) until the gate is released. */
  holdWrites(match?: RegExp): Gate;
  /** Holds every fsync of a file matching `match` until the gate is released. */
  holdFsyncs(match?: RegExp): Gate;
  /** Holds every unlink of a path matching `match` until the gate is released. */
  holdUnlinks(match: RegExp): Gate;
  /** Holds every rename from a path matching `match` until the gate is released. */
  holdRenames(match: RegExp): Gate;
  /** fsyncs of files matching `match` that completed. */
  fsyncCount(match?: RegExp): number;
  /** Resolves once `n` writes to files matching `match` have completed (counted from the start). */
  writesDone(n: number, match?: RegExp): Promise<void>;
  openFds(): number;
  clear(): void;
}

const errnoError = (code: string, syscall: string): Error => Object.assign(new Error(`${code}: injected ${syscall} failure`), { code, syscall });

interface Held { match: RegExp; open: Promise<void>; release: () => void; arrived: () => void }

function gate(match: RegExp): { held: Held; gate: Gate } {
  let release = () => {};
  let arrived = () => {};
  const open = new Promise<void>((r) => { release = r; });
  const reached = new Promise<void>((r) => { arrived = r; });
  return { held: { match, open, release, arrived }, gate: { reached, release } };
}

export function faultyOps(): FaultyOps {
  let writes: { fault: Fault; times: number; match: RegExp } | undefined;
  let opens: { code: string; times: number } | undefined;
  let fsyncs: { code: string; times: number; match: RegExp } | undefined;
  let heldWrites: Held | undefined;
  let heldFsyncs: Held | undefined;
  let heldUnlinks: Held | undefined;
  let heldRenames: Held | undefined;
  const pass = async (h: Held | undefined, path: string) => {
    if (h === undefined || !h.match.test(path)) return;
    h.arrived();
    await h.open;
  };
  const synced: string[] = [];
  const written: string[] = [];
  let writeWaiters: { n: number; match: RegExp; resolve: () => void }[] = [];
  const noteWrite = (path: string) => {
    written.push(path);
    writeWaiters = writeWaiters.filter((w) => {
      if (written.filter((p) => w.match.test(p)).length < w.n) return true;
      w.resolve();
      return false;
    });
  };
  const paths = new Map<number, string>();
  const ops: FileOps = {
    ...nodeFileOps,
    async open(path) {
      if (opens !== undefined && opens.times > 0) {
        opens.times--;
        throw errnoError(opens.code, 'open');
      }
      const fd = await nodeFileOps.open(path);
      paths.set(fd, path);
      return fd;
    },
    async close(fd) {
      paths.delete(fd);
      await nodeFileOps.close(fd);
    },
    async write(fd, buf, position) {
      const path = paths.get(fd) ?? '';
      const h = heldWrites;
      if (h !== undefined && h.match.test(path)) {
        h.arrived();
        await h.open;
      }
      const w = writes;
      if (w !== undefined && w.times > 0 && w.match.test(path)) {
        w.times--;
        if (w.fault.kind === 'errno') throw errnoError(w.fault.code, 'write');
        // A short write really writes its first bytes, as the kernel does.
        return nodeFileOps.write(fd, buf.subarray(0, Math.min(w.fault.keep, buf.length)), position);
      }
      const n = await nodeFileOps.write(fd, buf, position);
      noteWrite(path);
      return n;
    },
    async unlink(path) {
      await pass(heldUnlinks, path);
      await nodeFileOps.unlink(path);
    },
    async rename(from, to) {
      await pass(heldRenames, from);
      await nodeFileOps.rename(from, to);
    },
    async fsync(fd) {
      const path = paths.get(fd) ?? '';
      const h = heldFsyncs;
      if (h !== undefined && h.match.test(path)) {
        h.arrived();
        await h.open;
      }
      if (fsyncs !== undefined && fsyncs.times > 0 && fsyncs.match.test(path)) {
        fsyncs.times--;
        throw errnoError(fsyncs.code, 'fsync');
      }
      await nodeFileOps.fsync(fd);
      synced.push(path);
    },
  };
  return {
    ops,
    failWrites: (fault, times = 1, match = /\.log$/) => { writes = { fault, times, match }; },
    failOpens: (code, times = 1) => { opens = { code, times }; },
    failFsyncs: (code, times = 1, match = /./) => { fsyncs = { code, times, match }; },
    holdWrites: (match = /\.log$/) => { const g = gate(match); heldWrites = g.held; return g.gate; },
    holdFsyncs: (match = /\.log$/) => { const g = gate(match); heldFsyncs = g.held; return g.gate; },
    holdUnlinks: (match) => { const g = gate(match); heldUnlinks = g.held; return g.gate; },
    holdRenames: (match) => { const g = gate(match); heldRenames = g.held; return g.gate; },
    fsyncCount: (match = /\.log$/) => synced.filter((p) => match.test(p)).length,
    writesDone: (n, match = /\.log$/) => new Promise<void>((resolve) => {
      if (written.filter((p) => match.test(p)).length >= n) resolve();
      else writeWaiters.push({ n, match, resolve });
    }),
    openFds: () => paths.size,
    clear: () => {
      writes = undefined; opens = undefined; fsyncs = undefined;
      heldWrites?.release(); heldFsyncs?.release(); heldUnlinks?.release(); heldRenames?.release();
      heldWrites = undefined; heldFsyncs = undefined; heldUnlinks = undefined; heldRenames = undefined;
    },
  };
}
