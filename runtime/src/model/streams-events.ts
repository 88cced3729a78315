// Events a running KafkaStreams app emits: in-process (`app.on('event', ...)`, `app.metrics()`)
// and as newline-delimited JSON (one StreamsEvent per line) on the metrics side channel that the
// extension and the webview read (`streamwise run --metrics-out FILE` or STREAMWISE_METRICS_FD).
// Plain JSON types only: the webview imports them.

export type StreamsStateName = 'CREATED' | 'REBALANCING' | 'RUNNING' | 'PENDING_SHUTDOWN' | 'NOT_RUNNING' | 'PENDING_ERROR' | 'ERROR';

export interface NodeMetrics {
  recordsIn: number;
  recordsOut: number;
  errors: number;
  /** Mean process latency in milliseconds over the last interval (0 when idle). */
  processLatencyMs: number;
}

export interface PartitionMetrics {
  topic: string;
  partition: number;
  /** Next offset to consume (last consumed + 1); -1 before the first record. */
  consumedOffset: number;
  /** Last committed offset; -1 when none. */
  committedOffset: number;
  highWatermark: number;
  lag: number;
}

export interface ThreadAssignment {
  instance: string;
  thread: string;
  /** Task ids `<subTopology>_<partition>`. */
  tasks: string[];
  partitions: { topic: string; partition: number }[];
}

export interface MetricsSnapshot {
  applicationId: string;
  instance: string;
  state: StreamsStateName;
  /** Keyed by topic for records in (source topics, with latency) and out (sink, repartition,
   *  changelog and dead-letter topics); by node name for errors. */
  nodes: Record<string, NodeMetrics>;
  partitions: PartitionMetrics[];
  assignment: ThreadAssignment[];
  /** Records skipped by 'continue' handlers, per handler kind. */
  skipped: { processing: number; deserialization: number; production: number };
  deadLettered: number;
  produced: number;
  committed: number;
}

export type StreamsEvent =
  | { type: 'state'; time: number; applicationId: string; instance: string; state: StreamsStateName; previous: StreamsStateName }
  | { type: 'assignment'; time: number; applicationId: string; instance: string; thread: string; tasks: string[]; partitions: { topic: string; partition: number }[] }
  | { type: 'metrics'; time: number; metrics: MetricsSnapshot }
  | { type: 'error'; time: number; applicationId: string; instance: string; thread?: string; message: string;
      topic?: string; partition?: number; offset?: number; node?: string };

export const STREAMS_EVENT_SCHEMA_VERSION = 1;
