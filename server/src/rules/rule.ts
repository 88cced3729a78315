// Rule modules in typescript-eslint style: metadata (id, default severity, message templates, docs)
// plus a check over the extracted workspace.
import type { CallExpression, Node, Project } from 'ts-morph';
import type { Logger } from 'streamwise';
import type { AppState } from '../analysis/extract/apps';
import type { BuiltTopology } from '../analysis/extract/model';
import type { BuilderState } from '../analysis/extract/types';
import { callLocationStart, rangeOf, type Range1 } from '../analysis/locations';
import type { DeploymentFacts, Finding, QuickFix, RuleId, Severity, UnreachableOutlets } from '../analysis/types';

export interface RuleMeta<M extends string> {
  id: RuleId;
  defaultSeverity: Severity;
  /**
   * 'topology': findings depend only on one topology (and what it resolves), so they are cached per
   * topology between edits; 'workspace' (default): rerun on every analysis (apps, config facts).
   */
  scope?: 'topology' | 'workspace';
  messages: Record<M, string>;
  docs: { description: string };
}

export interface Report<M extends string> {
  messageId: M;
  data?: Record<string, string | number>;
  /** Reported node; a call is reported from its method name on. */
  node: Node;
  /** Overrides the node's range (a position that is no node, e.g. a parse error). */
  range?: Range1;
  severity?: Severity;
  fixes?: QuickFix[];
  /** Outlets this finding proves unreachable (structured, for the graph). */
  unreachable?: UnreachableOutlets;
}

export interface RuleContext {
  /** Workspace root, for relative paths in messages. */
  root: string;
  project: Project;
  builders: BuilderState[];
  topologies: Map<BuilderState, BuiltTopology>;
  apps: AppState[];
  /** kafkajs `consumer({ groupId })` calls. */
  consumers: CallExpression[];
  /** `app.store(name)`, `driver.getKeyValueStore(name)`, `context.getStateStore(name)` calls (streamwise's). */
  storeLookups: CallExpression[];
  /** kafkajs `producer.send(...)` / `sendBatch(...)` calls. */
  producerSends: CallExpression[];
  /** Config facts with live partition counts applied (live wins). */
  facts: DeploymentFacts;
  logger: Logger;
  isCancelled(): boolean;
}

export interface RuleModule<M extends string = string> {
  meta: RuleMeta<M>;
  check(context: RuleContext, report: (r: Report<M>) => void): void;
}

export function defineRule<M extends string>(rule: RuleModule<M>): RuleModule<M> {
  return rule;
}

export function format(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}

export function findingOf<M extends string>(meta: RuleMeta<M>, r: Report<M>): Finding {
  const range: Range1 = r.range ?? rangeOf(r.node, callLocationStart(r.node));
  const finding: Finding = {
    rule: meta.id,
    severity: r.severity ?? meta.defaultSeverity,
    message: format(meta.messages[r.messageId], r.data),
    file: r.node.getSourceFile().getFilePath(),
    range,
    fixes: r.fixes ?? [],
  };
  if (r.unreachable !== undefined) finding.unreachable = r.unreachable;
  return finding;
}
