// A sliding window of commits over group snapshots, as Burrow's: per partition, the last
// `commitIntervals` commits (changes of its committed offset; polls without a change add none)
// plus the sample before them. Until a partition's window holds that many, it is PENDING unless
// time decides: no commit for `commitIntervals` commit intervals is a stall while behind (or an
// idle consumer when caught up). The interval is the group's observed cadence (median time between
// changes of a partition's committed offset) or, until then, `assumedCommitIntervalMs` (Kafka
// Streams' default 30 s).
import { groupActive, partitionKey, type GroupSnapshot, type LagGroupMember } from './group-snapshot';
import { commitsIn, evaluatePartition, worstStatus, type LagSample, type LagVerdictStatus, type PartitionVerdict } from './lag-verdict';

export interface LagTrackerOptions {
  /** Commits the window holds before a partition is judged, and commit intervals without one that make a stall (default 3). */
  commitIntervals?: number;
  /** The commit interval assumed before one is observed (default 30000, Kafka Streams' commit.interval.ms). */
  assumedCommitIntervalMs?: number;
  /** The window is never shorter than this (default 0). */
  minWindowMs?: number;
  /** History kept for the cadence estimate (default 10 minutes, and at least two windows). */
  retainMs?: number;
}

export interface PartitionLagReport extends PartitionVerdict {
  topic: string; partition: number;
  /** The member the partition is assigned to (kafka-consumer-groups' CONSUMER-ID, HOST, CLIENT-ID); null when unassigned. */
  consumerId: string | null; host: string | null; clientId: string | null;
}

export type LagPhase = 'no-data' | 'not-found' | 'no-commits' | 'window-not-full' | 'judged';

export interface GroupLagReport {
  version: 1;
  groupId: string;
  /** Time of the newest sample (epoch ms); 0 before the first. */
  time: number;
  /** Kafka's group state; null when the broker cannot say. */
  groupState: string | null;
  status: LagVerdictStatus;
  phase: LagPhase;
  /** One sentence: what the verdict rests on, or what it waits for. */
  message: string;
  window: {
    /** Time the samples span; time without a commit that makes a stall (commit intervals x cadence). */
    spanMs: number; requiredMs: number;
    /** Every partition is judged (none PENDING). */
    full: boolean;
    /** Commits in the window of the partition with the fewest (at most requiredCommits). */
    commits: number; requiredCommits: number;
    /** Partitions with a verdict, of all. */
    judgedPartitions: number; partitions: number;
    /** Observed commit cadence; null until two commits of one partition were seen. */
    commitIntervalMs: number | null;
    /** Polls so far (for information: the window counts commits, not polls). */
    samples: number;
  };
  /** Sum of known lags. */
  totalLag: number;
  members: LagGroupMember[];
  partitions: PartitionLagReport[];
}

/** 1.2 s, 30 s: one decimal below 10 s. */
export const formatSeconds = (ms: number) => `${ms < 10_000 ? (Math.round(ms / 100) / 10).toFixed(1) : Math.round(ms / 1000)} s`;
const secs = formatSeconds;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? null : (s[Math.floor((s.length - 1) / 2)] ?? null);
};

export class LagTracker {
  private readonly history: GroupSnapshot[] = [];
  private readonly commitIntervals: number;
  private readonly assumedMs: number;
  private readonly minWindowMs: number;
  private readonly retainMs: number;

  constructor(readonly groupId: string, options: LagTrackerOptions = {}) {
    this.commitIntervals = Math.max(1, options.commitIntervals ?? 3);
    this.assumedMs = Math.max(1, options.assumedCommitIntervalMs ?? 30_000);
    this.minWindowMs = Math.max(0, options.minWindowMs ?? 0);
    this.retainMs = options.retainMs ?? 600_000;
  }

  /** Adds a sample (older-than-newest samples are ignored) and returns the report. */
  add(snapshot: GroupSnapshot): GroupLagReport {
    const newest = this.history[this.history.length - 1];
    if (newest === undefined || snapshot.time > newest.time) this.history.push(snapshot);
    this.trim();
    return this.report();
  }

  /** Median gap between changes of any one partition's committed offset. */
  commitIntervalMs(): number | null {
    const gaps: number[] = [];
    const lastChange = new Map<string, number>();
    for (let i = 1; i < this.history.length; i++) {
      const prev = this.history[i - 1];
      const cur = this.history[i];
      if (prev === undefined || cur === undefined) continue;
      const before = new Map(prev.partitions.map((p) => [partitionKey(p), p.committed]));
      for (const p of cur.partitions) {
        const key = partitionKey(p);
        const was = before.get(key);
        if (p.committed === null || was === undefined || was === p.committed) continue;
        // A change right after a partition appears (or after null) has no known start: only time its next change.
        const at = lastChange.get(key);
        if (at !== undefined) gaps.push(cur.time - at);
        lastChange.set(key, cur.time);
      }
    }
    return median(gaps);
  }

