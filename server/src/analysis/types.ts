// Public types of the analyzer (interface 2 in team-interfaces.md), re-exported by workspace-analyzer.ts.
import type { AppDeployment, TopicDeployment } from 'streamwise/model';
import type { Range1 } from './locations';

export type { Range1 } from './locations';
export type RuleId =
  | 'branch-order' | 'uncaught-processor-throw' | 'duplicate-application-id' | 'thread-partition-mismatch' | 'application-id-format'
  | 'async-processor-callback' | 'unknown-state-store' | 'unused-branch' | 'join-co-partitioning' | 'serde-mismatch' | 'topic-durability' | 'syntax-error';
export type Severity = 'error' | 'warning' | 'info';
export interface TextEdit1 { file: string /* absolute */; range: Range1; newText: string }
export interface QuickFix { title: string; edits: TextEdit1[]; isPreferred?: boolean }
export interface Finding {
  rule: RuleId;
  severity: Severity;
  message: string;
  file: string /* absolute */;
  range: Range1;
  fixes: QuickFix[];
  /** Set by branch-order when the finding proves outlets unreachable (the graph marks them from this, never from the text). */
  unreachable?: UnreachableOutlets;
}

/** Branch outlets a finding proves can never receive a record. */
export interface UnreachableOutlets {
  /** 1-based position of the predicate the finding is reported at. */
  predicate: number;
  /** 'later': every outlet after that predicate, the default included (a catch-all); 'self': that predicate's own outlet. */
  outlets: 'later' | 'self';
}
export interface DeploymentFacts {
  topics: Record<string, TopicDeployment>;
  apps: Record<string, AppDeployment>;
  /** The facts in `topics` that came from the connected cluster (they win over the config file). */
  live?: Record<string, TopicDeployment>;
}

/** Topic facts read from the connected cluster, per topic name (they win over the config file). */
export type LiveTopics = Record<string, TopicDeployment>;

/** Where a topic fact comes from, for messages: the connected cluster or the config file. */
export function factOrigin(facts: DeploymentFacts, topic: string, field: keyof TopicDeployment): string {
  return facts.live?.[topic]?.[field] !== undefined ? 'the connected cluster' : 'streamwise.config.json';
}
/** A source file that does not parse: analysed as far as possible, reported separately. */
export interface FileError { file: string; line: number; column: number; /** offset and length in the file's text */ start: number; length: number; message: string }

/**
 * What the last analysis did: an edit re-scans only the edited files and redoes only the
 * topologies and app configs that depend on them (the rest is reused). For tests and debug logs.
 */
export interface AnalysisStats {
  /** Cold analysis of the whole folder (no earlier results to reuse). */
  full: boolean;
  filesScanned: number;
  topologiesExtracted: number;
  topologiesReused: number;
  appConfigsResolved: number;
  appConfigsReused: number;
}
