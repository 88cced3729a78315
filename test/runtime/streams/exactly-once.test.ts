// exactly_once_v2 end to end: processes killed with SIGKILL at random points mid-stream and
// restarted, then a read_committed reader nobody here wrote (kcat) checks the output: every input
// record's result exactly once, and the per-key count updates exactly 1..n (a store never holds
// an aborted record's effect), and each dead-lettered record is there exactly once. librdkafka's mock cluster accepts every transactional request but
// keeps none of their meaning (EndTxn writes no markers, Fetch reports no aborted transactions,
// TxnOffsetCommit stores nothing, InitProducerId fences nobody; src/rdkafka_mock_handlers.c), so
// there the same run can only show that nothing is lost.
import { strict as assert } from 'node:assert';
import { randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startApp, type AppProcess } from './helpers/app-process';
import { eosClusterKinds, type TestCluster } from './helpers/eos-clusters';
import { kafka, produce, randomName, type Msg } from './helpers/kafka-io';
import { readCommitted, type KcatRecord } from './helpers/read-committed';

const appFile = fileURLToPath(new URL('../../fixtures/streams/eos-app.ts', import.meta.url));
const KEYS = 16;

const chunk = (from: number, n: number): Msg[] => Array.from({ length: n }, (_, i) => ({ key: `k${(from + i) % KEYS}`, value: `v${from + i}` }));



/** The app's poison records (its mapValues throws; the handler dead-letters them). */
const poison = (value: string) => value.endsWith('7');
/** What the output topic must hold once: every non-poison input value, uppercased. */
const expectedOutput = (total: number) => chunk(0, total).map((m) => m.value ?? '').filter((v) => !poison(v)).map((v) => v.toUpperCase());
const expectedDeadLetters = (total: number) => chunk(0, total).map((m) => m.value ?? '').filter(poison);

/** Per key, the records the count saw: a poison record's error ends its processing at mapValues,
 *  the source's first child, before the count (its later sibling) gets it, as in Kafka Streams. */
function trueCounts(total: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of chunk(0, total)) if (!poison(m.value ?? '')) counts.set(m.key ?? '', (counts.get(m.key ?? '') ?? 0) + 1);
  return counts;
}

/** Produces chunk(from, 1), chunk(from + 1, 1), ... one send at a time (each after the last one's
 *  acks) until stop(), which resolves with the index after the last record produced. */
function streamInput(brokers: string[], topic: string, from: number): { stop(): Promise<number> } {
  const producer = kafka(brokers).producer();
  let next = from;
  let stopped = false;
  const run = (async () => {
    await producer.connect();
    try {
      while (!stopped) {
        const [m] = chunk(next, 1);
        if (m === undefined) break;
        await producer.send({ topic, acks: -1, messages: [{ key: m.key, value: m.value }] });
        next += 1;
      }
    } finally {
      await producer.disconnect();
    }
  })();
  return { stop: async () => { stopped = true; await run; return next; } };
}

/** Values seen more than once and expected values never seen. */
function exactlyOnce(records: readonly KcatRecord[], expected: readonly string[]): { duplicates: string[]; missing: string[] } {
  const seen = new Map<string, number>();
  for (const r of records) seen.set(r.value, (seen.get(r.value) ?? 0) + 1);
  const duplicates = [...seen].filter(([, n]) => n > 1).map(([v]) => v);
  const missing = expected.filter((v) => !seen.has(v));
  return { duplicates, missing };
}

/** Per key, the count updates in log order (one key lives in one partition). */
function countUpdates(records: readonly KcatRecord[]): Map<string, number[]> {
  const byKey = new Map<string, number[]>();
  for (const r of [...records].sort((a, b) => a.partition - b.partition || a.offset - b.offset)) {
    byKey.set(r.key, [...(byKey.get(r.key) ?? []), Number(r.value)]);
  }
  return byKey;
}

