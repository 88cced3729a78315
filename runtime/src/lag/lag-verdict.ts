// The one lag judgement (OK / WARN / STALL / STOP, or PENDING while the window does not hold enough
// commits), shared by `streamwise lag`, the graph panel and the Streamwise view. Burrow's evaluation
// rules (github.com/linkedin/Burrow/wiki/Consumer-Lag-Evaluation-Rules) adapted to what OffsetFetch
// shows. Burrow's window is a ring of the group's last N commits; polling sees a commit as a change
// of the committed offset between two samples, so the window here is the partition's last
// `requiredCommits` changes (plus the sample before them as the baseline), never a count of polls.
// A re-commit of the same offset is invisible to OffsetFetch, so "did not move" is judged by time:
// no change for `stallMs` (several commit intervals at the observed cadence).
// Per partition, in order:
//  - STOP    no active member while behind (nobody consumes; needs no window);
//  - STALL   behind, and no commit for stallMs (also before the first commit, with records waiting);
//  - not enough commits in the window yet: OK when caught up and nothing was committed for stallMs
//            (an idle consumer has nothing to commit), else PENDING ("no commits yet" / "k of N");
//  - with a full window (Burrow's rules): OK when the lag reached zero in it (or was zero at a
//    commit: see GroupSampler); WARN when the committed offset went backwards (Burrow's REWIND);
//    WARN when the lag at every commit was above zero and grew by more than the sampling can
//    explain (falling behind); OK otherwise.

export type LagStatus = 'OK' | 'WARN' | 'STALL' | 'STOP';
/** A verdict: a status, or PENDING while the window does not hold enough commits. */
export type LagVerdictStatus = LagStatus | 'PENDING';

/** One partition at one sample time. */
export interface LagSample { time: number; committed: number | null; end: number }

export interface PartitionWindow {
  /** Samples in time order: the window plus, first, the sample just before it (the baseline). */
  samples: readonly LagSample[];
  /** Commits (changes of the committed offset) the window must hold before Burrow's rules apply. */
  requiredCommits: number;
  /** Time without a commit that counts as stalled while behind (commit intervals x cadence). */
  stallMs: number;
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
  /** Commits (changes of the committed offset) seen in the window. */
  commits: number;
  status: LagVerdictStatus;
  reason: string;
}

export interface SeenCommit { time: number; committed: number; lowerLag: number }

const lagAt = (s: LagSample) => (s.committed === null ? null : Math.max(0, s.end - s.committed));
const seconds = (ms: number) => `${ms < 10_000 ? (Math.round(ms / 100) / 10).toFixed(1) : Math.round(ms / 1000)} s`;

/** Samples whose committed offset differs from the sample before: the commits polling can see. */
export function commitsIn(samples: readonly LagSample[]): SeenCommit[] {
  const commits: SeenCommit[] = [];
  for (let i = 1; i < samples.length; i++) {
    const prev = samples[i - 1];
    const cur = samples[i];
    if (prev === undefined || cur === undefined || cur.committed === null || cur.committed === prev.committed) continue;
    commits.push({ time: cur.time, committed: cur.committed, lowerLag: Math.max(0, prev.end - cur.committed) });
  }
  return commits;
}

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
  const commits = commitsIn(samples);
  const base = { committed: last.committed, end: last.end, lag, consumeRate, produceRate, commits: commits.length };
  const catchUpMs = lag === 0 ? 0 : lag !== null && consumeRate !== null && produceRate !== null && consumeRate > produceRate
    ? Math.round((lag / (consumeRate - produceRate)) * 1000) : null;
  const verdict = (status: LagVerdictStatus, reason: string): PartitionVerdict => ({ ...base, catchUpMs, status, reason });
  const behind = lag === null ? last.end > 0 : lag > 0;

  if (w.active === false) {
    return behind ? verdict('STOP', 'no active member while behind') : verdict('OK', 'caught up; the group has no active member');
  }
  // Since the last commit seen, or since the first sample when none was seen (its start is unknown).
  const quietMs = last.time - (commits[commits.length - 1]?.time ?? first.time);
  if (behind && quietMs >= w.stallMs) {
    return last.committed === null
      ? verdict('STALL', `no commit in ${seconds(quietMs)} while ${last.end} record(s) wait`)
      : verdict('STALL', `committed offset did not move for ${seconds(quietMs)} while behind`);
  }
  if (commits.length < w.requiredCommits) {
    if (!behind && quietMs >= w.stallMs) return verdict('OK', last.committed === null ? 'no records yet' : `caught up; nothing new to commit for ${seconds(quietMs)}`);
    return last.committed === null ? verdict('PENDING', 'no commits yet') : verdict('PENDING', `window not full yet (${commits.length} of ${w.requiredCommits} commits)`);
  }
  if (samples.some((s) => lagAt(s) === 0) || commits.some((c) => c.lowerLag === 0)) return verdict('OK', 'caught up (lag reached zero in the window)');
  const rewound = samples.some((s, i) => {
    const prev = samples[i - 1]?.committed ?? null;
    return prev !== null && s.committed !== null && s.committed < prev;
  });
  if (rewound) return verdict('WARN', 'committed offset went backwards (rewind)');
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
  return verdict('OK', `consuming (${commits.length} commits in the window)`);
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
