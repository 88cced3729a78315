// Two instances of one app split the partitions; one leaves and the other takes over without loss.
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { KafkaStreams } from 'streamwise';
import type { StreamsEvent } from 'streamwise/model';
import { clusterKinds, type TestCluster } from './helpers/clusters';
import { consumeUntil, produce, randomName, waitFor } from './helpers/kafka-io';
import { testTopology } from './helpers/test-topology';


type Assignment = Extract<StreamsEvent, { type: 'assignment' }>;
const assignmentOf = (app: KafkaStreams, pred: (a: Assignment) => boolean, what: string) =>
  waitFor<Assignment>((l) => {
    const f = (e: StreamsEvent) => { if (e.type === 'assignment') l(e); };
    app.events.on('event', f);
    return () => app.events.off('event', f);
  }, pred, 60000, what);

for (const kind of clusterKinds) describe(kind.name, () => {
  let cluster: TestCluster;
  before(async () => { cluster = await kind.start(); });
  after(async () => { await cluster.close(); });

  test('two instances split the tasks; when one leaves the other takes all of them, nothing lost', async () => {
    const input = randomName('in');
    const output = randomName('out');
    const appId = randomName('app');
    const batch = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ key: `k${from + i}`, value: `v${from + i}` }));
    await produce(cluster.brokers, input, batch(0, 400));
    const make = (instanceId: string) => new KafkaStreams(testTopology({ input, output }), { applicationId: appId, bootstrapServers: cluster.brokers, commitIntervalMs: 100, instanceId });
    const a = make('instance-a');
    const b = make('instance-b');
    const aAll = assignmentOf(a, (e) => e.tasks.length === 4, 'a owning 4 tasks');
    await a.start();
    await aAll;
    const aHalf = assignmentOf(a, (e) => e.tasks.length === 2, 'a owning 2 tasks');
    const bHalf = assignmentOf(b, (e) => e.tasks.length === 2, 'b owning 2 tasks');
    await b.start();
    const [ea, eb] = await Promise.all([aHalf, bHalf]);
    assert.deepEqual([...ea.tasks, ...eb.tasks].sort(), ['0_0', '0_1', '0_2', '0_3']);
    await produce(cluster.brokers, input, batch(400, 400));
    const aAgain = assignmentOf(a, (e) => e.tasks.length === 4, 'a owning 4 tasks again');
    assert.equal(await b.close({ timeoutMs: 30000 }), true);
    await aAgain;
    await produce(cluster.brokers, input, batch(800, 400));
    const want = new Set(batch(0, 1200).map((r) => r.value.toUpperCase()));
    const got = await consumeUntil(cluster.brokers, output, (r) => r.filter((x) => x.value !== null && want.has(x.value)).length >= want.size && new Set(r.map((x) => x.value)).size >= want.size);
    assert.deepEqual(new Set(got.map((r) => r.value)), want);
    assert.equal(await a.close({ timeoutMs: 30000 }), true);
  });
});
