// The typed live state of one run, folded from the runtime's NDJSON StreamsEvent lines (schema in
// streamwise/model). Pure: `reduceLiveState(state, event)` returns a new state and never mutates
// its input, so the run manager, the status bar, the Streamwise view and the graph panel all read
// the same value and can keep old ones. The only parser of that channel (TEAM.md agreement).
import type { MetricsSnapshot, PartitionMetrics, StreamsEvent, StreamsStateName, ThreadAssignment } from 'streamwise/model';

export interface NodeLive {
  /** Cumulative, summed over the run's instances. */
  recordsIn: number;
  recordsOut: number;
  errors: number;
  /** Mean of the instances' latest sampled process latency (ms), 0 when none sampled. */
  processLatencyMs: number;
  /** recordsIn per second between each instance's last two snapshots, summed. */
  recordsInPerSec: number;
  recordsOutPerSec: number;
}

export interface TopicLive {
  recordsIn: number;
  recordsOut: number;
  inPerSec: number;
  outPerSec: number;
}

export interface InstanceLive {
  instance: string;
  applicationId: string;
  state: StreamsStateName;
  /** Latest snapshot and when it was taken; undefined before the first metrics event. */
  snapshot?: MetricsSnapshot;
  snapshotTime?: number;
  /** Per-second rates from this instance's last two snapshots. */
  rates: { nodesIn: Record<string, number>; nodesOut: Record<string, number>; topicsIn: Record<string, number>; topicsOut: Record<string, number> };
  /** Per thread, from assignment events (newer metrics snapshots refresh them too). */
  threads: Record<string, ThreadAssignment>;
}

export interface LiveError {
  time: number;
  instance: string;
  message: string;
  thread?: string;
  node?: string;
  topic?: string;
  partition?: number;
  offset?: number;
}

export interface LiveRunState {
  /** The application id (the first seen; a run has one). */
  applicationId: string | undefined;
  /** The run's state over its instances: ERROR if any is, else the least advanced (see appState). */
  state: StreamsStateName | undefined;
  instances: Record<string, InstanceLive>;
  /** Every instance's thread assignments, sorted by instance then thread. */
  assignment: ThreadAssignment[];
  /** Keyed by node name, summed over instances. */
  nodes: Record<string, NodeLive>;
  /** Keyed by real topic name, summed over instances. */
  topics: Record<string, TopicLive>;
  /** Every instance's partitions (consumed/committed offsets, high watermark, lag). */
  partitions: PartitionMetrics[];
  /** Records consumed per second over all topics and instances. */
  recordsPerSec: number;
  /** Cumulative totals over instances. */
  totals: { recordsIn: number; recordsOut: number; errors: number; deadLettered: number; produced: number; committed: number };
  /** The last errors, newest last (at most MAX_ERRORS). */
  errors: LiveError[];
  /** Time of the last event folded in (ms since the epoch); 0 before any. */
  updatedAt: number;
}

export const MAX_ERRORS = 20;

export function initialLiveState(): LiveRunState {
  return {
    applicationId: undefined,
    state: undefined,
    instances: {},
    assignment: [],
    nodes: {},
    topics: {},
    partitions: [],
    recordsPerSec: 0,
    totals: { recordsIn: 0, recordsOut: 0, errors: 0, deadLettered: 0, produced: 0, committed: 0 },
    errors: [],
    updatedAt: 0,
  };
}

const STATE_ORDER: readonly StreamsStateName[] = ['CREATED', 'REBALANCING', 'RUNNING', 'PENDING_SHUTDOWN', 'NOT_RUNNING', 'PENDING_ERROR', 'ERROR'];

/** ERROR (or PENDING_ERROR) if any instance is; otherwise REBALANCING beats RUNNING, and so on. */
export function appState(states: readonly StreamsStateName[]): StreamsStateName | undefined {
  if (states.length === 0) return undefined;
  if (states.includes('ERROR')) return 'ERROR';
  if (states.includes('PENDING_ERROR')) return 'PENDING_ERROR';
  if (states.includes('CREATED')) return 'CREATED';
  if (states.includes('REBALANCING')) return 'REBALANCING';
  if (states.every((s) => s === 'RUNNING')) return 'RUNNING';
  // Shutting down: the most advanced shutdown state.
  return states.reduce((a, b) => (STATE_ORDER.indexOf(b) > STATE_ORDER.indexOf(a) ? b : a));
}

function emptyInstance(instance: string, applicationId: string, state: StreamsStateName): InstanceLive {
  return { instance, applicationId, state, rates: { nodesIn: {}, nodesOut: {}, topicsIn: {}, topicsOut: {} }, threads: {} };
}

