import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { TopologyRequest } from '../../../server/src/protocol';
import type { TopologyResult } from '../../../server/src/protocol';
import { parseSettings } from '../../../server/src/lsp/settings';
import { fixtureWorkspace, isRecord, LspSession, uriOf } from '../lsp-session';

const orders = fixtureWorkspace('orders');
const payments = fixtureWorkspace('payments');
let brokersForPayments = ['10.0.0.1:9092'];
let session: LspSession;

before(async () => {
  session = await LspSession.start({
    folders: [orders.root, payments.root],
    settings: (scopeUri, section) => {
      assert.equal(section, 'streamwise');
      if (scopeUri?.startsWith(uriOf(payments.root)) === true) return { brokers: brokersForPayments, instances: 3 };
      return { instances: 0, brokers: 'not-a-list' };
    },
  });
});
after(async () => {
  await session.dispose();
  orders.dispose();
  payments.dispose();
});

const runOf = async (file: string) => {
  const result = await session.connection.sendRequest<TopologyResult>(TopologyRequest.method, { uri: uriOf(file) });
  return result.topologies[0]?.run;
};

test('settings are read per resource, and malformed values fall back to defaults', async () => {
  assert.deepEqual(await runOf(join(payments.root, 'src', 'payments.ts')), { brokers: ['10.0.0.1:9092'], instances: 3 });
  assert.deepEqual(await runOf(join(orders.root, 'src', 'router.ts')), { brokers: [], instances: 1 });
  const asked = session.received.filter((m) => m.method === 'workspace/configuration');
  assert.ok(asked.some((m) => isRecord(m.params) && JSON.stringify(m.params).includes(uriOf(payments.root))));
});

test('didChangeConfiguration drops cached settings', async () => {
  brokersForPayments = ['10.0.0.2:9092'];
  await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  assert.deepEqual(await runOf(join(payments.root, 'src', 'payments.ts')), { brokers: ['10.0.0.2:9092'], instances: 3 });
});

test('the server registers for configuration changes', async () => {
  await session.waitFor(
    (m) => m.method === 'client/registerCapability' && JSON.stringify(m.params).includes('workspace/didChangeConfiguration'),
    { what: 'didChangeConfiguration registration' },
  );
});

test('parseSettings keeps valid values and trims brokers', () => {
  assert.deepEqual(parseSettings({ brokers: [' a:1 ', '', 2], instances: 4, trace: { server: 'verbose' } }), {
    brokers: ['a:1'],
    instances: 4,
    trace: { server: 'verbose' },
    rules: {},
  });
  assert.deepEqual(parseSettings(null), { brokers: [], instances: 1, trace: { server: 'off' }, rules: {} });
  assert.deepEqual(parseSettings({ rules: { 'branch-order': 'off', 'application-id-format': 'loud' } }).rules, { 'branch-order': 'off' });
  assert.deepEqual(parseSettings({ instances: 2.5 }).instances, 1);
});