  requiredWindowMs(): number {
    const sampleGap = median(this.history.slice(1).map((s, i) => s.time - (this.history[i]?.time ?? s.time))) ?? 0;
    const cadence = Math.max(this.commitIntervalMs() ?? this.assumedMs, sampleGap);
    return Math.max(this.minWindowMs, this.commitIntervals * cadence);
  }

  report(): GroupLagReport {
    const last = this.history[this.history.length - 1];
    const first = this.history[0];
    const requiredMs = this.requiredWindowMs();
    const commitIntervalMs = this.commitIntervalMs();
    const R = this.commitIntervals;
    const empty = { version: 1 as const, groupId: this.groupId, totalLag: 0, members: [], partitions: [] };
    const emptyWindow = (spanMs: number, samples: number) => ({ spanMs, requiredMs, full: false, commits: 0, requiredCommits: R, judgedPartitions: 0, partitions: 0, commitIntervalMs, samples });
    if (last === undefined || first === undefined) {
      return { ...empty, time: 0, groupState: null, status: 'PENDING', phase: 'no-data', message: 'no sample yet', window: emptyWindow(0, 0) };
    }
    const spanMs = last.time - first.time;
    const active = groupActive(last);
    const state = last.state === null ? '' : ` (${last.state})`;
    if (last.partitions.length === 0 && last.members.length === 0) {
      return { ...empty, time: last.time, groupState: last.state, status: 'PENDING', phase: 'not-found', message: `group '${this.groupId}' not found on the cluster${state}: no members and no committed offsets, nothing to judge`, window: emptyWindow(spanMs, this.history.length) };
    }
    if (last.partitions.length === 0) {
      return { ...empty, time: last.time, groupState: last.state, members: last.members, status: 'PENDING', phase: 'no-commits', message: `no partitions assigned and no committed offsets yet (${last.members.length} member(s)${state})`, window: emptyWindow(spanMs, this.history.length) };
    }
    const owners = new Map<string, LagGroupMember>();
    for (const m of last.members) for (const a of m.assignment) owners.set(partitionKey(a), m);
    const partitions: PartitionLagReport[] = last.partitions.map((p) => {
      const key = partitionKey(p);
      const series: LagSample[] = [];
      for (const s of this.history) {
        const q = s.partitions.find((x) => x.topic === p.topic && x.partition === p.partition);
        if (q !== undefined) series.push({ time: s.time, committed: q.committed, end: q.end });
      }
      // The window: the partition's last R commits and the sample before the first of them.
      const commits = commitsIn(series);
      const oldest = commits.length >= R ? commits[commits.length - R] : undefined;
      const from = oldest === undefined ? 0 : Math.max(0, series.findIndex((s) => s.time === oldest.time) - 1);
      const owner = owners.get(key);
      return {
        topic: p.topic, partition: p.partition,
        ...evaluatePartition({ samples: series.slice(from), requiredCommits: R, stallMs: requiredMs, active }),
        consumerId: owner?.memberId ?? null, host: owner?.host ?? null, clientId: owner?.clientId ?? null,
      };
    });
    const status = worstStatus(partitions.map((p) => p.status));
    const pending = partitions.filter((p) => p.status === 'PENDING');
    const window = {
      spanMs, requiredMs, full: pending.length === 0,
      commits: Math.min(...partitions.map((p) => Math.min(p.commits, R))), requiredCommits: R,
      judgedPartitions: partitions.length - pending.length, partitions: partitions.length, commitIntervalMs, samples: this.history.length,
    };
    const noCommits = partitions.every((p) => p.committed === null);
    const totalLag = partitions.reduce((n, p) => n + (p.lag ?? 0), 0);
    const cadence = commitIntervalMs === null ? `commit interval assumed ${secs(this.assumedMs)}` : `commit interval ~${secs(commitIntervalMs)}`;
    let phase: LagPhase;
    let message: string;
    if (noCommits && status === 'PENDING') {
      phase = 'no-commits';
      message = `no commits yet (${last.members.length} member(s), ${last.state ?? 'state unknown'})`;
    } else if (status === 'PENDING') {
      phase = 'window-not-full';
      message = `window not full yet (${window.commits} of ${R} commits; ${cadence})`;
    } else {
      // The worst partition's reason; the window is named only when the verdict rests on it (STOP and STALL need none).
      const worst = partitions.find((p) => p.status === status);
      phase = 'judged';
      message = `${worst?.reason ?? status}${worst !== undefined && worst.commits >= R ? `; window of ${R} commits (${cadence})` : ''}`;
    }
    return { version: 1, groupId: this.groupId, time: last.time, groupState: last.state, status, phase, message, window, totalLag, members: last.members, partitions };
  }

  private trim(): void {
    const last = this.history[this.history.length - 1];
    if (last === undefined) return;
    const keep = Math.max(this.retainMs, 2 * this.requiredWindowMs());
    while (this.history.length > 2 && last.time - (this.history[1]?.time ?? last.time) >= keep) this.history.shift();
  }
}
