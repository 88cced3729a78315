// Live durability facts end to end: a real broker -> the view's ClusterBrowser -> the params the
// view sends (liveTopicsParams) -> streamwise/setLiveTopics to the real language server ->
// topic-durability diagnostics naming the connected cluster. Each broker is private to the test.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createKafkaClient, silentLogger } from 'streamwise';
import { startDevCluster } from 'streamwise/devcluster';
import { ClusterBrowser, liveTopicsParams } from '../../../client/src/view/cluster-browser';
import { SetLiveTopicsNotification } from '../../../server/src/protocol';
import { fixtureWorkspace, LspSession } from '../../server/lsp-session';
import { startMockCluster } from '../../runtime/streams/helpers/mock-cluster';

const workspace = fixtureWorkspace('live-durability');
const file = join(workspace.root, 'src', 'ledger.ts');
let session: LspSession;
let uri: string;

before(async () => {
  session = await LspSession.start({ folders: [workspace.root] });
  uri = await session.open(file);
});
after(async () => {
  await session.dispose();
  workspace.dispose();
});

async function durability(): Promise<{ line: number; message: string }[]> {
  const diagnostics = await session.pull(uri);
  return diagnostics.filter((d) => d.code === 'topic-durability').map((d) => ({ line: d.range.start.line + 1, message: typeof d.message === 'string' ? d.message : d.message.value }));
}

/** Sends what the view sends and waits until the server has re-analysed. */
async function share(browser: ClusterBrowser): Promise<void> {
  const params = liveTopicsParams(await browser.topics());
  const mark = session.mark;
  await session.connection.sendNotification(SetLiveTopicsNotification.method, params);
  await session.waitFor((m) => m.method === 'streamwise/topologyChanged', { since: mark, what: 'topologyChanged' });
}

test('dev cluster: replication factor 1 and min.insync.replicas 1 from the broker are reported at the sources, naming the cluster; the broker\'s 2 in-sync is not', async () => {
  assert.deepEqual(await durability(), [], 'no facts known before the cluster is connected');
  const cluster = await startDevCluster({ port: 0 });
  const admin = createKafkaClient({ brokers: cluster.bootstrapServers, clientId: 'live-facts-test', logger: silentLogger }).admin();
  const browser = new ClusterBrowser(cluster.bootstrapServers, silentLogger);
  try {
    await admin.connect();
    await admin.createTopics([{ topic: 'payments-in', partitions: 4, configs: { 'min.insync.replicas': '2' } }, { topic: 'refunds', partitions: 2 }]);
    const topics = await browser.topics();
    assert.deepEqual(topics.filter((t) => !t.internal).map((t) => [t.name, t.replicationFactor, t.minInsyncReplicas]), [['payments-in', 1, 2], ['refunds', 1, 1]]);
    // As the extension's own embedded dev cluster (one broker by design) it shares partitions only.
    assert.deepEqual(liveTopicsParams(topics.filter((t) => !t.internal), { replication: false }), { partitions: { 'payments-in': 4, refunds: 2 }, replicationFactors: {}, minInsyncReplicas: {} });
    await share(browser);
    const found = await durability();
    assert.equal(found.length, 2, JSON.stringify(found));
    assert.equal(found[0]?.line, 5);
    assert.match(found[0]?.message ?? '', /^Topic 'payments-in' has replicationFactor 1 \(the connected cluster\): /);
    assert.doesNotMatch(found[0]?.message ?? '', /has minInsyncReplicas/);
    assert.equal(found[1]?.line, 6);
    assert.match(found[1]?.message ?? '', /^Topic 'refunds' has replicationFactor 1 \(the connected cluster\) and minInsyncReplicas 1 \(the connected cluster\): /);
  } finally {
    await browser.dispose();
    await admin.disconnect();
    await cluster.close();
  }
});

test('librdkafka mock cluster (3 brokers): replication factor 3, min.insync.replicas unknown: the new facts replace the old and nothing is reported', async () => {
  const mock = await startMockCluster(3);
  const producer = createKafkaClient({ brokers: mock.brokers, clientId: 'live-facts-test', logger: silentLogger }).producer({ idempotent: false });
  const browser = new ClusterBrowser(mock.brokers, silentLogger);
  try {
    await producer.connect();
    // The mock auto-creates topics on produce, replicated on all three brokers.
    await producer.send(['payments-in', 'refunds'].map((topic) => ({ topic, key: null, value: Buffer.from('x'), headers: {}, timestamp: Date.now() })));
    const params = liveTopicsParams((await browser.topics()).filter((t) => t.name === 'payments-in' || t.name === 'refunds'));
    assert.deepEqual(params, { partitions: { 'payments-in': 4, refunds: 4 }, replicationFactors: { 'payments-in': 3, refunds: 3 }, minInsyncReplicas: {} });
    await share(browser);
    assert.deepEqual(await durability(), []);
  } finally {
    await browser.dispose();
    await producer.disconnect();
    await mock.close();
  }
});
