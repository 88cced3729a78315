// Two kafkajs consumers in one group split the partitions and rebalance when one leaves.
import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { rand, startTestCluster, within } from './helpers';

let cluster: Awaited<ReturnType<typeof startTestCluster>>;
let kafka: Kafka;

before(async () => {
  cluster = await startTestCluster();
  kafka = new Kafka({ clientId: 'group-test', brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING });
});
after(() => cluster.close());

/** A consumer that reports each assignment it gets (from kafkajs's GROUP_JOIN event). */
function trackedConsumer(groupId: string): { consumer: Consumer; assignments: number[][]; next: (pred: (a: number[]) => boolean) => Promise<number[]> } {
  const consumer = kafka.consumer({ groupId, sessionTimeout: 6000, heartbeatInterval: 200, maxWaitTimeInMs: 100 });
  const assignments: number[][] = [];
  const waiters: { pred: (a: number[]) => boolean; resolve: (a: number[]) => void }[] = [];
  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    const parts = Object.values(e.payload.memberAssignment).flat().sort((a, b) => a - b);
    assignments.push(parts);
    for (const w of [...waiters]) if (w.pred(parts)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(parts); }
  });
  const next = (pred: (a: number[]) => boolean) => {
    const last = assignments[assignments.length - 1];
    if (last !== undefined && pred(last)) return Promise.resolve(last);
    return new Promise<number[]>((resolve) => waiters.push({ pred, resolve }));
  };
  return { consumer, assignments, next };
}

test('two consumers split four partitions; the survivor takes all when the other leaves', async () => {
  const topic = rand('grp');
  const groupId = rand('g');
  await cluster.createTopic(topic, 4);
  const a = trackedConsumer(groupId);
  const b = trackedConsumer(groupId);
  const seen = new Set<string>();
  let allSeen: () => void = () => {};
  const allSeenPromise = new Promise<void>((resolve) => { allSeen = resolve; });
  for (const c of [a, b]) {
    await c.consumer.connect();
    await c.consumer.subscribe({ topic, fromBeginning: true });
    await c.consumer.run({ eachMessage: async ({ message }) => {
      seen.add(String(message.value));
      if (seen.size === 4) allSeen();
    } });
  }
  const [pa, pb] = await within(20_000, 'both consumers holding two partitions', Promise.all([
    a.next((p) => p.length === 2), b.next((p) => p.length === 2),
  ]));
  assert.deepEqual([...(pa ?? []), ...(pb ?? [])].sort(), [0, 1, 2, 3]);
  await b.consumer.disconnect();
  const all = await within(20_000, 'the survivor holding all four', a.next((p) => p.length === 4));
  assert.deepEqual(all, [0, 1, 2, 3]);
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: [0, 1, 2, 3].map((p) => ({ value: `m${p}`, partition: p })) });
  await producer.disconnect();
  await within(20_000, 'the survivor consuming every partition', allSeenPromise);
  await a.consumer.disconnect();
  const described = await (async () => {
    const admin = kafka.admin();
    await admin.connect();
    try { return await admin.describeGroups([groupId]); } finally { await admin.disconnect(); }
  })();
  assert.equal(described.groups[0]?.state, 'Empty');
});
