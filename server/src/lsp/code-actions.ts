// Quick fixes: each fix of each finding under the requested range becomes a CodeAction with
// its WorkspaceEdit and the diagnostic it fixes.
import { CodeActionKind } from 'vscode-languageserver/node';
import type { CodeAction, CodeActionParams } from 'vscode-languageserver/node';
import { DIAGNOSTIC_SOURCE } from '../protocol';
import { rangesOverlap, toCodeAction, toRange } from './convert';
import type { DiagnosticsScheduler } from './diagnostics';
import type { Documents } from './documents';

export async function codeActions(params: CodeActionParams, diagnostics: DiagnosticsScheduler, documents: Documents): Promise<CodeAction[]> {
  const only = params.context.only;
  if (only !== undefined && !only.some((kind) => kind === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${kind}.`) || kind === CodeActionKind.Empty)) {
    return [];
  }
  // Findings named by the client's diagnostics win; else everything under the range.
  const asked = params.context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
  const actions: CodeAction[] = [];
  for (const finding of await diagnostics.currentFindings(params.textDocument.uri)) {
    const range = toRange(finding.range);
    const matches = asked.length > 0
      ? asked.some((d) => d.code === finding.rule && rangesOverlap(d.range, range))
      : rangesOverlap(params.range, range);
    if (!matches) continue;
    for (const fix of finding.fixes) actions.push(toCodeAction(finding, fix, documents.uriOf));
  }
  return actions;
}
