// The rules severity map in the language server: streamwise.config.json `rules`, with the editor's
// streamwise.rules winning per rule, for pulled and pushed diagnostics.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { fixtureWorkspace, LspSession, pushOnlyCapabilities } from '../lsp-session';

const byRule = (diagnostics: Diagnostic[]) => Object.fromEntries(diagnostics.map((d) => [String(d.code), d.severity]));

test('pull: the config file sets levels; the editor setting wins and applies on change', async () => {
  const ws = fixtureWorkspace('rules');
  let rules: Record<string, string> = {};
  const session = await LspSession.start({ folders: [ws.root], settings: () => ({ rules }) });
  try {
    const uri = await session.open(join(ws.root, 'src', 'router.ts'));
    // Config: branch-order 'warning' (2), thread-partition-mismatch 'off'.
    assert.deepEqual(byRule(await session.pull(uri)), { 'branch-order': 2 });
    rules = { 'thread-partition-mismatch': 'error', 'branch-order': 'off' };
    const mark = session.mark;
    await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await session.waitFor((m) => m.method === 'workspace/diagnostic/refresh', { since: mark, what: 'a diagnostics refresh after the settings changed' });
    assert.deepEqual(byRule(await session.pull(uri)), { 'thread-partition-mismatch': 1 });
    // Code actions follow: no quick fix is offered for a rule that is off.
    const actions = await session.codeActions(uri, { start: { line: 6, character: 0 }, end: { line: 9, character: 0 } });
    assert.equal(actions.filter((a) => a.diagnostics?.some((d) => d.code === 'branch-order')).length, 0);
  } finally {
    await session.dispose();
    ws.dispose();
  }
});

test('push: published diagnostics carry the config file\'s levels', async () => {
  const ws = fixtureWorkspace('rules');
  const session = await LspSession.start({ folders: [ws.root], capabilities: pushOnlyCapabilities, settings: () => ({ rules: { 'application-id-format': 'off' } }) });
  try {
    const uri = await session.open(join(ws.root, 'src', 'router.ts'));
    const diagnostics = await session.pushedDiagnostics(uri, { version: 1 });
    assert.deepEqual(byRule(diagnostics), { 'branch-order': 2 });
  } finally {
    await session.dispose();
    ws.dispose();
  }
});
