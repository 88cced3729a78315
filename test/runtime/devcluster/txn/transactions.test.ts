// Transactions in the dev cluster against clients nobody here wrote: librdkafka's transactional
// producer and read_committed consumer (python3-confluent-kafka, kcat) and kafkajs.
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { kcat, rand, requireKcat, startTestCluster, within } from '../helpers';
import { readPartition, txnClient } from './peers';
import { describeTransactions } from './raw-txn';

type Cluster = Awaited<ReturnType<typeof startTestCluster>>;
let cluster: Cluster;
const brokers = () => cluster.bootstrapServers.join(',');
// The broker's log lines as events: a test waits for the one it needs, never for a fixed time.
const logged: { pattern: RegExp; resolve: () => void }[] = [];
const onLine = (message: string) => { for (const w of [...logged]) if (w.pattern.test(message)) { logged.splice(logged.indexOf(w), 1); w.resolve(); } };
const waitForLog = (pattern: RegExp) => new Promise<void>((resolve) => { logged.push({ pattern, resolve }); });
const logger = { debug: () => {}, info: onLine, warn: onLine, error: onLine };
before(async () => { requireKcat(); cluster = await startTestCluster({ transactionCheckIntervalMs: 100, logger }); });
after(async () => { await cluster.close(); });

describe('librdkafka transactional producer, read_committed readers', () => {
  test('committed data is visible, aborted never, markers skipped, offsets right', async () => {
    const topic = rand('txn');
    await cluster.createTopic(topic, 1);
    assert.match(await txnClient(['plan', brokers(), topic, rand('tx'), 'c5,a3,c2,a1']).done, /done/);
    // Offsets: 0-4 data, 5 commit marker, 6-8 aborted, 9 abort marker, 10-11, 12 marker, 13 aborted, 14 marker.
    const committed = await readPartition(brokers(), topic, 'read_committed');
    assert.deepEqual(committed.records.map((r) => `${r.offset} ${r.key} ${r.value}`), [
      '0 0-0 commit', '1 0-1 commit', '2 0-2 commit', '3 0-3 commit', '4 0-4 commit', '10 2-0 commit', '11 2-1 commit',
    ]);
    assert.equal(committed.end, 15);
    // kcat (librdkafka) agrees; read_uncommitted sees the aborted records but still no markers.
    const k = await kcat(['-b', brokers(), '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-X', 'isolation.level=read_committed', '-f', '%o %s\n']);
    assert.equal(k.stdout, '0 commit\n1 commit\n2 commit\n3 commit\n4 commit\n10 commit\n11 commit\n');
    const all = await readPartition(brokers(), topic, 'read_uncommitted');
    assert.deepEqual(all.records.map((r) => r.offset), [0, 1, 2, 3, 4, 6, 7, 8, 10, 11, 13]);
  });

  test('an open transaction holds read_committed readers at the last stable offset', async () => {
    const topic = rand('txn-open');
    await cluster.createTopic(topic, 1);
    assert.match(await txnClient(['plan', brokers(), topic, rand('tx'), 'c2']).done, /done/);
    const holder = txnClient(['hold', brokers(), topic, rand('tx'), '3']);
    try {
      // ListOffsets by isolation level: read_committed ends at the LSO (3: two records and a marker before), read_uncommitted at the HW (6).
      assert.equal(await holder.next(/^open /), 'open 3 6');
      const k = await kcat(['-b', brokers(), '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-X', 'isolation.level=read_committed', '-f', '%o\n']);
      assert.equal(k.stdout, '0\n1\n');
    } finally {
      holder.kill();
    }
  });

  test('consume-transform-produce with send_offsets_to_transaction', async () => {
    const src = rand('eos-in');
    const dst = rand('eos-out');
    const group = rand('eos-g');
    await cluster.createTopic(src, 1);
    await cluster.createTopic(dst, 1);
    const input = Array.from({ length: 10 }, (_, i) => `k${i}\tv${i}`).join('\n');
    assert.equal((await kcat(['-b', brokers(), '-P', '-t', src, '-K', '\t'], `${input}\n`)).code, 0);
    assert.match(await txnClient(['eos', brokers(), src, dst, group, rand('tx'), '10']).done, /copied 10/);
    const out = await readPartition(brokers(), dst, 'read_committed');
    assert.deepEqual(out.records.map((r) => r.value), Array.from({ length: 10 }, (_, i) => `V${i}`));
    const admin = new Kafka({ clientId: 'eos', brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    assert.equal((await admin.fetchOffsets({ groupId: group, topics: [src] }))[0]?.partitions[0]?.offset, '10');
    await admin.disconnect();
  });

  test('KIP-447 with librdkafka (TxnOffsetCommit v3): group metadata of an older generation is refused, the current one commits', async () => {
    const [src, dst, group] = [rand('kip447-in'), rand('kip447-out'), rand('kip447-g')];
    await cluster.createTopic(src, 2);
    await cluster.createTopic(dst, 1);
    const out = await txnClient(['stale', brokers(), src, dst, group, rand('tx')]).done;
    assert.match(out, /^stale (ILLEGAL_GENERATION|UNKNOWN_MEMBER_ID)$/m);
    assert.match(out, /^fresh committed$/m);
    const read = await readPartition(brokers(), dst, 'read_committed');
    assert.deepEqual(read.records.map((r) => r.value), ['v2']);
  });

  test('a second producer with the same transactional id fences the first', async () => {
    const topic = rand('txn-fence');
    await cluster.createTopic(topic, 1);
    const out = await txnClient(['fence', brokers(), topic, rand('tx')]).done;
    assert.match(out, /first failed _FENCED fatal=True/);
    assert.match(out, /second committed/);
    const read = await readPartition(brokers(), topic, 'read_committed');
    assert.deepEqual(read.records.map((r) => r.key), ['new']);
  });

  test('a transaction past transaction.timeout.ms is aborted by the broker and its producer fenced', async () => {
    const topic = rand('txn-timeout');
    const txnId = rand('tx');
    await cluster.createTopic(topic, 1);
    const aborted = waitForLog(new RegExp(`aborting a transaction past its timeout`));
    const client = txnClient(['timeout', brokers(), topic, txnId]);
    await client.next(/^produced$/);
    await within(20_000, 'the broker aborting the transaction', aborted);
    client.send('commit');
    // librdkafka reports the broker's fencing (_FENCED) or, having timed the transaction out
    // itself by then, a local error: either way the commit fails and nothing becomes visible.
    assert.match(await client.done, /commit failed (_FENCED|_TIMED_OUT|_INCONSISTENT)/);
    const read = await readPartition(brokers(), topic, 'read_committed');
    assert.deepEqual(read.records, []);
    assert.equal(read.end, 2);
    const [state] = await describeTransactions(cluster.port, [txnId]);
    assert.equal(state?.state, 'CompleteAbort');
    assert.equal(state?.producerEpoch, 1);
  });
});

describe('kafkajs transactions', () => {
  test('offsets sent in a transaction become visible on commit only; an abort drops them', async () => {
    const topic = rand('kj-txn');
    const group = rand('kj-g');
    await cluster.createTopic(topic, 1);
    const kafka = new Kafka({ clientId: 'kj', brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ transactionalId: rand('kj-tx'), idempotent: true, maxInFlightRequests: 1 });
    const admin = kafka.admin();
    await producer.connect();
    await admin.connect();
    const committed = async () => (await admin.fetchOffsets({ groupId: group, topics: [topic] }))[0]?.partitions[0]?.offset;
    try {
      let txn = await producer.transaction();
      await txn.send({ topic, messages: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }] });
      await txn.sendOffsets({ consumerGroupId: group, topics: [{ topic, partitions: [{ partition: 0, offset: '2' }] }] });
      assert.equal(await committed(), '-1');
      await txn.commit();
      assert.equal(await committed(), '2');
      txn = await producer.transaction();
      await txn.send({ topic, messages: [{ key: 'x', value: 'aborted' }] });
      await txn.sendOffsets({ consumerGroupId: group, topics: [{ topic, partitions: [{ partition: 0, offset: '99' }] }] });
      await txn.abort();
      assert.equal(await committed(), '2');
      const read = await readPartition(brokers(), topic, 'read_committed');
      assert.deepEqual(read.records.map((r) => `${r.offset}:${r.key}`), ['0:a', '1:b']);
    } finally {
      await admin.disconnect();
      await producer.disconnect();
    }
  });

  test('fencing: a second kafkajs producer with the same transactional id fences the first, whose records stay invisible', async () => {
    const topic = rand('kj-fence');
    const txnId = rand('kj-tx');
    await cluster.createTopic(topic, 1);
    const kafka = new Kafka({ clientId: 'kj-fence', brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING });
    const first = kafka.producer({ transactionalId: txnId, maxInFlightRequests: 1 });
    const second = kafka.producer({ transactionalId: txnId, maxInFlightRequests: 1 });
    try {
      await first.connect();
      const zombie = await first.transaction();
      await zombie.send({ topic, messages: [{ key: 'zombie', value: 'z' }] });
      await second.connect();
      const owner = await second.transaction();
      await owner.send({ topic, messages: [{ key: 'owner', value: 'o' }] });
      // kafkajs sends EndTxn v1: the fenced epoch is answered INVALID_PRODUCER_EPOCH (PRODUCER_FENCED from v2 on).
      await assert.rejects(zombie.commit(), (e: unknown) => /INVALID_PRODUCER_EPOCH|PRODUCER_FENCED/.test(JSON.stringify({ type: (e as { type?: string }).type, message: String(e), cause: String((e as { cause?: unknown }).cause) })));
      await owner.commit();
      const read = await readPartition(brokers(), topic, 'read_committed');
      assert.deepEqual(read.records.map((r) => r.key), ['owner']);
      const [state] = await describeTransactions(cluster.port, [txnId]);
      assert.equal(state?.state, 'CompleteCommit');
      // One bump fenced and aborted the open transaction, the next initialized the owner (Kafka: the same, via CONCURRENT_TRANSACTIONS and a retry).
      assert.equal(state?.producerEpoch, 2);
    } finally {
      await first.disconnect().catch(() => undefined);
      await second.disconnect().catch(() => undefined);
    }
  });
});
