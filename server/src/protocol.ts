/**
 * The custom protocol between the Streamwise language server and its clients (the VS Code
 * extension, the graph panel, tests). ONE file, imported by both sides: change a shape here and
 * both sides fail to compile rather than drift apart.
 *
 * Positions are LSP positions (0-based line and UTF-16 character); `uri` is a `file:` URI.
 *
 * Messages are plain `{ method }` descriptors typed with their params and result, not jsonrpc
 * RequestType instances: the server's and the client's vscode-jsonrpc are different versions
 * whose classes do not type-check against each other. `onRequest(def.method, ...)` on either side.
 */
import type { Range } from 'vscode-languageserver-protocol';
import type { AppModel, RuleLevel, TopologyModel } from 'streamwise/model';
import type { UnreachableOutlets } from './analysis/types';

/** Rule ids the analyzer reports (SPEC section 6); diagnostics carry one as `code`. */
export const STREAMWISE_RULE_IDS = [
  'branch-order',
  'uncaught-processor-throw',
  'duplicate-application-id',
  'thread-partition-mismatch',
  'application-id-format',
  'async-processor-callback',
  'unknown-state-store',
  'unused-branch',
  'join-co-partitioning',
  'serde-mismatch',
  'topic-durability',
  'syntax-error',
] as const;

export type StreamwiseRuleId = (typeof STREAMWISE_RULE_IDS)[number];

/**
 * Where each rule's documentation page lives: `docs/rules/<id>.md` of the repository, at
 * `${RULE_DOCS_BASE_URL}<id>.md`. Diagnostics link it as `codeDescription.href`, SARIF as `helpUri`.
 */
export const RULE_DOCS_BASE_URL = 'https://github.com/streamwise/streamwise/blob/main/docs/rules/';

export function ruleDocsUrl(rule: StreamwiseRuleId): string {
  return `${RULE_DOCS_BASE_URL}${rule}.md`;
}

/** `source` of every diagnostic the server publishes. */
export const DIAGNOSTIC_SOURCE = 'streamwise';

/** A request: `P` params, `R` result (phantom fields carry the types only). */
export interface RequestDef<P, R> {
  readonly method: string;
  readonly params?: P;
  readonly result?: R;
}

/** A notification with params `P`. */
export interface NotificationDef<P> {
  readonly method: string;
  readonly params?: P;
}

// ---------------------------------------------------------------------------------------------
// Commands (CodeLens and client commands)

export const Commands = {
  /** Run the topology under the lens (client: `streamwise run` / a local run). */
  runTopology: 'streamwise.runTopology',
  /** Open the graph panel on the topology under the lens. */
  showGraph: 'streamwise.showGraph',
  /** Client-only commands (SPEC section 7), listed here so both sides share one spelling. */
  stopRun: 'streamwise.stopRun',
  startDevCluster: 'streamwise.startDevCluster',
  stopDevCluster: 'streamwise.stopDevCluster',
  showLag: 'streamwise.showLag',
  /** Shows a run's output channel (button of a failed run's message, a run's status bar item). */
  showRunOutput: 'streamwise.showRunOutput',
  /** Refreshes the Streamwise view (its title bar button). */
  refreshView: 'streamwise.refreshView',
  restartServer: 'streamwise.restartServer',
  showServerLog: 'streamwise.showServerLog',
  /** The walkthrough's first step: copy the example workspace somewhere and open it. */
  openExample: 'streamwise.openExample',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];

/** The single argument of `streamwise.runTopology` and `streamwise.showGraph` CodeLens commands. */
export interface TopologyCommandArgs {
  uri: string;
  /** Range of the `build()` call (or wherever the analyzer places the topology). */
  range: Range;
  /** Index of the topology among the topologies of this file, in source order (0-based). */
  topologyIndex: number;
}

// ---------------------------------------------------------------------------------------------
// Settings (section `streamwise`, read per resource with workspace/configuration)

export const SETTINGS_SECTION = 'streamwise';

/** A rule's severity override: `streamwise.rules` (editor) and `rules` in streamwise.config.json. */
export type RuleSeverityLevel = RuleLevel;

export interface StreamwiseSettings {
  /** Brokers for Run; empty means the embedded dev cluster. */
  brokers: string[];
  /** Instances to start for Run (>= 1). */
  instances: number;
  trace: { server: 'off' | 'messages' | 'verbose' };
  /** Rule id -> severity; wins over the config file's `rules` in the editor. Keys are rule ids
   *  (`StreamwiseRuleId`); an unknown id is kept and matches nothing. */
  rules: Record<string, RuleSeverityLevel>;
}

