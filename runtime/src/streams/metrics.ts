// In-process metrics of one KafkaStreams instance; snapshots go to listeners and to the NDJSON
// side channel (one StreamsEvent per line, schema in ../model/streams-events.ts).
import type { MetricsSnapshot, NodeMetrics, PartitionMetrics, StreamsEvent, StreamsStateName, ThreadAssignment, TopicMetrics } from '../model/streams-events';
import type { NodeCounts } from '../processor/stream-task';

/** Live node counters: the tasks a thread owns right now. */
export type NodeCountsSource = () => Iterable<NodeCounts>;

export class StreamsMetrics {
  state: StreamsStateName = 'CREATED';
  private readonly topics = new Map<string, TopicMetrics>();
  /** Counters of closed tasks, so node totals survive rebalances. */
  private readonly retiredNodes = new Map<string, NodeCounts>();
  private readonly nodeSources = new Set<NodeCountsSource>();
  /** Latency totals at the previous snapshot: snapshots report the mean since then. */
  private readonly latencyMark = new Map<string, { total: number; samples: number }>();
  private readonly partitions = new Map<string, PartitionMetrics>();
  private readonly assignment = new Map<string, ThreadAssignment>();
  readonly skipped = { processing: 0, deserialization: 0, production: 0 };
  deadLettered = 0;
  produced = 0;
  committed = 0;

  constructor(readonly applicationId: string, readonly instance: string) {}

  private topic(name: string): TopicMetrics {
    let t = this.topics.get(name);
    if (t === undefined) this.topics.set(name, (t = { recordsIn: 0, recordsOut: 0 }));
    return t;
  }

  recordIn(topic: string, count = 1): void { this.topic(topic).recordsIn += count; }
  recordOut(topic: string, count = 1): void { this.topic(topic).recordsOut += count; }

  /** Registers a thread's live task counters; returns the unregister function. */
  addNodeSource(source: NodeCountsSource): () => void {
    this.nodeSources.add(source);
    return () => void this.nodeSources.delete(source);
  }

  /** Keeps a closing task's counters (call before it leaves its node source). */
  retire(counts: Iterable<NodeCounts>): void {
    addInto(this.retiredNodes, counts);
  }

  consumed(topic: string, partition: number, nextOffset: number, highWatermark: number): void {
    const p = this.partition(topic, partition);
    p.consumedOffset = nextOffset;
    p.highWatermark = Math.max(p.highWatermark, highWatermark);
    p.lag = Math.max(0, p.highWatermark - nextOffset);
  }

  committedOffset(topic: string, partition: number, offset: number): void {
    this.partition(topic, partition).committedOffset = offset;
    this.committed += 1;
  }

  private partition(topic: string, partition: number): PartitionMetrics {
    const key = `${topic}\u0000${partition}`;
    let p = this.partitions.get(key);
    if (p === undefined) this.partitions.set(key, (p = { topic, partition, consumedOffset: -1, committedOffset: -1, highWatermark: 0, lag: 0 }));
    return p;
  }

  setAssignment(a: ThreadAssignment): void {
    this.assignment.set(a.thread, a);
    const owned = new Set([...this.assignment.values()].flatMap((t) => t.partitions.map((p) => `${p.topic}\u0000${p.partition}`)));
    for (const key of [...this.partitions.keys()]) if (!owned.has(key)) this.partitions.delete(key);
  }

  removeThread(thread: string): void { this.assignment.delete(thread); }

  /** A snapshot; the latency means cover the time since the previous snapshot. */
  snapshot(resetLatency = true): MetricsSnapshot {
    const sums = new Map<string, NodeCounts>();
    addInto(sums, this.retiredNodes.values());
    for (const source of this.nodeSources) addInto(sums, source());
    const nodes: Record<string, NodeMetrics> = {};
    for (const [name, n] of sums) {
      const mark = this.latencyMark.get(name) ?? { total: 0, samples: 0 };
      const samples = n.latencySamples - mark.samples;
      nodes[name] = { recordsIn: n.recordsIn, recordsOut: n.recordsOut, errors: n.errors, processLatencyMs: samples <= 0 ? 0 : (n.latencyTotalMs - mark.total) / samples };
      if (resetLatency) this.latencyMark.set(name, { total: n.latencyTotalMs, samples: n.latencySamples });
    }
    const topics: Record<string, TopicMetrics> = {};
    for (const [name, t] of this.topics) topics[name] = { ...t };
    return {
      applicationId: this.applicationId,
      instance: this.instance,
      state: this.state,
      nodes,
      topics,
      partitions: [...this.partitions.values()].map((p) => ({ ...p })).sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition),
      assignment: [...this.assignment.values()].map((a) => ({ ...a, tasks: [...a.tasks], partitions: [...a.partitions] })),
      skipped: { ...this.skipped },
      deadLettered: this.deadLettered,
      produced: this.produced,
      committed: this.committed,
    };
  }
}

function addInto(sums: Map<string, NodeCounts>, counts: Iterable<NodeCounts>): void {
  for (const c of counts) {
    const s = sums.get(c.node);
    if (s === undefined) {
      sums.set(c.node, { ...c });
      continue;
    }
    s.recordsIn += c.recordsIn;
    s.recordsOut += c.recordsOut;
    s.errors += c.errors;
    s.latencyTotalMs += c.latencyTotalMs;
    s.latencySamples += c.latencySamples;
  }
}

export function eventLine(event: StreamsEvent): string {
  return `${JSON.stringify(event)}\n`;
}
