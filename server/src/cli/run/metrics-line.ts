// The short metrics line `streamwise run` prints every few seconds.
import type { MetricsSnapshot } from 'streamwise/model';

export interface Totals { in: number; out: number; errors: number; lag: number }

export function totals(snapshots: readonly MetricsSnapshot[]): Totals {
  let inn = 0, out = 0, errors = 0, lag = 0;
  for (const s of snapshots) {
    for (const t of Object.values(s.topics)) { inn += t.recordsIn; out += t.recordsOut; }
    for (const n of Object.values(s.nodes)) errors += n.errors;
    for (const p of s.partitions) lag += p.lag;
  }
  return { in: inn, out, errors, lag };
}

export function metricsLine(now: Totals, before: Totals, seconds: number, states: readonly string[]): string {
  const rate = (a: number, b: number) => Math.round((a - b) / Math.max(seconds, 0.001));
  const uniq = [...new Set(states)].join('/');
  return `metrics: in ${now.in} (${rate(now.in, before.in)}/s) out ${now.out} (${rate(now.out, before.out)}/s) lag ${now.lag} errors ${now.errors} | ${uniq}`;
}