export const DEFAULT_SETTINGS: StreamwiseSettings = { brokers: [], instances: 1, trace: { server: 'off' }, rules: {} };

// ---------------------------------------------------------------------------------------------
// streamwise/topology: the topology models of a file or of the whole workspace (graph panel)

export interface TopologyParams {
  /** A file: its topologies. Absent: every topology of every workspace folder. */
  uri?: string;
}

/** A finding as a badge on the graph: `node` names the node whose code holds it, when one does. */
export interface FindingBadge {
  rule: StreamwiseRuleId;
  severity: 'error' | 'warning' | 'info';
  message: string;
  uri: string;
  range: Range;
  node?: string;
  /** Branch outlets this finding proves unreachable (branch-order), as data: the graph reads this, not the message. */
  unreachable?: UnreachableOutlets;
}

export interface TopologyEntry {
  uri: string;
  range: Range;
  /** Index among the topologies of `uri`, in source order: the `topologyIndex` of the lenses. */
  topologyIndex: number;
  /** The model; node `location`s are absolute paths with 1-based lines and columns. */
  model: TopologyModel;
  findings: FindingBadge[];
  /** Run settings for this resource (`streamwise.brokers`, `streamwise.instances`). */
  run: { brokers: string[]; instances: number };
}

export interface AppEntry {
  uri?: string;
  range?: Range;
  app: AppModel;
}

/** A source file that does not parse; the rest of the workspace is still analysed. */
export interface FileErrorEntry {
  uri: string;
  range: Range;
  message: string;
}

export interface TopologyResult {
  topologies: TopologyEntry[];
  apps: AppEntry[];
  /** Problems reading `streamwise.config.json` (or tsconfig.json), per folder. */
  configErrors: string[];
  /** Files that do not parse: their topologies may be missing from the graph. */
  fileErrors: FileErrorEntry[];
}

export const TopologyRequest: RequestDef<TopologyParams, TopologyResult> = { method: 'streamwise/topology' };

// ---------------------------------------------------------------------------------------------
// Live cluster facts from the editor, and change notices for the graph panel

export interface SetLiveTopicsParams {
  /** Topic name -> partition count, as read from the connected cluster. Replaces earlier facts. */
  partitions: Record<string, number>;
  /** Topic name -> replicas of its least-replicated partition (Metadata). Absent topics: not known. */
  replicationFactors?: Record<string, number>;
  /** Topic name -> min.insync.replicas (DescribeConfigs). Absent topics: not known. */
  minInsyncReplicas?: Record<string, number>;
  /** Limit to one workspace folder; absent: every folder. */
  folderUri?: string;
}

/** client -> server: live topic facts win over streamwise.config.json (SPEC section 3). */
export const SetLiveTopicsNotification: NotificationDef<SetLiveTopicsParams> = { method: 'streamwise/setLiveTopics' };

export interface TopologyChangedParams {
  /** Workspace folders whose analysis changed; ask `streamwise/topology` again. */
  folderUris: string[];
}

/** server -> client: a re-analysis finished with a different result (graph panel redraws). */
export const TopologyChangedNotification: NotificationDef<TopologyChangedParams> = { method: 'streamwise/topologyChanged' };

export interface AnalysisStatusParams {
  folderUri: string;
  /** Findings of the folder's whole analysis, after the rules map. */
  findings: { error: number; warning: number; info: number };
  /** When the analysis finished (ms since the epoch) and how long it took. */
  time: number;
  durationMs: number;
}

/** server -> client: a whole-folder analysis finished (changed or not): the language status item. */
export const AnalysisStatusNotification: NotificationDef<AnalysisStatusParams> = { method: 'streamwise/analysisStatus' };

/** initializationOptions the server understands (all optional). */
export interface StreamwiseInitializationOptions {
  /** Wait before a pulled file is analysed, ms (default 0: one turn of the event loop). A newer
   *  edit or a cancel arriving meanwhile drops the request before any work is done; one arriving
   *  later stops the analysis in the worker between files and rules. */
  pullDelayMs?: number;
  /** Debounce of push diagnostics after a change, ms (default 150). */
  pushDelayMs?: number;
  /** Delay of the whole-workspace re-analysis after a change, ms (default 300). */
  workspaceDelayMs?: number;
}
