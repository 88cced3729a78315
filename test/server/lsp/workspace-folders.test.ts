import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { TopologyRequest } from '../../../server/src/protocol';
import type { TopologyResult } from '../../../server/src/protocol';
import { silentLogger } from 'streamwise';
import { AnalysisHost } from '../../../server/src/lsp/analysis-host';
import { FolderContext } from '../../../server/src/lsp/folder-context';
import { isInside, looseRoot, WorkspaceFolders } from '../../../server/src/lsp/workspace-folders';
import { fixtureWorkspace, LspSession, repoRoot, uriOf } from '../lsp-session';

const orders = fixtureWorkspace('orders');
const payments = fixtureWorkspace('payments');
let session: LspSession;

before(async () => {
  session = await LspSession.start({ folders: [orders.root] });
});
after(async () => {
  await session.dispose();
  orders.dispose();
  payments.dispose();
});

const workspaceTopologies = async (): Promise<string[]> =>
  (await session.connection.sendRequest<TopologyResult>(TopologyRequest.method, {})).topologies.map((t) => t.uri).sort();

test('added and removed workspace folders get and lose their analyzer', async () => {
  const ordersUri = uriOf(join(orders.root, 'src', 'router.ts'));
  const paymentsUri = uriOf(join(payments.root, 'src', 'payments.ts'));
  assert.deepEqual(await workspaceTopologies(), [ordersUri]);
  const folder = { uri: uriOf(payments.root), name: 'payments' };
  await session.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [folder], removed: [] } });
  assert.deepEqual(await workspaceTopologies(), [ordersUri, paymentsUri].sort());
  await session.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [folder] } });
  assert.deepEqual(await workspaceTopologies(), [ordersUri]);
});

test('a file outside every folder still gets diagnostics', async () => {
  const loose = join(payments.root, 'src', 'payments.ts');
  const text = readFileSync(loose, 'utf8').replace("(value) => value.toUpperCase()", '(value) => JSON.parse(value)');
  const uri = await session.open(loose, text);
  const found = (await session.pull(uri)).filter((d) => d.code === 'uncaught-processor-throw');
  assert.equal(found.length, 1, 'JSON.parse in mapValues can throw');
  await session.close(uri);
});

test('a file belongs to the innermost folder; files outside get a context for their directory', async () => {
  const host = new AnalysisHost(join(repoRoot, 'dist', 'analysis-worker.js'), silentLogger);
  const folders = new WorkspaceFolders((root, uri) => new FolderContext(root, uri, host, {}));
  folders.add({ uri: 'file:///nonexistent/w', name: 'w' });
  folders.add({ uri: 'file:///nonexistent/w/packages/app', name: 'app' });
  assert.equal(folders.forFile('/nonexistent/w/src/a.ts').root, '/nonexistent/w');
  assert.equal(folders.forFile('/nonexistent/w/packages/app/src/a.ts').root, '/nonexistent/w/packages/app');
  assert.equal(folders.forFile('/nonexistent/w2/a.ts').root, '/nonexistent/w2');
  assert.equal(folders.all().length, 3);
  assert.ok(folders.remove({ uri: 'file:///nonexistent/w/packages/app', name: 'app' }));
  assert.equal(folders.forFile('/nonexistent/w/packages/app/src/a.ts').root, '/nonexistent/w');
  folders.add({ uri: 'file:///nonexistent/w2', name: 'w2' });
  assert.equal(folders.all().length, 2, 'the loose context inside the new folder is dropped');
  await host.dispose();
});

test('isInside does not confuse sibling prefixes', () => {
  assert.ok(isInside('/w/app/a.ts', '/w/app'));
  assert.ok(!isInside('/w/app2/a.ts', '/w/app'));
});

test('a loose file is analysed with its enclosing project, else alone in its directory', () => {
  assert.equal(looseRoot(join(orders.root, 'src', 'router.ts')), orders.root, 'orders has a tsconfig.json');
  assert.equal(looseRoot(join(payments.root, 'src', 'payments.ts')), join(payments.root, 'src'), 'payments has none');
});
