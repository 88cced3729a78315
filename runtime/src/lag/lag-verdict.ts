// Consumer-group status over a sliding window of samples, following Burrow's evaluation rules
// (github.com/linkedin/Burrow/wiki/Consumer-Lag-Evaluation-Rules), per partition:
//  - OK    when the lag was zero at any point in the window;
//  - STOP  when the group has no running member (Burrow: no commit for longer than the window
//          spans) while the lag is non-zero;
//  - STALL when the committed offset did not move over the window and the lag is non-zero;
//  - WARN  when offsets move but the lag never decreased over the window (falling behind), or the
//          committed offset went backwards (Burrow's REWIND);
//  - OK    otherwise. The group's status is its worst partition's.

export type LagStatus = 'OK' | 'WARN' | 'STALL' | 'STOP';

export interface LagSample { time: number; committed: number; end: number }

export interface PartitionLag {
  topic: string; partition: number;
  committed: number; end: number; lag: number;
  /** Records per second committed by the group, and produced to the partition, over the window. */
  consumeRate: number; produceRate: number;
  status: LagStatus;
  reason: string;
}

const lagOf = (s: LagSample) => Math.max(0, s.end - (s.committed < 0 ? 0 : s.committed));

export function evaluatePartition(topic: string, partition: number, window: readonly LagSample[], groupRunning: boolean | undefined): PartitionLag {
  const first = window[0];
  const last = window[window.length - 1];
  if (first === undefined || last === undefined) throw new Error('evaluatePartition needs at least one sample');
  const seconds = Math.max((last.time - first.time) / 1000, 0.001);
  const base = {
    topic, partition, committed: last.committed, end: last.end, lag: lagOf(last),
    consumeRate: window.length < 2 ? 0 : Math.max(0, last.committed - first.committed) / seconds,
    produceRate: window.length < 2 ? 0 : Math.max(0, last.end - first.end) / seconds,
  };
  const lags = window.map(lagOf);
  if (lags.some((l) => l === 0)) return { ...base, status: 'OK', reason: 'lag reached zero in the window' };
  if (groupRunning === false) return { ...base, status: 'STOP', reason: 'no running member while behind' };
  if (window.some((s, i) => i > 0 && s.committed < (window[i - 1]?.committed ?? s.committed))) {
    return { ...base, status: 'WARN', reason: 'committed offset went backwards (rewind)' };
  }
  if (last.committed === first.committed) {
    return { ...base, status: 'STALL', reason: last.committed < 0 ? 'nothing committed while behind' : 'committed offset did not move while behind' };
  }
  if (lags.every((l, i) => i === 0 || l >= (lags[i - 1] ?? l))) return { ...base, status: 'WARN', reason: 'lag did not decrease over the window' };
  return { ...base, status: 'OK', reason: 'lag decreasing' };
}

const RANK: Record<LagStatus, number> = { OK: 0, WARN: 1, STALL: 2, STOP: 3 };

export function groupStatus(partitions: readonly PartitionLag[]): LagStatus {
  return partitions.reduce<LagStatus>((worst, p) => (RANK[p.status] > RANK[worst] ? p.status : worst), 'OK');
}
