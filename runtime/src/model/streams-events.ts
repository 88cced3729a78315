// Events a running KafkaStreams app emits: in-process (`app.on('event', ...)`, `app.metrics()`)
// and as newline-delimited JSON (one StreamsEvent per line) on the metrics side channel that the
// extension and the webview read (`streamwise run --metrics-out FILE` or STREAMWISE_METRICS_FD).
// Plain JSON types only: the webview imports them.

export type StreamsStateName = 'CREATED' | 'REBALANCING' | 'RUNNING' | 'PENDING_SHUTDOWN' | 'NOT_RUNNING' | 'PENDING_ERROR' | 'ERROR';

/** One processor node (source, processor or sink), summed over this instance's tasks. */
export interface NodeMetrics {
  /** Records the node received (cumulative). */
  recordsIn: number;
  /** Records it forwarded (cumulative; one per forward whatever the number of children; sinks: records sent). */
  recordsOut: number;
  /** Errors that started in this node (cumulative; deserialization errors count at the source). */
  errors: number;
  /** Mean process latency in milliseconds, including downstream nodes, over the records sampled
   *  (one in 16) since the previous snapshot; 0 when none. */
  processLatencyMs: number;
}

/** Records consumed from a topic and produced to one (sinks, repartition, changelog, dead letters). */
export interface TopicMetrics {
  recordsIn: number;
  recordsOut: number;
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
  /** Keyed by node name (`KSTREAM-FILTER-0000000001`, or the name given): records/s per node is
   *  the difference of recordsIn between two snapshots over their time difference. */
  nodes: Record<string, NodeMetrics>;
  /** Keyed by topic (real names: internal topics carry the application id prefix). */
  topics: Record<string, TopicMetrics>;
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

export const STREAMS_EVENT_SCHEMA_VERSION = 2;
