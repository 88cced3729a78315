// Live numbers for the graph, from the two sources the panel has: the run manager's LiveRunState
// (runs the extension started) and the lag tracker's GroupLagReport (runtime/src/lag: the one
// verdict, from the cluster poller or from the run's own offsets). Pure: tested in node.
import { worstStatus, type GroupLagReport, type LagStatus, type LagVerdictStatus, type PartitionMetrics, type ThreadAssignment } from 'streamwise/model';
import type { LiveRunState } from '../runs/live-state';
import type { GraphOverlay, GraphViewModel, LagView, NodeOverlay, PartitionRow, ThreadOverlay, TopicOverlay, VerdictNote, WindowCompleteness } from './graph-model';

export const TREND_POINTS = 30;

/** Lag history per `topic\0partition`, oldest first (kept by the caller between polls). */
export type Trends = Map<string, number[]>;

export const partitionId = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

export function recordTrends(trends: Trends, rows: { topic: string; partition: number; lag: number }[]): void {
  for (const r of rows) {
    const key = partitionId(r.topic, r.partition);
    const list = trends.get(key) ?? [];
    list.push(r.lag);
    if (list.length > TREND_POINTS) list.splice(0, list.length - TREND_POINTS);
    trends.set(key, list);
  }
}

// The tracker (runtime/src/lag) is the one judge: PENDING (no verdict yet) shows as none; the panel never re-judges.
const judged = (s: LagVerdictStatus | undefined): LagStatus | undefined => (s === undefined || s === 'PENDING' ? undefined : s);

export function windowOf(report: GroupLagReport): WindowCompleteness {
  const w = report.window;
  return { spanMs: w.spanMs, requiredMs: w.requiredMs, full: w.full, commits: w.commits, requiredCommits: w.requiredCommits, samples: w.samples };
}

export const noteOf = (report: GroupLagReport): VerdictNote => ({ phase: report.phase, message: report.message });

export interface OverlayInputs {
  model: GraphViewModel;
  applicationId?: string;
  live?: LiveRunState;
  report?: GroupLagReport;
  trends?: Trends;
  time?: number;
}

/** The topic a model topic node stands for on the cluster (internal topics carry the application id). */
export function realTopicName(modelTopic: string, kind: string, applicationId: string | undefined): string {
  return (kind === 'repartition' || kind === 'changelog') && applicationId !== undefined ? `${applicationId}-${modelTopic}` : modelTopic;
}

function owners(assignment: ThreadAssignment[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of assignment) for (const p of a.partitions) out.set(partitionId(p.topic, p.partition), `${a.instance}/${a.thread}`);
  return out;
}

