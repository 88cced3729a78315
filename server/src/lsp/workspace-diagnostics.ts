// workspace/diagnostic: findings of files that are not open (open ones are pulled per document),
// from the whole-folder analysis. Result ids are hashes of the items, so a client re-pulling an
// unchanged workspace gets `unchanged` reports; a file whose findings went away gets an empty one.
import { DocumentDiagnosticReportKind, LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';
import type {
  CancellationToken,
  Diagnostic,
  WorkspaceDiagnosticParams,
  WorkspaceDiagnosticReport,
  WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver/node';
import { toDiagnostic } from './convert';
import { hash } from './diagnostics';
import type { Documents } from './documents';
import { uriToPath } from './uri';
import type { WorkspaceFolders } from './workspace-folders';

export async function workspaceDiagnostics(
  params: WorkspaceDiagnosticParams,
  token: CancellationToken,
  folders: WorkspaceFolders,
  documents: Documents,
): Promise<WorkspaceDiagnosticReport> {
  const byUri = new Map<string, Diagnostic[]>();
  for (const context of folders.all()) {
    const result = await context.latestResult();
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    for (const finding of result?.findings ?? []) {
      if (documents.isOpen(finding.file)) continue;
      const uri = documents.uriOf(finding.file);
      let list = byUri.get(uri);
      if (list === undefined) byUri.set(uri, (list = []));
      list.push(toDiagnostic(finding));
    }
  }
  const previous = new Map(params.previousResultIds.map((p) => [p.uri, p.value]));
  // Files reported before and clean now must be cleared (unless open: their pulls own them).
  for (const uri of previous.keys()) {
    const file = uriToPath(uri);
    if (!byUri.has(uri) && (file === undefined || !documents.isOpen(file))) byUri.set(uri, []);
  }
  const items: WorkspaceDocumentDiagnosticReport[] = [];
  for (const [uri, diagnostics] of byUri) {
    const resultId = hash(JSON.stringify(diagnostics));
    items.push(
      previous.get(uri) === resultId
        ? { kind: DocumentDiagnosticReportKind.Unchanged, uri, version: null, resultId }
        : { kind: DocumentDiagnosticReportKind.Full, uri, version: null, resultId, items: diagnostics },
    );
  }
  return { items };
}
