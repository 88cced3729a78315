import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { TopologyRequest } from '../../../server/src/protocol';
import type { TopologyResult } from '../../../server/src/protocol';
import { fixtureWorkspace, isRecord, LspSession, uriOf } from '../lsp-session';

const workspace = fixtureWorkspace('orders');
const file = join(workspace.root, 'src', 'router.ts');
const config = join(workspace.root, 'streamwise.config.json');
let session: LspSession;

before(async () => {
  session = await LspSession.start({ folders: [workspace.root] });
});
after(async () => {
  await session.dispose();
  workspace.dispose();
});

const changed = async (path: string, type: 1 | 2 | 3 = 2) => {
  const mark = session.mark;
  await session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(path), type }] });
  await session.waitFor((m) => m.method === 'workspace/diagnostic/refresh', { since: mark, what: 'a diagnostic refresh' });
};

test('the server registers a watcher for streamwise.config.json', async () => {
  const registration = await session.waitFor(
    (m) => m.method === 'client/registerCapability' && JSON.stringify(m.params).includes('workspace/didChangeWatchedFiles'),
    { what: 'a watched-files registration' },
  );
  assert.match(JSON.stringify(registration.params), /\*\*\/streamwise\.config\.json/);
});

test('a changed streamwise.config.json is reloaded and the file re-analysed', async () => {
  const uri = await session.open(file, readFileSync(file, 'utf8'));
  const mismatch = async () => (await session.pull(uri)).filter((d) => d.code === 'thread-partition-mismatch' && d.severity === 2);
  assert.equal((await mismatch()).length, 1, '8 threads, 2 partitions');
  writeFileSync(config, JSON.stringify({ topics: { orders: { partitions: 8 } }, apps: { 'orders-router': { instances: 1 } } }));
  await changed(config);
  assert.deepEqual(await mismatch(), []);
});

test('a broken config is reported, not fatal, and a repaired one works again', async () => {
  const uri = await session.open(file, readFileSync(file, 'utf8'));
  writeFileSync(config, '{ "topics": { "orders": ');
  await changed(config);
  const warning = await session.waitFor((m) => m.method === 'window/showMessage' && JSON.stringify(m.params).includes('streamwise.config.json:'), {
    what: 'a warning naming the broken config',
  });
  assert.ok(isRecord(warning.params) && warning.params.type === 2);
  const result = await session.connection.sendRequest<TopologyResult>(TopologyRequest.method, { uri });
  assert.match(result.configErrors.join('\n'), /^streamwise\.config\.json:1:\d+: /);
  assert.equal(result.topologies.length, 1, 'the topology is still extracted');
  writeFileSync(config, JSON.stringify({ topics: { orders: { partitions: 2 } } }));
  await changed(config);
  assert.equal((await session.pull(uri)).filter((d) => d.code === 'thread-partition-mismatch' && d.severity === 2).length, 1);
});

test('a topology file changed on disk while closed is re-read', async () => {
  const other = join(workspace.root, 'src', 'second.ts');
  writeFileSync(other, readFileSync(file, 'utf8').replace(/orders-router/g, 'second-router').replace("builder.stream<string, string>('orders')", "builder.stream<string, string>('second')"));
  await changed(other, 1);
  const result = await session.connection.sendRequest<TopologyResult>(TopologyRequest.method, {});
  assert.ok(result.topologies.some((t) => t.uri === uriOf(other)), 'the new file is analysed');
});
