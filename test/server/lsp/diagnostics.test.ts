import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import type { Diagnostic, DocumentDiagnosticReport } from 'vscode-languageserver-protocol';
import { fixtureWorkspace, isRecord, lineOf, LspSession, pushOnlyCapabilities } from '../lsp-session';

const branchOrder = (diagnostics: Diagnostic[]): Diagnostic[] => diagnostics.filter((d) => d.code === 'branch-order' && d.severity === 1);

describe('pull diagnostics', () => {
  const workspace = fixtureWorkspace('orders');
  const file = join(workspace.root, 'src', 'router.ts');
  const text = readFileSync(file, 'utf8');
  const fixed = text.replace(
    '  (_key, _value) => true,\n  (_key, value) => value.length > 100,\n',
    '  (_key, value) => value.length > 100,\n  (_key, _value) => true,\n',
  );
  let session: LspSession;

  before(async () => {
    session = await LspSession.start({ folders: [workspace.root], initializationOptions: { pullDelayMs: 200 } });
  });
  after(async () => {
    await session.dispose();
    workspace.dispose();
  });

  test('an opened file with an always-true predicate first gets a branch-order error on that line', async () => {
    const uri = await session.open(file, text);
    const found = branchOrder(await session.pull(uri));
    assert.equal(found.length, 1, JSON.stringify(found));
    const [diagnostic] = found;
    assert.equal(diagnostic?.range.start.line, lineOf(text, '(_key, _value) => true'));
    assert.equal(diagnostic?.source, 'streamwise');
    assert.equal(diagnostic?.severity, 1);
    await session.close(uri);
  });

  test('an edit that moves the catch-all last makes the error go, and asks the client to refresh', async () => {
    const uri = await session.open(file, text);
    const mark = session.mark;
    await session.replace(uri, fixed);
    assert.deepEqual(branchOrder(await session.pull(uri)), []);
    await session.waitFor((m) => m.method === 'workspace/diagnostic/refresh', { since: mark, what: 'a diagnostic refresh' });
    await session.replace(uri, text);
    assert.equal(branchOrder(await session.pull(uri)).length, 1);
    await session.close(uri);
  });

  test('a pull overtaken by an edit is answered ServerCancelled with retrigger, not with stale results', async () => {
    const uri = await session.open(file, text);
    const pending = session.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
    await session.replace(uri, fixed);
    await assert.rejects(pending, (error: unknown) => {
      assert.ok(isRecord(error));
      assert.equal(error.code, -32802);
      assert.deepEqual(error.data, { retriggerRequest: true });
      return true;
    });
    assert.deepEqual(branchOrder(await session.pull(uri)), []);
    await session.close(uri);
  });

  test('a cancelled pull is answered RequestCancelled', async () => {
    const uri = await session.open(file, text);
    const source = new CancellationTokenSource();
    const pending = session.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } }, source.token);
    source.cancel();
    await assert.rejects(pending, (error: unknown) => isRecord(error) && error.code === -32800);
    await session.close(uri);
  });

  test('a pull with the previous resultId of unchanged findings is answered unchanged', async () => {
    const uri = await session.open(file, text);
    const first = await session.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
    assert.equal(first.kind, 'full');
    assert.ok(first.resultId !== undefined);
    const second = await session.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', {
      textDocument: { uri },
      previousResultId: first.resultId,
    });
    assert.deepEqual(second, { kind: 'unchanged', resultId: first.resultId });
    await session.close(uri);
  });
});

describe('push diagnostics (client without pull support)', () => {
  const workspace = fixtureWorkspace('orders');
  const file = join(workspace.root, 'src', 'router.ts');
  const text = readFileSync(file, 'utf8');
  let session: LspSession;

  before(async () => {
    session = await LspSession.start({ folders: [workspace.root], capabilities: pushOnlyCapabilities, initializationOptions: { pushDelayMs: 100 } });
  });
  after(async () => {
    await session.dispose();
    workspace.dispose();
  });

  test('the server declares no pull provider and publishes versioned diagnostics on open and change', async () => {
    assert.equal(session.initializeResult?.capabilities.diagnosticProvider, undefined);
    const mark = session.mark;
    const uri = await session.open(file, text);
    const opened = await session.pushedDiagnostics(uri, { since: mark, version: 1 });
    assert.equal(branchOrder(opened)[0]?.range.start.line, lineOf(text, '(_key, _value) => true'));
    const version = await session.replace(uri, text.replace('(_key, _value) => true', '(_key, value) => value === "x"'));
    assert.deepEqual(branchOrder(await session.pushedDiagnostics(uri, { since: mark, version })), []);
    await session.close(uri);
  });

  test('edits in quick succession publish only for the latest version', async () => {
    const opened = session.mark;
    const uri = await session.open(file, text);
    await session.pushedDiagnostics(uri, { since: opened, version: 1 });
    const mark = session.mark;
    await session.replace(uri, `${text}\n// a`);
    const last = await session.replace(uri, `${text}\n// ab`);
    await session.pushedDiagnostics(uri, { since: mark, version: last });
    const published = session.received
      .slice(mark)
      .filter((m) => m.method === 'textDocument/publishDiagnostics' && isRecord(m.params) && m.params.uri === uri);
    assert.ok(published.every((m) => isRecord(m.params) && m.params.version === last), JSON.stringify(published));
  });

  test('closing an edited file shows the findings of the file on disk again', async () => {
    const opened = session.mark;
    const uri = await session.open(file, text.replace('(_key, _value) => true', '(_key, value) => value === "x"'));
    assert.deepEqual(branchOrder(await session.pushedDiagnostics(uri, { since: opened, version: 1 })), []);
    const mark = session.mark;
    await session.close(uri);
    await session.waitFor(
      (m) => m.method === 'textDocument/publishDiagnostics' && isRecord(m.params) && m.params.uri === uri && JSON.stringify(m.params).includes('branch-order'),
      { since: mark, what: 'the on-disk branch-order error after close' },
    );
  });
});
