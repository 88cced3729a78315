// A poison record under each handler, against each cluster: nothing stalls silently.
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { DLQ_HEADERS, KafkaStreams, type StreamsConfig } from 'streamwise';
import type { StreamsEvent } from 'streamwise/model';
import { clusterKinds, type TestCluster } from './helpers/clusters';
import { consumeUntil, produce, randomName, waitFor } from './helpers/kafka-io';
import { testTopology, type TestTopologyOptions } from './helpers/test-topology';
import { tempStateDir } from './helpers/state-dir';


const records = [{ key: 'a', value: 'one' }, { key: 'b', value: 'POISON' }, { key: 'c', value: 'three' }];

async function setup(cluster: TestCluster, config: Partial<StreamsConfig>, engine: Partial<TestTopologyOptions> = {}) {
  const input = randomName('in');
  const output = randomName('out');
  await produce(cluster.brokers, input, records.map((r) => ({ ...r, partition: 0 })));
  const app = new KafkaStreams(testTopology({ input, output, poison: 'POISON', ...engine }), { stateDir: tempStateDir(), applicationId: randomName('app'), bootstrapServers: cluster.brokers, commitIntervalMs: 100, ...config });
  const events: StreamsEvent[] = [];
  app.events.on('event', (e: StreamsEvent) => events.push(e));
  return { input, output, app, events };
}

const reachState = (app: KafkaStreams, state: string) =>
  app.state === state ? Promise.resolve() : waitFor<string>((l) => app.onStateChange((s) => l(s)), (s) => s === state, 60000, `state ${state}`).then(() => undefined);

for (const kind of clusterKinds) describe(kind.name, () => {
  let cluster: TestCluster;
  before(async () => { cluster = await kind.start(); });
  after(async () => { await cluster.close(); });

  test("'fail' (default) with SHUTDOWN_CLIENT: the app goes to ERROR naming the record", async () => {
    const { app, events } = await setup(cluster, {});
    const states: string[] = [];
    app.onStateChange((s) => states.push(s));
    const error = reachState(app, 'ERROR');
    await app.start();
    await error;
    assert.deepEqual(states.slice(-2), ['PENDING_ERROR', 'ERROR']);
    const e = events.find((x) => x.type === 'error');
    assert.ok(e !== undefined && e.type === 'error');
    assert.match(e.message, /poison record POISON/);
    assert.equal(e.offset, 1);
    assert.equal(e.partition, 0);
    assert.equal(e.node, 'KSTREAM-MAPVALUES-0000000001');
    await app.close();
    assert.equal(app.state, 'ERROR');
  });

  test('REPLACE_THREAD replaces the failed thread (which meets the record again, loudly)', async () => {
    const { app, events } = await setup(cluster, {});
    let calls = 0;
    app.setUncaughtExceptionHandler(() => (++calls < 3 ? 'REPLACE_THREAD' : 'SHUTDOWN_CLIENT'));
    const error = reachState(app, 'ERROR');
    await app.start();
    await error;
    assert.equal(calls, 3);
    assert.equal(events.filter((e) => e.type === 'error').length, 3);
    assert.ok(events.filter((e) => e.type === 'assignment').length >= 3, 'each replacement thread got the task');
  });

  test("'continue' skips the record and processes the rest", async () => {
    const { app, output } = await setup(cluster, { processingExceptionHandler: 'continue' });
    await app.start();
    const got = await consumeUntil(cluster.brokers, output, (r) => r.length >= 2);
    assert.deepEqual(got.map((r) => r.value).sort(), ['ONE', 'THREE']);
    await app.close();
    assert.equal(app.state, 'NOT_RUNNING');
  });

  test('a dead-letter topic gets the original record with headers naming error, topic, partition, offset and node', async () => {
    const dlq = randomName('dlq');
    const { app, output, input } = await setup(cluster, { processingExceptionHandler: { deadLetterTopic: dlq } });
    await app.start();
    await consumeUntil(cluster.brokers, output, (r) => r.length >= 2);
    const [dead] = await consumeUntil(cluster.brokers, dlq, (r) => r.length >= 1);
    assert.ok(dead !== undefined);
    assert.equal(dead.key, 'b');
    assert.equal(dead.value, 'POISON');
    assert.equal(dead.headers[DLQ_HEADERS.topic], input);
    assert.equal(dead.headers[DLQ_HEADERS.partition], '0');
    assert.equal(dead.headers[DLQ_HEADERS.offset], '1');
    assert.equal(dead.headers[DLQ_HEADERS.node], 'KSTREAM-MAPVALUES-0000000001');
    assert.match(dead.headers[DLQ_HEADERS.message] ?? '', /poison record/);
    await app.close();
  });

  // The mock cluster accepts any topic name, so it cannot make a send fail; the dev cluster can.
  if (kind.validatesTopics) test("productionExceptionHandler 'fail' stops the app; 'continue' skips the failed record; a dead-letter topic keeps it", async () => {
    const failing = await setup(cluster, {}, { poison: undefined, misrouted: 'POISON', badTopic: 'not a topic!' });
    const error = reachState(failing.app, 'ERROR');
    await failing.app.start();
    await error;
    const e = failing.events.find((x) => x.type === 'error');
    assert.ok(e !== undefined && e.type === 'error');
    assert.match(e.message, /producing .* failed/);

    const skipping = await setup(cluster, { productionExceptionHandler: 'continue' }, { poison: undefined, misrouted: 'POISON', badTopic: 'not a topic!' });
    await skipping.app.start();
    const got = await consumeUntil(cluster.brokers, skipping.output, (r) => r.some((x) => x.value === 'THREE'));
    assert.ok(!got.some((r) => r.value === 'POISON'));
    await skipping.app.close();
    assert.ok(skipping.app.metrics().skipped.production >= 1);

    const dlq = randomName('dlq');
    const dead = await setup(cluster, { productionExceptionHandler: { deadLetterTopic: dlq } }, { poison: undefined, misrouted: 'POISON', badTopic: 'not a topic!' });
    await dead.app.start();
    const [letter] = await consumeUntil(cluster.brokers, dlq, (r) => r.length >= 1);
    assert.equal(letter?.value, 'POISON');
    assert.equal(letter?.headers[DLQ_HEADERS.topic], 'not a topic!');
    assert.match(letter?.headers[DLQ_HEADERS.message] ?? '', /invalid topic/);
    await consumeUntil(cluster.brokers, dead.output, (r) => r.some((x) => x.value === 'THREE'));
    await dead.app.close();
    assert.equal(dead.app.metrics().deadLettered, 1);
  });
});

