// Analyzer shapes (1-based, absolute paths) -> LSP shapes (0-based, URIs).
import { CodeActionKind, DiagnosticSeverity } from 'vscode-languageserver/node';
import type { CodeAction, Diagnostic, Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import type { SourceLocation } from 'streamwise/model';
import type { Finding, QuickFix, Range1, RuleId } from '../analysis/workspace-analyzer';
import { DIAGNOSTIC_SOURCE, ruleDocsUrl } from '../protocol';
import type { StreamwiseRuleId } from '../protocol';

// protocol.ts spells the rule ids out (clients must not depend on analyzer types): keep them equal.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const RULE_IDS_MATCH: Same<RuleId, StreamwiseRuleId> = true;

/** Maps an absolute path to the URI the client uses for it (open documents keep their own). */
export type UriOf = (file: string) => string;

/** Range1 end is exclusive (the column after the last character), as LSP's. */
export function toRange(range: Range1 | SourceLocation): Range {
  return {
    start: { line: Math.max(0, range.line - 1), character: Math.max(0, range.column - 1) },
    end: { line: Math.max(0, range.endLine - 1), character: Math.max(0, range.endColumn - 1) },
  };
}

export function severityOf(severity: Finding['severity']): DiagnosticSeverity {
  switch (severity) {
    case 'error':
      return DiagnosticSeverity.Error;
    case 'warning':
      return DiagnosticSeverity.Warning;
    default:
      return DiagnosticSeverity.Information;
  }
}

export function toDiagnostic(finding: Finding): Diagnostic {
  return {
    range: toRange(finding.range),
    severity: severityOf(finding.severity),
    code: finding.rule,
    codeDescription: { href: ruleDocsUrl(finding.rule) },
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
  };
}

export function toWorkspaceEdit(fix: QuickFix, uriOf: UriOf): WorkspaceEdit {
  const changes: Record<string, TextEdit[]> = {};
  for (const edit of fix.edits) {
    const uri = uriOf(edit.file);
    (changes[uri] ??= []).push({ range: toRange(edit.range), newText: edit.newText });
  }
  return { changes };
}

export function toCodeAction(finding: Finding, fix: QuickFix, uriOf: UriOf): CodeAction {
  const action: CodeAction = {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [toDiagnostic(finding)],
    edit: toWorkspaceEdit(fix, uriOf),
  };
  if (fix.isPreferred === true) action.isPreferred = true;
  return action;
}

export function comparePositions(a: Position, b: Position): number {
  return a.line === b.line ? a.character - b.character : a.line - b.line;
}

/** Closed-interval overlap, so a cursor (empty range) at either end of a finding still matches. */
export function rangesOverlap(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.end) <= 0 && comparePositions(b.start, a.end) <= 0;
}

export function containsPosition(range: Range, position: Position): boolean {
  return comparePositions(range.start, position) <= 0 && comparePositions(position, range.end) <= 0;
}
