import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { clientSupport, initializationOptions, serverCapabilities } from '../../../server/src/lsp/capabilities';
import { fullCapabilities, pushOnlyCapabilities } from '../lsp-session';

test('pull diagnostics are offered only to clients that support them', () => {
  const pull = clientSupport(fullCapabilities);
  assert.equal(pull.pullDiagnostics, true);
  assert.equal(pull.diagnosticRefresh, true);
  assert.ok(serverCapabilities(pull).diagnosticProvider !== undefined);
  const push = clientSupport(pushOnlyCapabilities);
  assert.equal(push.pullDiagnostics, false);
  assert.equal(serverCapabilities(push).diagnosticProvider, undefined);
  assert.deepEqual(clientSupport({}), {
    pullDiagnostics: false, diagnosticRefresh: false, codeLensRefresh: false, configuration: false,
    workspaceFolders: false, watchedFilesRegistration: false, configurationRegistration: false,
  });
});

test('initializationOptions: valid delays are taken, anything else falls back to defaults', () => {
  const base = { processId: null, rootUri: null, capabilities: {} };
  assert.deepEqual(initializationOptions({ ...base, initializationOptions: { pullDelayMs: 0, pushDelayMs: 20, workspaceDelayMs: 'soon' } }), {
    pullDelayMs: 0, pushDelayMs: 20, workspaceDelayMs: 300,
  });
  assert.deepEqual(initializationOptions({ ...base, initializationOptions: null }), { pullDelayMs: 0, pushDelayMs: 150, workspaceDelayMs: 300 });
  assert.equal(initializationOptions({ ...base, initializationOptions: { pullDelayMs: -5 } }).pullDelayMs, 0);
});
