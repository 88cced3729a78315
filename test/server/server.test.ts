import { strict as assert } from 'node:assert';
import { fork, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { TopologyRequest } from '../../server/src/protocol';
import type { TopologyResult } from '../../server/src/protocol';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { InitializeResult } from 'vscode-languageserver-protocol';
import { fixtureWorkspace, LspSession, repoRoot, serverPath } from './lsp-session';

const workspace = fixtureWorkspace('orders');
const garbage = join(workspace.root, 'src', 'broken.ts');
writeFileSync(garbage, readFileSync(join(repoRoot, 'test', 'fixtures', 'lsp', 'garbage', 'broken.ts'), 'utf8'));
let session: LspSession;

before(async () => {
  session = await LspSession.start({ folders: [workspace.root] });
});
after(async () => {
  await session.dispose();
  workspace.dispose();
});

test('initialize advertises pull diagnostics, quick fixes, hover, lenses, incremental sync and folders', () => {
  const capabilities = session.initializeResult?.capabilities;
  assert.deepEqual(capabilities?.diagnosticProvider, { identifier: 'streamwise', interFileDependencies: true, workspaceDiagnostics: true });
  assert.deepEqual(capabilities?.codeActionProvider, { codeActionKinds: ['quickfix'], resolveProvider: false });
  assert.equal(capabilities?.hoverProvider, true);
  assert.deepEqual(capabilities?.codeLensProvider, { resolveProvider: false });
  assert.deepEqual(capabilities?.textDocumentSync, { openClose: true, change: 2 });
  assert.deepEqual(capabilities?.workspace?.workspaceFolders, { supported: true, changeNotifications: true });
  assert.equal(session.initializeResult?.serverInfo?.name, 'streamwise');
});

test('syntax garbage does not crash the server: every request answers and other files still work', async () => {
  const uri = await session.open(garbage);
  assert.ok(Array.isArray(await session.pull(uri)));
  const anywhere = { start: { line: 2, character: 3 }, end: { line: 2, character: 10 } };
  assert.ok(Array.isArray(await session.codeActions(uri, anywhere)));
  for (let line = 0; line < 5; line++) await session.hover(uri, line, 5);
  assert.ok(Array.isArray(await session.codeLenses(uri)));
  const withErrors = await session.connection.sendRequest<TopologyResult>(TopologyRequest.method, {});
  assert.ok(withErrors.fileErrors.some((e) => e.uri === uri && e.range.start.line === 1), 'the broken file is named, with its first error');
  assert.ok(withErrors.topologies.length >= 1, 'the good file is still analysed');
  // Pathological input (deep nesting overflows the parser's stack): still no crash.
  await session.replace(uri, '\u0000\uffff'.repeat(50) + '(((((((('.repeat(2000));
  assert.ok(Array.isArray(await session.pull(uri)));
  const result = await session.connection.sendRequest<TopologyResult>(TopologyRequest.method, {});
  assert.ok(result.topologies.length >= 1, 'the good file is still analysed');
  const router = await session.open(join(workspace.root, 'src', 'router.ts'));
  assert.ok((await session.pull(router)).some((d) => d.code === 'branch-order'));
  assert.ok(session.isAlive);
});

test('malformed custom requests and notifications answer empty and do not crash', async () => {
  const result = await session.connection.sendRequest<TopologyResult>(TopologyRequest.method, { uri: 42 });
  assert.ok(Array.isArray(result.topologies));
  await session.connection.sendNotification('streamwise/setLiveTopics', 'nonsense');
  await session.connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///nowhere/x.ts' }, position: { line: 99, character: 99 } });
  assert.ok(session.isAlive);
});

test('launched by a client with --node-ipc, the server speaks LSP over the IPC channel', async () => {
  const child = fork(serverPath, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  const connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  connection.listen();
  try {
    const result = await connection.sendRequest<InitializeResult>('initialize', { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null });
    assert.equal(result.serverInfo?.name, 'streamwise');
    assert.equal(result.capabilities.diagnosticProvider, undefined, 'no pull support declared: push');
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
    assert.equal(await exited, 0);
  } finally {
    connection.dispose();
    if (child.exitCode === null) child.kill();
  }
});

test('a malformed initialize still starts the server, and later requests answer', async () => {
  const child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: 'pipe' });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  connection.listen();
  try {
    const result = await connection.sendRequest<InitializeResult>('initialize', { processId: null, rootUri: 42, capabilities: {}, workspaceFolders: 'nonsense' });
    assert.equal(result.serverInfo?.name, 'streamwise');
    await connection.sendNotification('initialized', {});
    const hover = await connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///nowhere/a.ts' }, position: { line: 0, character: 0 } });
    assert.equal(hover, null);
  } finally {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill();
    await exited;
    connection.dispose();
  }
});