export function reduceLiveState(state: LiveRunState, event: StreamsEvent): LiveRunState {
  switch (event.type) {
    case 'state': {
      const previous = state.instances[event.instance] ?? emptyInstance(event.instance, event.applicationId, event.state);
      return derive(state, { ...previous, state: event.state }, event.time, event.applicationId);
    }
    case 'assignment': {
      const previous = state.instances[event.instance] ?? emptyInstance(event.instance, event.applicationId, 'REBALANCING');
      const thread: ThreadAssignment = { instance: event.instance, thread: event.thread, tasks: [...event.tasks], partitions: event.partitions.map((p) => ({ ...p })) };
      return derive(state, { ...previous, threads: { ...previous.threads, [event.thread]: thread } }, event.time, event.applicationId);
    }
    case 'metrics': {
      const m = event.metrics;
      const previous = state.instances[m.instance] ?? emptyInstance(m.instance, m.applicationId, m.state);
      const threads: Record<string, ThreadAssignment> = {};
      for (const a of m.assignment) threads[a.thread] = a;
      const next: InstanceLive = {
        ...previous,
        state: m.state,
        snapshot: m,
        snapshotTime: event.time,
        rates: rates(previous, m, event.time),
        threads: m.assignment.length > 0 ? threads : previous.threads,
      };
      return derive(state, next, event.time, m.applicationId);
    }
    case 'error': {
      const error: LiveError = { time: event.time, instance: event.instance, message: event.message };
      if (event.thread !== undefined) error.thread = event.thread;
      if (event.node !== undefined) error.node = event.node;
      if (event.topic !== undefined) error.topic = event.topic;
      if (event.partition !== undefined) error.partition = event.partition;
      if (event.offset !== undefined) error.offset = event.offset;
      return { ...state, errors: [...state.errors, error].slice(-MAX_ERRORS), updatedAt: Math.max(state.updatedAt, event.time), applicationId: state.applicationId ?? event.applicationId };
    }
  }
}

/** Rates between the instance's previous snapshot and this one; a restarted counter reads 0. */
function rates(previous: InstanceLive, m: MetricsSnapshot, time: number): InstanceLive['rates'] {
  const before = previous.snapshot;
  const seconds = before === undefined || previous.snapshotTime === undefined ? 0 : (time - previous.snapshotTime) / 1000;
  const per = <T>(now: Record<string, T>, then: Record<string, T> | undefined, pick: (v: T) => number): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const [key, value] of Object.entries(now)) {
      const old = then?.[key];
      const delta = old === undefined ? pick(value) : pick(value) - pick(old);
      out[key] = seconds > 0 && delta > 0 ? delta / seconds : 0;
    }
    return out;
  };
  return {
    nodesIn: per(m.nodes, before?.nodes, (n) => n.recordsIn),
    nodesOut: per(m.nodes, before?.nodes, (n) => n.recordsOut),
    topicsIn: per(m.topics, before?.topics, (t) => t.recordsIn),
    topicsOut: per(m.topics, before?.topics, (t) => t.recordsOut),
  };
}

/** Replaces one instance and recomputes the run-wide sums from every instance. */
function derive(state: LiveRunState, instance: InstanceLive, time: number, applicationId: string): LiveRunState {
  const instances = { ...state.instances, [instance.instance]: instance };
  const all = Object.values(instances).sort((a, b) => a.instance.localeCompare(b.instance));
  const nodes: Record<string, NodeLive> = {};
  const topics: Record<string, TopicLive> = {};
  const latency: Record<string, number[]> = {};
  const totals = { recordsIn: 0, recordsOut: 0, errors: 0, deadLettered: 0, produced: 0, committed: 0 };
  const partitions: PartitionMetrics[] = [];
  let recordsPerSec = 0;
  for (const inst of all) {
    const m = inst.snapshot;
    if (m === undefined) continue;
    for (const [name, n] of Object.entries(m.nodes)) {
      const sum = (nodes[name] ??= { recordsIn: 0, recordsOut: 0, errors: 0, processLatencyMs: 0, recordsInPerSec: 0, recordsOutPerSec: 0 });
      sum.recordsIn += n.recordsIn;
      sum.recordsOut += n.recordsOut;
      sum.errors += n.errors;
      sum.recordsInPerSec += inst.rates.nodesIn[name] ?? 0;
      sum.recordsOutPerSec += inst.rates.nodesOut[name] ?? 0;
      if (n.processLatencyMs > 0) (latency[name] ??= []).push(n.processLatencyMs);
      totals.errors += n.errors;
    }
    for (const [name, t] of Object.entries(m.topics)) {
      const sum = (topics[name] ??= { recordsIn: 0, recordsOut: 0, inPerSec: 0, outPerSec: 0 });
      sum.recordsIn += t.recordsIn;
      sum.recordsOut += t.recordsOut;
      sum.inPerSec += inst.rates.topicsIn[name] ?? 0;
      sum.outPerSec += inst.rates.topicsOut[name] ?? 0;
      totals.recordsIn += t.recordsIn;
      totals.recordsOut += t.recordsOut;
      recordsPerSec += inst.rates.topicsIn[name] ?? 0;
    }
    partitions.push(...m.partitions);
    totals.deadLettered += m.deadLettered;
    totals.produced += m.produced;
    totals.committed += m.committed;
  }
  for (const [name, values] of Object.entries(latency)) {
    const node = nodes[name];
    if (node !== undefined) node.processLatencyMs = values.reduce((a, b) => a + b, 0) / values.length;
  }
  const assignment = all.flatMap((inst) => Object.values(inst.threads).sort((a, b) => a.thread.localeCompare(b.thread)));
  return {
    applicationId: state.applicationId ?? applicationId,
    state: appState(all.map((i) => i.state)),
    instances,
    assignment,
    nodes,
    topics,
    partitions,
    recordsPerSec,
    totals,
    errors: state.errors,
    updatedAt: Math.max(state.updatedAt, time),
  };
}
