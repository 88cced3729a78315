import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { WorkspaceDiagnosticReport, WorkspaceFullDocumentDiagnosticReport } from 'vscode-languageserver-protocol';
import { fixtureWorkspace, LspSession, uriOf } from '../lsp-session';

const workspace = fixtureWorkspace('duplicates');
const clicks = join(workspace.root, 'src', 'clicks.ts');
const views = join(workspace.root, 'src', 'views.ts');
let session: LspSession;

before(async () => {
  session = await LspSession.start({ folders: [workspace.root] });
});
after(async () => {
  await session.dispose();
  workspace.dispose();
});

const pullWorkspace = (previousResultIds: { uri: string; value: string }[] = []) =>
  session.connection.sendRequest<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds });

const rulesOf = (report: WorkspaceDiagnosticReport, uri: string): string[] => {
  const item = report.items.find((i) => i.uri === uri);
  return item?.kind === 'full' ? item.items.map((d) => String(d.code)) : [];
};

test('closed files get their cross-file findings through workspace diagnostics', async () => {
  const report = await pullWorkspace();
  assert.deepEqual(rulesOf(report, uriOf(clicks)), ['duplicate-application-id']);
  assert.deepEqual(rulesOf(report, uriOf(views)), ['duplicate-application-id']);
  const item = report.items.find((i): i is WorkspaceFullDocumentDiagnosticReport => i.uri === uriOf(clicks) && i.kind === 'full');
  assert.equal(item?.items[0]?.range.start.line, 5);
  assert.equal(item?.version, null);
});

test('a repeated pull with the previous result ids is answered unchanged', async () => {
  const first = await pullWorkspace();
  const ids = first.items.map((i) => ({ uri: i.uri, value: i.resultId ?? '' }));
  const second = await pullWorkspace(ids);
  assert.deepEqual(second.items.map((i) => i.kind), first.items.map(() => 'unchanged'));
});

test('open files are left to document pulls; a fixed collision clears the closed file', async () => {
  const first = await pullWorkspace();
  const ids = first.items.map((i) => ({ uri: i.uri, value: i.resultId ?? '' }));
  const uri = await session.open(views, readFileSync(views, 'utf8').replace("'shared-app'", "'views-app'"));
  const report = await pullWorkspace(ids);
  assert.equal(report.items.find((i) => i.uri === uri), undefined, 'the open file is not in the workspace report');
  const cleared = report.items.find((i) => i.uri === uriOf(clicks));
  assert.deepEqual(cleared?.kind === 'full' ? cleared.items : 'not a full report', []);
  await session.close(uri);
});