for (const kind of eosClusterKinds) describe(`exactly_once_v2 on the ${kind.name}`, () => {
  let cluster: TestCluster;
  const apps: AppProcess[] = [];
  before(async () => { cluster = await kind.start(); });
  after(async () => {
    for (const a of apps) await a.kill();
    await cluster.close();
  });

  const topics = () => ({ input: randomName('in'), output: randomName('out'), counts: randomName('counts'), dlq: randomName('dlq'), appId: randomName('eos') });
  const envFor = (instance: string, t: ReturnType<typeof topics>) => ({
    BROKERS: cluster.brokers.join(','), INPUT: t.input, OUTPUT: t.output, COUNTS: t.counts, DLQ: t.dlq, APP_ID: t.appId, INSTANCE_ID: instance,
  });
  const launch = (env: Record<string, string>) => {
    const a = startApp(appFile, env);
    apps.push(a);
    return a;
  };

  test('SIGKILL at random points mid-stream, restarts: every result exactly once, counts exact', async () => {
    const t = topics();
    await kind.createTopics(cluster.brokers, [t.input, t.output, t.counts, t.dlq]);
    const env = envFor('instance-a', t);
    const PER_ROUND = 800;
    const KILLS = 3;
    // The first round's input is there before the app starts (it creates the source topic).
    await produce(cluster.brokers, t.input, chunk(0, PER_ROUND));
    let produced = PER_ROUND;
    for (let round = 0; round < KILLS; round++) {
      const app = launch(env);
      await app.reached('RUNNING');
      if (round > 0) {
        await produce(cluster.brokers, t.input, chunk(produced, PER_ROUND));
        produced += PER_ROUND;
      }
      // A random point inside this round's input: committed output has passed it, the rest is in flight.
      const floor = expectedOutput(produced - PER_ROUND + randomInt(50, PER_ROUND / 2)).length;
      await readCommitted(cluster.brokers, t.output, { until: (r) => r.length >= floor });
      await app.kill();
      assert.equal(app.child.signalCode, 'SIGKILL');
    }
    const last = launch(env);
    await last.reached('RUNNING');
    await produce(cluster.brokers, t.input, chunk(produced, PER_ROUND));
    produced += PER_ROUND;
    const want = new Set(expectedOutput(produced));
    const seen = new Set<string>();
    let read = 0;
    await readCommitted(cluster.brokers, t.output, {
      until: (r) => {
        for (; read < r.length; read++) seen.add(r[read]?.value ?? '');
        return seen.size >= want.size;
      },
      timeoutMs: 90000,
    });
    // A graceful close commits the last transaction; then the topic's end is final.
    const exit = await last.stop();
    assert.equal(exit.code, 0, last.output());

    const output = await readCommitted(cluster.brokers, t.output);
    const { duplicates, missing } = exactlyOnce(output, expectedOutput(produced));
    assert.deepEqual(missing, [], 'no input record may be lost');
    const dead = exactlyOnce(await readCommitted(cluster.brokers, t.dlq), expectedDeadLetters(produced));
    assert.deepEqual(dead.missing, [], 'no dead letter may be lost');
    const updates = countUpdates(await readCommitted(cluster.brokers, t.counts));
    if (!kind.exactlyOnce) return;
    assert.deepEqual(duplicates, [], `read_committed output has ${duplicates.length} duplicated result(s)`);
    assert.equal(output.length, expectedOutput(produced).length);
    assert.deepEqual(dead.duplicates, [], 'each dead letter is committed with its offsets exactly once');
    for (const [key, n] of trueCounts(produced)) {
      assert.deepEqual(updates.get(key), Array.from({ length: n }, (_, i) => i + 1), `count updates of ${key}`);
    }
  });

  // A rebalance mid-stream moves partitions between live members: each commits before it rejoins.
  if (kind.exactlyOnce) test('a second instance joins and leaves mid-stream: the partitions that move stay exactly once', async () => {
    const t = topics();
    await kind.createTopics(cluster.brokers, [t.input, t.output, t.counts, t.dlq]);
    await produce(cluster.brokers, t.input, chunk(0, 1000));
    const first = launch(envFor('instance-a', t));
    await first.reached('RUNNING');
    await produce(cluster.brokers, t.input, chunk(1000, 1000));
    const second = launch(envFor('instance-b', t));
    await second.reached('RUNNING');
    await produce(cluster.brokers, t.input, chunk(2000, 1000));
    assert.equal((await second.stop()).code, 0, second.output());
    await produce(cluster.brokers, t.input, chunk(3000, 1000));
    await readCommitted(cluster.brokers, t.output, { until: (r) => new Set(r.map((x) => x.value)).size >= expectedOutput(4000).length, timeoutMs: 90000 });
    assert.equal((await first.stop()).code, 0, first.output());
    assert.deepEqual(exactlyOnce(await readCommitted(cluster.brokers, t.output), expectedOutput(4000)), { duplicates: [], missing: [] });
    const updates = countUpdates(await readCommitted(cluster.brokers, t.counts));
    for (const [key, n] of trueCounts(4000)) assert.deepEqual(updates.get(key), Array.from({ length: n }, (_, i) => i + 1), `count updates of ${key}`);
  });

  // KIP-447 and the restore: instance A (its own transactional id, so producer fencing cannot stop
  // it) stalls with SIGSTOP while input streams in, so most likely with a transaction open (its
  // output and changelog writes uncommitted), past its session, and B takes every task. B's restore
  // of A's tasks ends at the changelog's log end offset, so it waits for A's open transaction (which
  // pins the last stable offset) instead of stopping below it, and B starts from the stable
  // committed offsets. A comes back either after B committed the input (the coordinator's
  // transaction timeout aborted A's transaction: A is fenced, or, if none was open, rejoins and
  // restores what B committed), or at once (its transaction may still commit or abort).
  for (const resumeAfter of ['b committed the input', 'b took every task'] as const) {
    if (kind.exactlyOnce) test(`zombie of another instance: stalled past its session, resumed once ${resumeAfter}: output stays exactly once, counts exact`, async () => {
      const t = topics();
      await kind.createTopics(cluster.brokers, [t.input, t.output, t.counts, t.dlq]);
      await produce(cluster.brokers, t.input, chunk(0, 600));
      const a = launch(envFor('instance-a', t));
      await a.reached('RUNNING');
      const b = launch(envFor('instance-b', t));
      const owns = (app: AppProcess, n: number, after = 0) => (o: string) => app.assignments(o).length > after && app.assignments(o).at(-1)?.length === n;
      await b.until('2 tasks', owns(b, 2));
      await a.until('2 tasks', owns(a, 2));
      // Input keeps streaming in until A is stalled: A is stopped mid-stream, not idle.
      const feed = streamInput(cluster.brokers, t.input, 600);
      await readCommitted(cluster.brokers, t.output, { until: (r) => r.length >= expectedOutput(700).length });
      a.pause();
      let produced = await feed.stop();
      await b.until('every task once a\'s session ran out', owns(b, 4, b.assignments().length), 60000);
      await produce(cluster.brokers, t.input, chunk(produced, 600));
      produced += 600;
      if (resumeAfter === 'b committed the input') {
        await readCommitted(cluster.brokers, t.output, { until: (r) => new Set(r.map((x) => x.value)).size >= expectedOutput(produced).length, timeoutMs: 60000 });
      }
      const seenByA = a.assignments().length;
      a.resume();
      // A rejoins (a new assignment) or ends fenced (exit 3).
      await a.until('a new assignment after the stall', (o) => a.assignments(o).length > seenByA, 60000).catch(() => undefined);
      assert.ok(a.assignments().length > seenByA || a.child.exitCode !== null, `a neither rejoined nor ended:\n${a.output()}`);
      await produce(cluster.brokers, t.input, chunk(produced, 600));
      produced += 600;
      await readCommitted(cluster.brokers, t.output, { until: (r) => new Set(r.map((x) => x.value)).size >= expectedOutput(produced).length, timeoutMs: 90000 });
      const refused = /refused the offsets \((ILLEGAL_GENERATION|UNKNOWN_MEMBER_ID)\)/.exec(a.output())?.[1];
      process.stdout.write(`# a after the stall: ${a.child.exitCode === 3 ? 'fenced (ERROR)' : 'rejoined'}; its old generation's commit ${refused === undefined ? 'was not attempted' : `was refused with ${refused}`}; ${produced} records\n`);
      assert.equal((await b.stop()).code, 0, b.output());
      assert.ok([0, 3].includes((await a.stop()).code ?? -1), a.output());
      assert.deepEqual(exactlyOnce(await readCommitted(cluster.brokers, t.output), expectedOutput(produced)), { duplicates: [], missing: [] });
      const updates = countUpdates(await readCommitted(cluster.brokers, t.counts));
      for (const [key, n] of trueCounts(produced)) assert.deepEqual(updates.get(key), Array.from({ length: n }, (_, i) => i + 1), `count updates of ${key}`);
    });
  }

  // Only where InitProducerId fences (the mock hands every caller a new producer id).
  if (kind.fences) test('zombie: a second process with the same instance id fences the first, which stops; output stays exactly once', async () => {
    const t = topics();
    await kind.createTopics(cluster.brokers, [t.input, t.output, t.counts, t.dlq]);
    const env = envFor('same-instance', t);
    await produce(cluster.brokers, t.input, chunk(0, 400));
    const zombie = launch(env);
    await zombie.reached('RUNNING');
    await readCommitted(cluster.brokers, t.output, { until: (r) => r.length >= expectedOutput(400).length });
    const successor = launch(env);
    // Its InitProducerId fenced the zombie before it joined; the zombie notices at its next send
    // (input on the partitions it still holds) and stops, and the successor takes everything.
    await successor.reached('RUNNING');
    await produce(cluster.brokers, t.input, chunk(400, 400));
    const gone = await zombie.exited(30000).catch((e: unknown) => { throw new Error(`${String(e)}\nsuccessor:\n${successor.output()}`); });
    assert.equal(gone.code, 3, `the fenced process ends in ERROR:\n${zombie.output()}`);
    assert.match(zombie.output(), /fenced by another process with instance id same-instance/);
    await produce(cluster.brokers, t.input, chunk(800, 400));
    await readCommitted(cluster.brokers, t.output, { until: (r) => new Set(r.map((x) => x.value)).size >= expectedOutput(1200).length, timeoutMs: 90000 });
    assert.equal((await successor.stop()).code, 0, successor.output());
    const output = await readCommitted(cluster.brokers, t.output);
    assert.deepEqual(exactlyOnce(output, expectedOutput(1200)), { duplicates: [], missing: [] });
    assert.deepEqual(exactlyOnce(await readCommitted(cluster.brokers, t.dlq), expectedDeadLetters(1200)), { duplicates: [], missing: [] });
    const updates = countUpdates(await readCommitted(cluster.brokers, t.counts));
    for (const [key, n] of trueCounts(1200)) assert.deepEqual(updates.get(key), Array.from({ length: n }, (_, i) => i + 1), `count updates of ${key}`);
  });
});
