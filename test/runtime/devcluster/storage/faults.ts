// Real file operations with faults injected on demand: the next N writes come out short or fail
// with an errno, opens fail with EMFILE, fsync fails with EIO. Everything else reaches node:fs.
import { nodeFileOps, type FileOps } from '../../../../runtime/src/devcluster/storage/file-ops';

export type Fault = { kind: 'short'; keep: number } | { kind: 'errno'; code: string };

export interface FaultyOps {
  ops: FileOps;
  /** The next `times` writes to paths matching `match` fail this way. */
  failWrites(fault: Fault, times?: number, match?: RegExp): void;
  failOpens(code: string, times?: number): void;
  failFsyncs(code: string, times?: number): void;
  openFds(): number;
  clear(): void;
}

const errnoError = (code: string, syscall: string): Error => Object.assign(new Error(`${code}: injected ${syscall} failure`), { code, syscall });

export function faultyOps(): FaultyOps {
  let writes: { fault: Fault; times: number; match: RegExp } | undefined;
  let opens: { code: string; times: number } | undefined;
  let fsyncs: { code: string; times: number } | undefined;
  const paths = new Map<number, string>();
  const ops: FileOps = {
    ...nodeFileOps,
    open(path) {
      if (opens !== undefined && opens.times > 0) {
        opens.times--;
        throw errnoError(opens.code, 'open');
      }
      const fd = nodeFileOps.open(path);
      paths.set(fd, path);
      return fd;
    },
    close(fd) {
      paths.delete(fd);
      nodeFileOps.close(fd);
    },
    write(fd, buf, position) {
      const w = writes;
      if (w !== undefined && w.times > 0 && w.match.test(paths.get(fd) ?? '')) {
        w.times--;
        if (w.fault.kind === 'errno') throw errnoError(w.fault.code, 'write');
        // A short write really writes its first bytes, as the kernel does.
        return nodeFileOps.write(fd, buf.subarray(0, Math.min(w.fault.keep, buf.length)), position);
      }
      return nodeFileOps.write(fd, buf, position);
    },
    fsync(fd) {
      if (fsyncs !== undefined && fsyncs.times > 0) {
        fsyncs.times--;
        throw errnoError(fsyncs.code, 'fsync');
      }
      nodeFileOps.fsync(fd);
    },
  };
  return {
    ops,
    failWrites: (fault, times = 1, match = /\.log$/) => { writes = { fault, times, match }; },
    failOpens: (code, times = 1) => { opens = { code, times }; },
    failFsyncs: (code, times = 1) => { fsyncs = { code, times }; },
    openFds: () => paths.size,
    clear: () => { writes = undefined; opens = undefined; fsyncs = undefined; },
  };
}
