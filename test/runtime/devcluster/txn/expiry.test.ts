// transactional.id.expiration.ms and producer.id.expiration.ms in the dev cluster, with small
// values, against librdkafka (python3-confluent-kafka, kcat): idle ids expire, open transactions
// keep theirs. Waits are on the broker's log lines, never on a fixed time.
import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { kcat, rand, requireKcat, startTestCluster } from '../helpers';
import { txnClient } from './peers';
import { describeProducers, describeTransactions } from './raw-txn';

type Cluster = Awaited<ReturnType<typeof startTestCluster>>;
let cluster: Cluster;
const logged: { pattern: RegExp; resolve: () => void }[] = [];
const onLine = (message: string) => { for (const w of [...logged]) if (w.pattern.test(message)) { logged.splice(logged.indexOf(w), 1); w.resolve(); } };
const waitForLog = (pattern: RegExp) => new Promise<void>((resolve) => { logged.push({ pattern, resolve }); });
const logger = { debug: () => {}, info: onLine, warn: onLine, error: onLine };
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

before(async () => {
  requireKcat();
  cluster = await startTestCluster({
    logger, transactionalIdExpirationMs: 3000, transactionalIdExpirationCheckIntervalMs: 100,
    producerIdExpirationMs: 400, producerIdExpirationCheckIntervalMs: 100,
  });
});
after(async () => { await cluster.close(); });
const brokers = () => cluster.bootstrapServers.join(',');

test('an idle transactional id becomes Dead: a tombstone in __transaction_state, forgotten, a new producer id next time; an open transaction keeps its id', async () => {
  const [topic, idle, open] = [rand('exp'), rand('tx-idle'), rand('tx-open')];
  await cluster.createTopic(topic, 1);
  const holder = txnClient(['hold', brokers(), topic, open, '2']);
  try {
    await holder.next(/^open /);
    const expired = waitForLog(new RegExp(`transactional id '${escape(idle)}' expired`));
    assert.match(await txnClient(['plan', brokers(), topic, idle, 'c1']).done, /done/);
    const [before] = await describeTransactions(cluster.port, [idle]);
    assert.equal(before?.state, 'CompleteCommit');
    await expired;
    const [gone, stillOpen] = await describeTransactions(cluster.port, [idle, open]);
    assert.equal(gone?.errorCode, 105, 'TRANSACTIONAL_ID_NOT_FOUND');
    assert.equal(stillOpen?.state, 'Ongoing', 'checks ran meanwhile, the open transaction kept its id');
    // The last record of the id's key is a tombstone (compaction drops the id by key).
    const log = await kcat(['-b', brokers(), '-C', '-t', '__transaction_state', '-o', 'beginning', '-e', '-q', '-f', '%k\t%S\n']);
    const sizes = log.stdout.split('\n').filter((l) => l.includes(idle)).map((l) => Number(l.split('\t').pop()));
    assert.ok(sizes.length >= 3, log.stdout);
    assert.equal(sizes[sizes.length - 1], -1, `tombstone last: ${sizes.join(',')}`);
    // Initialized again, the id starts over with a new producer id at epoch 0.
    assert.match(await txnClient(['plan', brokers(), topic, idle, 'c1']).done, /done/);
    const [again] = await describeTransactions(cluster.port, [idle]);
    assert.notEqual(again?.producerId, before?.producerId);
    assert.equal(again?.producerEpoch, 0);
  } finally {
    holder.kill();
  }
});

test('an idle producer id is forgotten by the partition; one with an open transaction is kept', async () => {
  const [idleTopic, openTopic] = [rand('exp-p'), rand('exp-o')];
  await cluster.createTopic(idleTopic, 1);
  await cluster.createTopic(openTopic, 1);
  const holder = txnClient(['hold', brokers(), openTopic, rand('tx-hold'), '1']);
  try {
    await holder.next(/^open /);
    const expired = waitForLog(/expired \d+ producer id\(s\) idle for 400 ms/);
    const produced = await kcat(['-b', brokers(), '-P', '-t', idleTopic, '-p', '0', '-X', 'enable.idempotence=true'], 'a\nb\n');
    assert.equal(produced.code, 0, produced.stderr);
    // Held until the broker's expiry pass after the write; the holder's stays.
    await expired;
    let idle = await describeProducers(cluster.port, idleTopic, 0);
    while (idle.producers.length > 0) {
      await waitForLog(/expired \d+ producer id\(s\)/);
      idle = await describeProducers(cluster.port, idleTopic, 0);
    }
    assert.deepEqual(idle.producers, []);
    const open = await describeProducers(cluster.port, openTopic, 0);
    assert.equal(open.producers.length, 1);
    assert.equal(open.producers[0]?.txnStartOffset, 0);
  } finally {
    holder.kill();
  }
});
