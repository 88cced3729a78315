// `streamwise reset`: Kafka's kafka-streams-application-reset against a real app on the dev cluster.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { createKafkaClient, KafkaStreams, Serdes, silentLogger, StreamsBuilder } from 'streamwise';
import { startDevCluster } from 'streamwise/devcluster';
import { consumeUntil, randomName } from '../../../runtime/streams/helpers/kafka-io';
import { runCliToEnd } from './cli-helpers';
import { tempStateDir } from '../../../runtime/streams/helpers/state-dir';

function wordCount(input: string, output: string, group: string, brokers: string[]) {
  const b = new StreamsBuilder();
  b.stream<string, string>(input).groupBy((_k, v) => v).count({ name: 'counts' }).toStream().to(output, { valueSerde: Serdes.Number() });
  return new KafkaStreams(b.build(), { stateDir: tempStateDir(), applicationId: group, bootstrapServers: brokers, commitIntervalMs: 50 });
}

test('reset: refused while the app runs; --dry-run changes nothing; then input offsets go to earliest, internal topics are deleted, and the restarted app counts from scratch', async () => {
  const cluster = await startDevCluster({ port: 0 });
  const brokers = cluster.bootstrapServers;
  const client = createKafkaClient({ brokers, clientId: 'reset-test', logger: silentLogger });
  const admin = client.admin();
  await admin.connect();
  const input = randomName('reset-in');
  const output = randomName('reset-out');
  const group = randomName('reset-app');
  try {
    await admin.createTopics([{ topic: input, partitions: 1 }, { topic: output, partitions: 1 }]);
    const producer = client.producer({ idempotent: false });
    await producer.connect();
    await producer.send(['a', 'b', 'a'].map((v) => ({ topic: input, key: null, value: Buffer.from(v), headers: {}, timestamp: Date.now() })));
    await producer.disconnect();
    let app = wordCount(input, output, group, brokers);
    await app.start();
    await consumeUntil(brokers, output, (r) => r.some((x) => x.key === 'a' && x.valueBytes?.readDoubleBE(0) === 2));
    const busy = await runCliToEnd(['reset', '--application-id', group, '--brokers', brokers.join(',')]);
    assert.equal(busy.code, 1);
    assert.match(busy.stderr, new RegExp(`^streamwise reset: consumer group '${group}' is still active \\(1 member\\(s\\)\\): stop every instance`));
    assert.throws(() => app.cleanUp(), /may only be called before start\(\) or after close\(\); the application is RUNNING/);
    assert.equal(await app.close({ timeoutMs: 20000 }), true); // commits the final offsets
    app.cleanUp();

    const internal = `${group}-counts-changelog`;
    assert.ok((await admin.listTopics()).includes(internal));
    const dry = await runCliToEnd(['reset', '--application-id', group, '--brokers', brokers.join(','), '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, new RegExp(`Reset-offsets for input topics \\[${input}\\] to earliest \\(dry run: nothing changed\\)`));
    assert.match(dry.stdout, new RegExp(`Topic: ${input} Partition: 0 Offset: 3 -> 0`));
    assert.match(dry.stdout, new RegExp(`Would delete internal topics \\[.*${internal}.*\\]`));
    assert.deepEqual((await admin.groupOffsets(group, [input])).map((o) => o.offset), [3]);
    assert.ok((await admin.listTopics()).includes(internal));

    const reset = await runCliToEnd(['reset', '--application-id', group, '--brokers', brokers.join(',')]);
    assert.equal(reset.code, 0, reset.stderr);
    assert.match(reset.stdout, /Done\.$/m);
    assert.deepEqual((await admin.groupOffsets(group, [input])).map((o) => o.offset), [0]);
    assert.ok(!(await admin.listTopics()).some((t) => t.startsWith(`${group}-`)), 'internal topics deleted');

    // Reprocessing from scratch: the counts start over (a = 1, 2 again; not 3, 4).
    app = wordCount(input, output, group, brokers);
    await app.start();
    const out = await consumeUntil(brokers, output, (r) => r.filter((x) => x.key === 'a').length >= 4);
    assert.deepEqual(out.filter((x) => x.key === 'a').map((x) => x.valueBytes?.readDoubleBE(0)), [1, 2, 1, 2]);
    await app.close({ timeoutMs: 20000 });
  } finally {
    await admin.disconnect();
    await cluster.close();
  }
});

test('reset --to-datetime: each partition goes to the first record at or after the time; --input-topics names them', async () => {
  const cluster = await startDevCluster({ port: 0 });
  const brokers = cluster.bootstrapServers;
  const client = createKafkaClient({ brokers, clientId: 'reset-test', logger: silentLogger });
  const admin = client.admin();
  await admin.connect();
  const input = randomName('reset-time');
  const group = randomName('reset-time-app');
  try {
    await admin.createTopics([{ topic: input, partitions: 2 }]);
    const producer = client.producer({ idempotent: false });
    await producer.connect();
    const t0 = Date.parse('2024-05-01T12:00:00.000Z');
    await producer.send([0, 1, 2, 3].flatMap((i) => [0, 1].map((partition) => ({ topic: input, partition, key: null, value: Buffer.from(`v${i}`), headers: {}, timestamp: t0 + i * 60_000 }))));
    await producer.disconnect();
    await admin.setGroupOffsets(group, input, [{ partition: 0, offset: 4 }, { partition: 1, offset: 4 }]);
    const r = await runCliToEnd(['reset', '--application-id', group, '--brokers', brokers.join(','), '--input-topics', input, '--to-datetime', '2024-05-01T12:02:00.000Z']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`Topic: ${input} Partition: 1 Offset: 4 -> 2`));
    assert.deepEqual((await admin.groupOffsets(group, [input])).map((o) => o.offset), [2, 2]);
    const late = await runCliToEnd(['reset', '--application-id', group, '--brokers', brokers.join(','), '--input-topics', input, '--to-datetime', '2030-01-01T00:00:00Z']);
    assert.equal(late.code, 0, late.stderr);
    assert.deepEqual((await admin.groupOffsets(group, [input])).map((o) => o.offset), [4, 4], 'after the last record: the end offset');
    const missing = await runCliToEnd(['reset', '--application-id', group, '--brokers', brokers.join(','), '--input-topics', 'no-such-topic']);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr, 'streamwise reset: input topic(s) not found: no-such-topic\n');
  } finally {
    await admin.disconnect();
    await cluster.close();
  }
});
