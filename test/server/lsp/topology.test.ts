import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { SetLiveTopicsNotification, TopologyRequest } from '../../../server/src/protocol';
import type { TopologyResult } from '../../../server/src/protocol';
import { fixtureWorkspace, LspSession, uriOf } from '../lsp-session';

const orders = fixtureWorkspace('orders');
const payments = fixtureWorkspace('payments');
const ordersFile = join(orders.root, 'src', 'router.ts');
const paymentsFile = join(payments.root, 'src', 'payments.ts');
let session: LspSession;

before(async () => {
  session = await LspSession.start({ folders: [orders.root, payments.root] });
});
after(async () => {
  await session.dispose();
  orders.dispose();
  payments.dispose();
});

const topology = (uri?: string): Promise<TopologyResult> =>
  session.connection.sendRequest<TopologyResult>(TopologyRequest.method, uri === undefined ? {} : { uri });

test('streamwise/topology for a file returns its model, source locations and findings as badges', async () => {
  const uri = uriOf(ordersFile);
  const result = await topology(uri);
  assert.equal(result.topologies.length, 1);
  const [entry] = result.topologies;
  assert.equal(entry?.uri, uri);
  assert.equal(entry?.topologyIndex, 0);
  const nodes = entry?.model.subTopologies.flatMap((s) => s.nodes) ?? [];
  const source = nodes.find((n) => n.kind === 'source');
  assert.deepEqual(source?.kind === 'source' ? source.topics : undefined, ['orders']);
  const branch = nodes.find((n) => n.kind === 'processor' && n.operator === 'branch');
  assert.ok(branch?.location !== undefined, 'the branch node carries its source location');
  assert.equal(branch.location.file, ordersFile);
  const badge = entry?.findings.find((f) => f.rule === 'branch-order' && f.severity === 'error');
  assert.ok(badge !== undefined, JSON.stringify(entry?.findings));
  assert.equal(badge.node, branch.name);
  assert.deepEqual(entry?.run, { brokers: [], instances: 1 });
  assert.ok(result.apps.some((a) => a.app.applicationId === 'orders-router' && a.uri === uri));
});

test('streamwise/topology without a uri covers every workspace folder', async () => {
  const result = await topology();
  const uris = new Set(result.topologies.map((t) => t.uri));
  assert.deepEqual([...uris].sort(), [uriOf(ordersFile), uriOf(paymentsFile)].sort());
  assert.deepEqual(result.apps.map((a) => a.app.applicationId).sort(), ['orders-router', 'payments-cleaner']);
});

test('streamwise/topology for a file without topologies, or not a file, answers empty', async () => {
  assert.deepEqual((await topology(uriOf(join(orders.root, 'tsconfig.json')))).topologies, []);
  assert.deepEqual((await topology('untitled:Untitled-1')).topologies, []);
});

test('streamwise/setLiveTopics: live partition counts win over the config file', async () => {
  const uri = await session.open(ordersFile, readFileSync(ordersFile, 'utf8'));
  const mismatch = async () => (await session.pull(uri)).filter((d) => d.code === 'thread-partition-mismatch' && d.severity === 2);
  assert.equal((await mismatch()).length, 1, '8 threads for 2 partitions (config file)');
  const mark = session.mark;
  await session.connection.sendNotification(SetLiveTopicsNotification.method, { partitions: { orders: 8 } });
  await session.waitFor((m) => m.method === 'streamwise/topologyChanged', { since: mark, what: 'topologyChanged' });
  assert.deepEqual(await mismatch(), []);
  await session.connection.sendNotification(SetLiveTopicsNotification.method, { partitions: { orders: 'many' } });
  assert.equal((await mismatch()).length, 1, 'malformed live counts are dropped');
  await session.close(uri);
});