for (const kind of clusterKinds) describe(`${kind.name}: deserialization`, () => {
  let cluster: TestCluster;
  before(async () => { cluster = await kind.start(); });
  after(async () => { await cluster.close(); });

  const jsonRecords = [{ key: 'a', value: '{"n":1}', partition: 0 }, { key: 'b', value: 'not json', partition: 0 }, { key: 'c', value: '{"n":3}', partition: 0 }];

  test("deserializationExceptionHandler: 'fail' stops the app, 'continue' skips, a dead-letter topic keeps the raw bytes", async () => {
    const run = async (handler: StreamsConfig['deserializationExceptionHandler']) => {
      const input = randomName('in');
      const output = randomName('out');
      await produce(cluster.brokers, input, jsonRecords);
      const app = new KafkaStreams(testTopology({ input, output, jsonValues: true }), { stateDir: tempStateDir(), applicationId: randomName('app'), bootstrapServers: cluster.brokers, commitIntervalMs: 100, deserializationExceptionHandler: handler });
      return { app, input, output };
    };
    const failing = await run('fail');
    const error = reachState(failing.app, 'ERROR');
    await failing.app.start();
    await error;

    const skipping = await run('continue');
    await skipping.app.start();
    const got = await consumeUntil(cluster.brokers, skipping.output, (r) => r.length >= 2);
    assert.deepEqual(got.map((r) => r.value).sort(), ['N1', 'N3']);
    await skipping.app.close();
    assert.equal(skipping.app.metrics().skipped.deserialization, 1);

    const dlq = randomName('dlq');
    const dead = await run({ deadLetterTopic: dlq });
    await dead.app.start();
    const [letter] = await consumeUntil(cluster.brokers, dlq, (r) => r.length >= 1);
    assert.equal(letter?.value, 'not json');
    assert.equal(letter?.headers[DLQ_HEADERS.topic], dead.input);
    assert.equal(letter?.headers[DLQ_HEADERS.offset], '1');
    await consumeUntil(cluster.brokers, dead.output, (r) => r.length >= 2);
    await dead.app.close();
    assert.equal(dead.app.metrics().deadLettered, 1);
  });
});
