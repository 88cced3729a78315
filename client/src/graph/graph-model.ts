// The graph panel's data, as plain JSON: what the host builds from a TopologyModel (view model),
// where the layout put it (positions), and live metrics (overlay). Positions and metrics are kept
// apart so a metrics update at the poll interval never carries or triggers a layout.
import type { LagStatus } from 'streamwise/model';

/**
 * Where a node's texts sit, shared by the host (sizes boxes from the webview's text metrics) and the
 * webview (fits each text to its box): name and subtitle start after the kind mark and keep
 * TEXT_END_PAD free on the right; an outlet's predicate starts after its index and keeps room for
 * the unreachable mark and the port.
 */
export const TEXT_X = 28;
export const TEXT_END_PAD = 14;
export const OUTLET_TEXT_X = 26;
export const OUTLET_END_PAD = 32;
export const MIN_NODE_WIDTH = 120;
/** Longer texts (long user-given names) are ellipsized, the full text in the tooltip and the accessible name. */
export const MAX_TEXT_WIDTH = 340;
export const OUTLET_ROW = 20;
/** Height of a node's header (label and subtitle); branch outlets follow in rows below it. */
export const NODE_HEADER = 44;

export type GraphNodeKind =
  | 'source' // a source processor node
  | 'processor'
  | 'branch' // branch/split processor: has ordered outlets
  | 'sink' // a sink processor node
  | 'topic' // an external topic (input or output)
  | 'repartition' // an internal repartition topic
  | 'store' // a state store
  | 'changelog'; // a store's changelog topic

/** Where a node's code is: a `file:` URI and a 0-based LSP position range. */
export interface GraphLocation {
  /** Path as the analyzer gave it (the host compares editors by path). */
  file: string;
  uri: string;
  /** Basename and 1-based line, for display (`gateway-log-router.ts:31`). */
  display: string;
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export type BadgeSeverity = 'error' | 'warning' | 'info';

export interface GraphBadge {
  rule: string;
  severity: BadgeSeverity;
  message: string;
}

export interface GraphOutlet {
  /** Port id, unique in the graph: `<node>#<index>`. */
  id: string;
  /** 1-based position: the order in which the predicates are tried; the default outlet is last. */
  index: number;
  /** Predicate text, or `default`. */
  label: string;
  /** Branch name as given, when there is one. */
  branchName?: string;
  /** Node the outlet forwards to. */
  target: string;
  isDefault: boolean;
  /** Set when the analyzer found this outlet can never receive a record. */
  unreachable?: GraphBadge;
}

export interface GraphNode {
  id: string;
  kind: GraphNodeKind;
  /** Node name, or topic/store name. */
  label: string;
  /** Operator (`filter`, `mapValues`, ...) for processors; `source`/`sink`; store kind. */
  operator: string;
  location?: GraphLocation;
  /** Sub-topology group id (`sub-0`), absent for topics and stores drawn outside groups. */
  group?: string;
  /** Topic partitions, when known (config or live cluster). */
  partitions?: number;
  /** Topics read (sources) or written (sinks). */
  topics?: string[];
  outlets?: GraphOutlet[];
  badges: GraphBadge[];
  /** Layout size, computed in the host from the text it shows. */
  width: number;
  height: number;
}

export type GraphEdgeKind = 'flow' | 'topic' | 'store' | 'changelog';

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  /** Outlet port id on the source, for branch outlets. */
  sourcePort?: string;
  kind: GraphEdgeKind;
}

export interface GraphGroup {
  id: string;
  label: string;
}

export interface GraphViewModel {
  /** Stable id of the topology shown (uri + index): the webview keeps zoom/selection per key. */
  key: string;
  title: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  groups: GraphGroup[];
  /** Findings of the topology not tied to a node. */
  badges: GraphBadge[];
}

export interface Rect { x: number; y: number; width: number; height: number }
export interface Point { x: number; y: number }

export interface GraphLayout {
  engine: 'elk' | 'fallback';
  width: number;
  height: number;
  /** Absolute coordinates (group offsets applied). */
  nodes: Record<string, Rect>;
  ports: Record<string, Point>;
  groups: Record<string, Rect>;
  edges: Record<string, Point[]>;
}

export interface LaidOutGraph {
  model: GraphViewModel;
  layout: GraphLayout;
}

// ---------------------------------------------------------------------------------------------
// Live overlay (metrics only; keyed by node id, never positions)

export interface NodeOverlay {
  recordsPerSecond: number;
  errors: number;
}

export interface PartitionRow {
  topic: string;
  partition: number;
  /** Owner: `instance/thread` for runs, else the group member's client id. */
  owner?: string;
  member?: string;
  host?: string;
  end: number;
  committed: number;
  lag: number;
  /** Seconds of production the lag represents (lag / produce rate), when measurable. */
  timeLagSeconds?: number;
  status?: LagStatus;
  /** Recent lag samples, oldest first (sparkline). */
  trend: number[];
}

/** How much of the sliding window of commits the verdict needs is there yet (runtime/src/lag's LagTracker). */
export interface WindowCompleteness {
  spanMs: number;
  requiredMs: number;
  /** Every partition judged. */
  full: boolean;
  /** Commits in the window (the least among partitions still waiting), of the commits it needs. */
  commits: number;
  requiredCommits: number;
  samples: number;
}

/** What the verdict rests on, or why there is none (the tracker's phase and sentence). */
export interface VerdictNote {
  phase: 'no-data' | 'not-found' | 'no-commits' | 'window-not-full' | 'judged';
  message: string;
}

export interface TopicOverlay {
  topic: string;
  totalLag: number;
  maxLag: number;
  consumeRate: number;
  produceRate: number;
  /** Seconds to catch up at current rates; absent when not catching up. */
  catchUpSeconds?: number;
  /** Burrow-style verdict; absent until the window holds enough commits. */
  status?: LagStatus;
  window: WindowCompleteness;
  partitions: PartitionRow[];
}

export interface ThreadOverlay {
  instance: string;
  thread: string;
  partitions: { topic: string; partition: number }[];
  idle: boolean;
}

export type ConnectionState = 'none' | 'connecting' | 'connected' | 'lost';

export interface GraphOverlay {
  /** Where the numbers come from: a run started by the extension, or the cluster poller. */
  source: 'run' | 'cluster';
  groupId?: string;
  time: number;
  nodes: Record<string, NodeOverlay>;
  /** Keyed by topic name; the webview finds topic nodes by name. */
  topics: Record<string, TopicOverlay>;
  threads: ThreadOverlay[];
  status?: LagStatus;
  window?: WindowCompleteness;
  /** Why there is (no) group verdict; with a lag report only. */
  note?: VerdictNote;
  /** Partition counts the connected cluster reports, by node id (topics, repartition, changelog): live wins over the config. */
  partitionCounts?: Record<string, number>;
}

/** `Show Lag`: one consumer group's lag over time. */
export interface LagView {
  groupId: string;
  time: number;
  status?: LagStatus;
  window: WindowCompleteness;
  note: VerdictNote;
  topics: TopicOverlay[];
  members: { memberId: string; clientId: string; host: string; partitions: number }[];
  /** Total lag over time (oldest first) for the chart. */
  history: { time: number; lag: number }[];
}