export function buildOverlay(inputs: OverlayInputs): GraphOverlay {
  const { model, live, report } = inputs;
  const applicationId = inputs.applicationId ?? live?.applicationId ?? report?.groupId;
  const trends = inputs.trends ?? new Map<string, number[]>();
  const nodes: Record<string, NodeOverlay> = {};
  if (live !== undefined) {
    for (const n of model.nodes) {
      const l = live.nodes[n.id];
      if (l !== undefined) nodes[n.id] = { recordsPerSecond: l.recordsInPerSec, errors: l.errors };
    }
  }
  const runOwners = owners(live?.assignment ?? []);
  const livePartitions = new Map<string, PartitionMetrics>((live?.partitions ?? []).map((p) => [partitionId(p.topic, p.partition), p]));
  const window: WindowCompleteness | undefined = report === undefined ? undefined : windowOf(report);
  const topics: Record<string, TopicOverlay> = {};
  for (const n of model.nodes) {
    if (n.kind !== 'topic' && n.kind !== 'repartition') continue;
    const real = realTopicName(n.label, n.kind, applicationId);
    const rows: PartitionRow[] = [];
    let consumeRate = 0;
    let produceRate = 0;
    const statuses: LagVerdictStatus[] = [];
    const fromReport = (report?.partitions ?? []).filter((p) => p.topic === real);
    if (fromReport.length > 0) {
      for (const p of fromReport) {
        const lag = p.lag ?? 0;
        const row: PartitionRow = { topic: n.label, partition: p.partition, end: p.end, committed: p.committed ?? -1, lag, trend: [...(trends.get(partitionId(real, p.partition)) ?? [])] };
        const owner = runOwners.get(partitionId(real, p.partition)) ?? p.clientId ?? undefined;
        if (owner !== undefined) row.owner = owner;
        if (p.consumerId !== null) row.member = p.consumerId;
        if (p.host !== null) row.host = p.host;
        if (p.produceRate !== null && p.produceRate > 0) row.timeLagSeconds = lag / p.produceRate;
        const status = judged(p.status);
        if (status !== undefined) row.status = status;
        statuses.push(p.status);
        consumeRate += p.consumeRate ?? 0;
        produceRate += p.produceRate ?? 0;
        rows.push(row);
      }
    } else {
      for (const p of livePartitions.values()) {
        if (p.topic !== real) continue;
        const row: PartitionRow = { topic: n.label, partition: p.partition, end: p.highWatermark, committed: p.committedOffset, lag: Math.max(0, p.lag), trend: [...(trends.get(partitionId(real, p.partition)) ?? [])] };
        const owner = runOwners.get(partitionId(real, p.partition));
        if (owner !== undefined) row.owner = owner;
        rows.push(row);
      }
      const t = live?.topics[real];
      if (t !== undefined) consumeRate = t.inPerSec;
    }
    if (rows.length === 0) continue;
    rows.sort((a, b) => a.partition - b.partition);
    const totalLag = rows.reduce((s, r) => s + r.lag, 0);
    const topic: TopicOverlay = {
      topic: n.label, totalLag, maxLag: Math.max(0, ...rows.map((r) => r.lag)), consumeRate, produceRate,
      window: window ?? { spanMs: 0, requiredMs: 0, full: false, commits: 0, requiredCommits: 0, samples: 0 },
      partitions: rows,
    };
    if (totalLag === 0) topic.catchUpSeconds = 0;
    else if (consumeRate > produceRate && fromReport.length > 0) topic.catchUpSeconds = totalLag / (consumeRate - produceRate);
    // The tracker says PENDING until the window holds enough commits: no verdict is shown before.
    const worst = statuses.length === 0 ? undefined : judged(worstStatus(statuses));
    if (worst !== undefined) topic.status = worst;
    topics[n.label] = topic;
  }
  const threads: ThreadOverlay[] = live !== undefined && live.assignment.length > 0
    ? live.assignment.map((a) => ({ instance: a.instance, thread: a.thread, partitions: a.partitions.map((p) => ({ ...p })), idle: a.partitions.length === 0 }))
    : (report?.members ?? []).map((m) => ({ instance: m.clientId, thread: m.host, partitions: m.assignment.map((p) => ({ ...p })), idle: m.assignment.length === 0 }));
  const overlay: GraphOverlay = { source: live !== undefined ? 'run' : 'cluster', time: inputs.time ?? report?.time ?? live?.updatedAt ?? 0, nodes, topics, threads };
  if (applicationId !== undefined) overlay.groupId = applicationId;
  const groupStatus = judged(report?.status);
  if (groupStatus !== undefined) overlay.status = groupStatus;
  if (window !== undefined) overlay.window = window;
  if (report !== undefined) overlay.note = noteOf(report);
  return overlay;
}

export const HISTORY_POINTS = 300;

/** `Show Lag`: one group's report as the lag view (partitions per topic, members, lag over time). */
export function lagViewFromReport(report: GroupLagReport, trends: Trends, history: { time: number; lag: number }[]): LagView {
  const byTopic = new Map<string, PartitionRow[]>();
  const rates = new Map<string, { consume: number; produce: number }>();
  for (const p of report.partitions) {
    const lag = p.lag ?? 0;
    const row: PartitionRow = { topic: p.topic, partition: p.partition, end: p.end, committed: p.committed ?? -1, lag, trend: [...(trends.get(partitionId(p.topic, p.partition)) ?? [])] };
    if (p.clientId !== null) row.owner = p.clientId;
    if (p.consumerId !== null) row.member = p.consumerId;
    if (p.host !== null) row.host = p.host;
    if (p.produceRate !== null && p.produceRate > 0) row.timeLagSeconds = lag / p.produceRate;
    const status = judged(p.status);
    if (status !== undefined) row.status = status;
    byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), row]);
    const r = rates.get(p.topic) ?? { consume: 0, produce: 0 };
    r.consume += p.consumeRate ?? 0;
    r.produce += p.produceRate ?? 0;
    rates.set(p.topic, r);
  }
  const window = windowOf(report);
  const topics: TopicOverlay[] = [...byTopic].map(([topic, rows]) => {
    const totalLag = rows.reduce((s, r) => s + r.lag, 0);
    const r = rates.get(topic) ?? { consume: 0, produce: 0 };
    const t: TopicOverlay = { topic, totalLag, maxLag: Math.max(0, ...rows.map((x) => x.lag)), consumeRate: r.consume, produceRate: r.produce, window, partitions: rows };
    if (totalLag === 0) t.catchUpSeconds = 0;
    else if (r.consume > r.produce) t.catchUpSeconds = totalLag / (r.consume - r.produce);
    const statuses = report.partitions.filter((p) => p.topic === topic).map((p) => p.status);
    const status = judged(worstStatus(statuses));
    if (status !== undefined) t.status = status;
    return t;
  });
  const view: LagView = {
    groupId: report.groupId, time: report.time, window, note: noteOf(report), topics, history: history.slice(-HISTORY_POINTS),
    members: report.members.map((m) => ({ memberId: m.memberId, clientId: m.clientId, host: m.host, partitions: m.assignment.length })),
  };
  const status = judged(report.status);
  if (status !== undefined) view.status = status;
  return view;
}
