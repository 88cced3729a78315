// In-process metrics of one KafkaStreams instance; snapshots go to listeners and to the NDJSON
// side channel (one StreamsEvent per line, schema in ../model/streams-events.ts).
import type { MetricsSnapshot, NodeMetrics, PartitionMetrics, StreamsEvent, StreamsStateName, ThreadAssignment } from '../model/streams-events';

interface NodeCounter { recordsIn: number; recordsOut: number; errors: number; latencyTotal: number; latencyCount: number }

export class StreamsMetrics {
  state: StreamsStateName = 'CREATED';
  private readonly nodes = new Map<string, NodeCounter>();
  private readonly partitions = new Map<string, PartitionMetrics>();
  private readonly assignment = new Map<string, ThreadAssignment>();
  readonly skipped = { processing: 0, deserialization: 0, production: 0 };
  deadLettered = 0;
  produced = 0;
  committed = 0;

  constructor(readonly applicationId: string, readonly instance: string) {}

  private node(name: string): NodeCounter {
    let n = this.nodes.get(name);
    if (n === undefined) this.nodes.set(name, (n = { recordsIn: 0, recordsOut: 0, errors: 0, latencyTotal: 0, latencyCount: 0 }));
    return n;
  }

  recordIn(node: string, count = 1): void { this.node(node).recordsIn += count; }
  recordOut(node: string, count = 1): void { this.node(node).recordsOut += count; }
  recordError(node: string): void { this.node(node).errors += 1; }
  latency(node: string, ms: number): void {
    const n = this.node(node);
    n.latencyTotal += ms;
    n.latencyCount += 1;
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
    const nodes: Record<string, NodeMetrics> = {};
    for (const [name, n] of this.nodes) {
      nodes[name] = { recordsIn: n.recordsIn, recordsOut: n.recordsOut, errors: n.errors, processLatencyMs: n.latencyCount === 0 ? 0 : n.latencyTotal / n.latencyCount };
      if (resetLatency) { n.latencyTotal = 0; n.latencyCount = 0; }
    }
    return {
      applicationId: this.applicationId,
      instance: this.instance,
      state: this.state,
      nodes,
      partitions: [...this.partitions.values()].map((p) => ({ ...p })).sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition),
      assignment: [...this.assignment.values()].map((a) => ({ ...a, tasks: [...a.tasks], partitions: [...a.partitions] })),
      skipped: { ...this.skipped },
      deadLettered: this.deadLettered,
      produced: this.produced,
      committed: this.committed,
    };
  }
}

export function eventLine(event: StreamsEvent): string {
  return `${JSON.stringify(event)}\n`;
}
