// The one lag judgement (OK / WARN / STALL / STOP, or PENDING while the window is not full yet),
// shared by `streamwise lag`, the graph panel and the Streamwise view. Burrow's evaluation rules
// (github.com/linkedin/Burrow/wiki/Consumer-Lag-Evaluation-Rules) adapted to what OffsetFetch
// shows: a commit is seen as a change of the committed offset between two samples, and the window
// spans several commit intervals, so a group that commits every 30 s and keeps up is OK.
// Per partition, in order:
//  - STOP    no active member while behind (nobody consumes; needs no window);
//  - OK      the lag reached zero in the window (or was zero at a commit: see GroupSampler);
//  - PENDING the window does not span enough commit intervals yet ("window not full yet"), or no
//            commit yet;
//  - WARN    the committed offset went backwards (Burrow's REWIND);
//  - STALL   the committed offset did not move for a whole window while behind;
//  - WARN    the lag at every commit in the window was above zero and grew by more than the
//            sampling can explain (falling behind);
//  - OK      otherwise.

export type LagStatus = 'OK' | 'WARN' | 'STALL' | 'STOP';
/** A verdict: a status, or PENDING while the window is not full yet. */
export type LagVerdictStatus = LagStatus | 'PENDING';

/** One partition at one sample time. */
export interface LagSample { time: number; committed: number | null; end: number }

export interface PartitionWindow {
  /** Samples in time order: the window plus, first, the sample just before it (the baseline). */
  samples: readonly LagSample[];
  /** The window is full: the history spans the required number of commit intervals. */
  full: boolean;
  /** The window length in ms (commit intervals x cadence). */
  windowMs: number;
  /** Whether the group has an active member; undefined when the broker cannot say. */
  active: boolean | undefined;
}

export interface PartitionVerdict {
  committed: number | null; end: number;
  /** end - committed; null before the first commit. */
  lag: number | null;
  /** Records per second committed by the group, and produced to the partition, over the window; null with fewer than two samples. */
  consumeRate: number | null; produceRate: number | null;
  /** 0 when caught up; ms until caught up at the window's rates; null when not catching up (or unknown). */
  catchUpMs: number | null;
  status: LagVerdictStatus;
  reason: string;
}

const lagAt = (s: LagSample) => (s.committed === null ? null : Math.max(0, s.end - s.committed));
const seconds = (ms: number) => `${ms < 10_000 ? (Math.round(ms / 100) / 10).toFixed(1) : Math.round(ms / 1000)} s`;

export function evaluatePartition(w: PartitionWindow): PartitionVerdict {
  const samples = w.samples;
  const last = samples[samples.length - 1];
  const first = samples[0];
  if (last === undefined || first === undefined) throw new Error('evaluatePartition needs at least one sample');
  const span = (last.time - first.time) / 1000;
  const committedFirst = samples.find((s) => s.committed !== null);
  const consumeRate = span <= 0 || committedFirst === undefined || last.committed === null
    ? null : Math.max(0, last.committed - (committedFirst.committed ?? 0)) / Math.max((last.time - committedFirst.time) / 1000, 0.001);
  const produceRate = span <= 0 ? null : Math.max(0, last.end - first.end) / span;
  const lag = lagAt(last);
  const base = { committed: last.committed, end: last.end, lag, consumeRate, produceRate };
  const catchUpMs = lag === 0 ? 0 : lag !== null && consumeRate !== null && produceRate !== null && consumeRate > produceRate
    ? Math.round((lag / (consumeRate - produceRate)) * 1000) : null;
  const verdict = (status: LagVerdictStatus, reason: string): PartitionVerdict => ({ ...base, catchUpMs, status, reason });

  if (w.active === false) {
    if (lag === 0 || (lag === null && last.end === 0)) return verdict('OK', 'caught up; the group has no active member');
    return verdict('STOP', 'no active member while behind');
  }
  // Commits: samples whose committed offset differs from the sample before.
  const commits: { time: number; committed: number; lowerLag: number }[] = [];
  for (let i = 1; i < samples.length; i++) {
    const prev = samples[i - 1];
    const cur = samples[i];
    if (prev === undefined || cur === undefined || cur.committed === null || cur.committed === prev.committed) continue;
    commits.push({ time: cur.time, committed: cur.committed, lowerLag: Math.max(0, prev.end - cur.committed) });
  }
  if (samples.some((s) => lagAt(s) === 0) || commits.some((c) => c.lowerLag === 0)) return verdict('OK', 'caught up (lag reached zero in the window)');
  if (last.committed === null) {
    if (last.end === 0) return verdict('OK', 'no records yet');
    return w.full ? verdict('STALL', `no commit in ${seconds(w.windowMs)} while records wait`) : verdict('PENDING', 'no commits yet');
  }
  if (!w.full) return verdict('PENDING', 'window not full yet');
  const rewound = samples.some((s, i) => {
    const prev = samples[i - 1]?.committed ?? null;
    return prev !== null && s.committed !== null && s.committed < prev;
  });
  if (rewound) {
    return verdict('WARN', 'committed offset went backwards (rewind)');
  }
  if (commits.length === 0) return verdict('STALL', `committed offset did not move for ${seconds(last.time - first.time)} while behind`);
  const firstCommit = commits[0];
  const lastCommit = commits[commits.length - 1];
  if (firstCommit !== undefined && lastCommit !== undefined && commits.length >= 2) {
    let maxGap = 0;
    for (let i = 1; i < samples.length; i++) maxGap = Math.max(maxGap, (samples[i]?.time ?? 0) - (samples[i - 1]?.time ?? 0));
    // Sampling alone moves the lag seen at a commit by up to one sample gap's worth of produced records.
    const tolerance = (produceRate ?? 0) * (maxGap / 1000);
    if (lastCommit.lowerLag - firstCommit.lowerLag > tolerance && commits.every((c) => c.lowerLag > 0)) {
      return verdict('WARN', 'lag grows at every commit (falling behind)');
    }
  }
  return verdict('OK', `consuming (${commits.length} commit(s) in the window)`);
}

const RANK: Record<LagVerdictStatus, number> = { OK: 0, PENDING: 1, WARN: 2, STALL: 3, STOP: 4 };

/** The worst verdict; PENDING when nothing is bad but something is not judged yet. */
export function worstStatus(statuses: readonly LagVerdictStatus[]): LagVerdictStatus {
  return statuses.reduce<LagVerdictStatus>((worst, s) => (RANK[s] > RANK[worst] ? s : worst), 'OK');
}

/** Whether `status` is at least as bad as `threshold` (for `--fail-on`). PENDING fails nothing. */
export function statusAtLeast(status: LagVerdictStatus, threshold: LagStatus): boolean {
  return status !== 'PENDING' && RANK[status] >= RANK[threshold];
}
