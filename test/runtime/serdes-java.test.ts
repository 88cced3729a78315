// Java interop of the Java-compatible serdes, checked against a real JVM (test/fixtures/java/
// JavaSerdes.java, run with the JDK's single-file launcher): what Streamwise writes, Java reads,
// and the other way round. CI installs the JDK (.ci/run); without `java` this test fails.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { KafkaStreams, Serdes, StreamsBuilder } from 'streamwise';
import { startDevCluster } from 'streamwise/devcluster';
import { consumeUntil, createTopics, produce, randomName } from './streams/helpers/kafka-io';
import { tempStateDir } from './streams/helpers/state-dir';

const FIXTURE = new URL('../fixtures/java/JavaSerdes.java', import.meta.url).pathname;

/** Sends request lines to the JVM peer; returns its answer lines. */
export function java(lines: string[]): string[] {
  const r = spawnSync('java', [FIXTURE], { input: `${lines.join('\n')}\n`, encoding: 'utf8', timeout: 60000, killSignal: 'SIGKILL' });
  if (r.error !== undefined) throw new Error(`could not run java (install a JDK): ${r.error.message}`);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trimEnd().split('\n');
}

const hex = (b: Buffer): string => b.toString('hex');

test('Long, Integer, Double, UUID and windowed keys written here read the same in Java', () => {
  const longs = [0, 1, -1, 42, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER];
  const big = [2n ** 63n - 1n, -(2n ** 63n), 2n ** 53n + 1n];
  const ints = [0, 1, -1, 2147483647, -2147483648];
  const doubles = [0, 1.5, -2.25, 1e300];
  const uuid = '123e4567-e89b-12d3-a456-426614174000';
  const requests = [
    ...longs.map((n) => `dec long ${hex(Serdes.Long().serialize(n))}`),
    ...big.map((n) => `dec long ${hex(Serdes.Long({ bigint: true }).serialize(n))}`),
    ...ints.map((n) => `dec int ${hex(Serdes.Integer().serialize(n))}`),
    ...doubles.map((n) => `dec double ${hex(Serdes.Double().serialize(n))}`),
    `dec uuid ${hex(Serdes.UUID().serialize(uuid.toUpperCase()))}`,
    `dec timewindowed ${hex(Serdes.TimeWindowed(Serdes.String(), 100).serialize({ key: 'page', window: { start: 1700000000000, end: 1700000000100 } }))}`,
    `dec sessionwindowed ${hex(Serdes.SessionWindowed(Serdes.String()).serialize({ key: 'user', window: { start: 5, end: 20 } }))}`,
  ];
  assert.deepEqual(java(requests), [
    ...longs.map(String), ...big.map(String), ...ints.map(String),
    '0.0', '1.5', '-2.25', '1.0E300',
    uuid, 'page 1700000000000', 'user 5 20',
  ]);
});

test('what Java writes reads back here', () => {
  const answers = java(['enc long 9007199254740993', 'enc long -5', 'enc int -7', 'enc double 0.1', 'enc uuid 123E4567-E89B-12D3-A456-426614174000']);
  const bytes = answers.map((h) => Buffer.from(h, 'hex'));
  assert.equal(Serdes.Long({ bigint: true }).deserialize(bytes[0] ?? Buffer.alloc(0)), 9007199254740993n);
  assert.throws(() => Serdes.Long().deserialize(bytes[0] ?? Buffer.alloc(0)), /past 2\^53 .*Serdes\.Long\(\{ bigint: true \}\)/);
  assert.equal(Serdes.Long().deserialize(bytes[1] ?? Buffer.alloc(0)), -5);
  assert.equal(Serdes.Integer().deserialize(bytes[2] ?? Buffer.alloc(0)), -7);
  assert.equal(Serdes.Double().deserialize(bytes[3] ?? Buffer.alloc(0)), 0.1);
  assert.equal(Serdes.UUID().deserialize(bytes[4] ?? Buffer.alloc(0)), '123e4567-e89b-12d3-a456-426614174000');
});

test('on the dev cluster: Java reads a count() and its changelog as Longs', async () => {
  const cluster = await startDevCluster({ port: 0, defaultPartitions: 4 });
  const input = randomName('in');
  const output = randomName('out');
  const appId = randomName('counts');
  try {
    const b = new StreamsBuilder();
    b.stream(input).groupByKey().count({ name: 'counts' }).toStream().to(output);
    await createTopics(cluster.bootstrapServers, [input]);
    await produce(cluster.bootstrapServers, input, [{ key: 'a', value: 'x' }, { key: 'a', value: 'y' }, { key: 'b', value: 'z' }]);
    const app = new KafkaStreams(b.build(), { stateDir: tempStateDir(), applicationId: appId, bootstrapServers: cluster.bootstrapServers, commitIntervalMs: 100 });
    await app.start();
    try {
      const out = await consumeUntil(cluster.bootstrapServers, output, (r) => r.length >= 3);
      const changelog = await consumeUntil(cluster.bootstrapServers, `${appId}-counts-changelog`, (r) => r.length >= 3);
      const decoded = java([...out, ...changelog].map((r) => `dec long ${(r.valueBytes ?? Buffer.alloc(0)).toString('hex')}`));
      const byKey = (rs: typeof out, values: string[]) => rs.map((r, i) => `${r.key}=${values[i]}`).sort();
      assert.deepEqual(byKey(out, decoded.slice(0, 3)), ['a=1', 'a=2', 'b=1']);
      assert.deepEqual(byKey(changelog, decoded.slice(3)), ['a=1', 'a=2', 'b=1']);
    } finally {
      assert.equal(await app.close({ timeoutMs: 30000 }), true);
    }
  } finally {
    await cluster.close();
  }
});
