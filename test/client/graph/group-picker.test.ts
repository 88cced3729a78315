// Show Lag's choices: the cluster's consumer groups (ListGroups on a real broker, the embedded dev
// cluster), merged with the workspace's application ids, the view's own reader groups left out.
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { createKafkaClient, silentLogger } from 'streamwise';
import { startDevCluster } from 'streamwise/devcluster';
import { choiceDescription, groupChoices, listClusterGroups } from '../../../client/src/graph/group-picker';
import { READER_GROUP_PREFIX } from '../../../client/src/view/cluster-browser';
import { commitRaw } from '../../runtime/devcluster/storage/raw-commit';

test('the cluster\'s groups are listed (sorted, without the view\'s reader groups) and merged with the known application ids', async () => {
  const cluster = await startDevCluster({ port: 0 });
  const admin = createKafkaClient({ brokers: cluster.bootstrapServers, clientId: 'picker-test', logger: silentLogger }).admin();
  try {
    await admin.connect();
    const topic = `picker-${randomUUID()}`;
    await admin.createTopics([{ topic, partitions: 1 }]);
    const tag = randomUUID().slice(0, 8);
    const groups = [`orders-${tag}`, `billing-${tag}`, `${READER_GROUP_PREFIX}-${tag}`];
    // Memberless commits (as kafka-consumer-groups --reset-offsets does) make groups the cluster lists.
    const port = Number(cluster.bootstrapServers[0]?.split(':')[1]);
    for (const g of groups) assert.equal(await commitRaw(port, g, topic, 0, 0), 0);
    const listed = await listClusterGroups(cluster.bootstrapServers, 10_000);
    const ids = listed.map((g) => g.groupId);
    assert.deepEqual(ids.filter((id) => id.endsWith(tag)), [`billing-${tag}`, `orders-${tag}`]);
    assert.deepEqual(ids, [...ids].sort((a, b) => a.localeCompare(b)));

    const choices = groupChoices([`orders-${tag}`, `gw-router-${tag}`, `orders-${tag}`], listed.filter((g) => g.groupId.endsWith(tag)));
    assert.deepEqual(choices.map((c) => [c.groupId, c.known, c.onCluster]), [
      [`orders-${tag}`, true, true], [`gw-router-${tag}`, true, false], [`billing-${tag}`, false, true],
    ]);
    assert.deepEqual(choices.map((c) => choiceDescription(c, true)), ['application id · on the cluster', 'application id · no group on the cluster yet', 'on the cluster · consumer']);
    assert.equal(choiceDescription({ groupId: 'x', known: true, onCluster: false }, false), 'application id');
  } finally {
    await admin.disconnect();
    await cluster.close();
  }
});

test('a cluster that does not answer fails the listing within its timeout (the picker keeps its other choices)', async () => {
  // A port that accepts connections and never speaks Kafka.
  const sockets = new Set<import('node:net').Socket>();
  const silent = createServer((s) => { sockets.add(s); });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const address = silent.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  try {
    const started = Date.now();
    await assert.rejects(listClusterGroups([`127.0.0.1:${port}`], 1500), /no answer from 127\.0\.0\.1:\d+ in 1500 ms|Connection|timeout/i);
    assert.ok(Date.now() - started < 10_000, `gave up after ${Date.now() - started} ms`);
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  }
});
