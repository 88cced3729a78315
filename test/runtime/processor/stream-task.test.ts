// The engine (interface 1) used directly, as KafkaStreams uses it: raw records in, collector out.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import {
  DLQ_HEADERS,
  LATENCY_SAMPLE_EVERY,
  planOf,
  Serdes,
  StreamsBuilder,
  type Serde,
  StreamsProcessingError,
  StreamTask,
  type ExceptionHandler,
  type OutgoingRecord,
  type RawRecord,
  type TaskOptions,
  type Topology,
} from 'streamwise';

function raw(topic: string, offset: number, key: string | null, value: string | null, timestamp = 0): RawRecord {
  return {
    topic,
    partition: 3,
    offset,
    timestamp,
    key: key === null ? null : Buffer.from(key),
    value: value === null ? null : Buffer.from(value),
    headers: {},
  };
}

function task(topology: Topology, subTopology: number, extra: Partial<TaskOptions> = {}): { task: StreamTask; sent: OutgoingRecord[]; warnings: string[] } {
  const sent: OutgoingRecord[] = [];
  const warnings: string[] = [];
  const t = new StreamTask(topology, {
    applicationId: 'app',
    subTopology,
    partition: 3,
    collector: { send: (r) => sent.push(r) },
    internalTopicName: (n) => `app-${n}`,
    processingExceptionHandler: 'fail',
    deserializationExceptionHandler: 'fail',
    logger: { debug: () => {}, info: () => {}, warn: (m) => warnings.push(m), error: () => {} },
    ...extra,
  });
  return { task: t, sent, warnings };
}

function wordCount(): Topology {
  const b = new StreamsBuilder();
  b.stream('text')
    .flatMapValues((v) => v.split(' '))
    .groupBy((_k, w) => w)
    .count({ name: 'counts' })
    .toStream()
    .to('counts-out', { valueSerde: Serdes.Number() });
  return b.build();
}

test('planOf lists sub-topologies with source, sink, internal topics and store changelogs', () => {
  assert.deepEqual(planOf(wordCount()), [
    { id: 0, sourceTopics: ['text'], internalSourceTopics: [], sinkTopics: ['counts-repartition'], internalSinkTopics: ['counts-repartition'], stores: [] },
    {
      id: 1,
      sourceTopics: ['counts-repartition'],
      internalSourceTopics: ['counts-repartition'],
      sinkTopics: ['counts-out'],
      internalSinkTopics: [],
      stores: [{ name: 'counts', changelogTopic: 'counts-changelog', changelogConfigs: { 'cleanup.policy': 'compact' } }],
    },
  ]);
});

test('a task sends sink and repartition records through the collector with real internal names', () => {
  const topology = wordCount();
  const first = task(topology, 0);
  first.task.process(raw('text', 7, null, 'a b', 100));
  assert.deepEqual(
    first.sent.map((r) => [r.topic, r.key?.toString(), r.value?.toString(), r.timestamp, r.partition]),
    [
      ['app-counts-repartition', 'a', 'a', 100, undefined],
      ['app-counts-repartition', 'b', 'b', 100, undefined],
    ],
  );
  const second = task(topology, 1);
  for (const [i, r] of first.sent.entries()) second.task.process({ ...r, partition: 3, offset: i, key: r.key, value: r.value });
  second.task.process(raw('app-counts-repartition', 2, 'a', 'a', 101));
  const byTopic = (t: string, serde: Serde<number>) => second.sent.filter((r) => r.topic === t).map((r) => [r.key?.toString(), r.value === null ? null : serde.deserialize(r.value)]);
  assert.deepEqual(byTopic('counts-out', Serdes.Number()), [['a', 1], ['b', 1], ['a', 2]]);
  // The changelog is in Java's Long format whatever the sink's serde.
  assert.deepEqual(byTopic('app-counts-changelog', Serdes.Long()), [['a', 1], ['b', 1], ['a', 2]]);
  assert.ok(second.sent.filter((r) => r.topic === 'app-counts-changelog').every((r) => r.partition === 3));
  assert.deepEqual(second.task.store('counts')?.all(), [['a', 2], ['b', 1]]);
});

test('restore applies changelog records without emitting; a null value deletes', () => {
  const { task: t, sent } = task(wordCount(), 1);
  t.restore('counts', Buffer.from('a'), Serdes.Long().serialize(41));
  t.restore('counts', Buffer.from('z'), Serdes.Long().serialize(1));
  t.restore('counts', Buffer.from('z'), null);
  assert.deepEqual(sent, []);
  t.process(raw('app-counts-repartition', 0, 'a', 'a'));
  assert.equal(t.store('counts')?.get('a'), 42);
  assert.equal(t.store('counts')?.get('z'), null);
});

function throwing(): Topology {
  const b = new StreamsBuilder();
  b.stream('in')
    .mapValues((v) => {
      if (v === 'boom') throw new Error('bad record');
      return v.toUpperCase();
    })
    .to('out');
  return b.build();
}

test("under 'fail' a processing error is a StreamsProcessingError naming topic, partition, offset and node", () => {
  const { task: t } = task(throwing(), 0);
  assert.throws(
    () => t.process(raw('in', 5, 'k', 'boom')),
    (e: unknown) =>
      e instanceof StreamsProcessingError &&
      e.topic === 'in' &&
      e.partition === 3 &&
      e.offset === 5 &&
      e.node === 'KSTREAM-MAPVALUES-0000000001' &&
      e.message === 'processing failed in node KSTREAM-MAPVALUES-0000000001 (topic in, partition 3, offset 5): bad record',
  );
});

test("under 'continue' the bad record is logged and skipped", () => {
  const { task: t, sent, warnings } = task(throwing(), 0, { processingExceptionHandler: 'continue' });
  t.process(raw('in', 0, 'k', 'boom'));
  t.process(raw('in', 1, 'k', 'ok'));
  assert.deepEqual(sent.map((r) => r.value?.toString()), ['OK']);
  assert.deepEqual(warnings, ['skipped a record after a processing error']);
});

test('a dead-letter topic gets the original record with headers naming the error', () => {
  const dlq: ExceptionHandler = { deadLetterTopic: 'dlq' };
  const { task: t, sent } = task(throwing(), 0, { processingExceptionHandler: dlq });
  t.process({ ...raw('in', 9, 'k', 'boom', 55), headers: { trace: Buffer.from('t1') } });
  assert.equal(sent.length, 1);
  const [d] = sent;
  assert.equal(d?.topic, 'dlq');
  assert.equal(d?.value?.toString(), 'boom');
  assert.equal(d?.key?.toString(), 'k');
  assert.equal(d?.timestamp, 55);
  const h = (name: string) => d?.headers[name]?.toString();
  assert.equal(h('trace'), 't1');
  assert.equal(h(DLQ_HEADERS.exception), 'StreamsProcessingError');
  assert.match(h(DLQ_HEADERS.message) ?? '', /bad record/);
  assert.equal(h(DLQ_HEADERS.topic), 'in');
  assert.equal(h(DLQ_HEADERS.partition), '3');
  assert.equal(h(DLQ_HEADERS.offset), '9');
  assert.equal(h(DLQ_HEADERS.node), 'KSTREAM-MAPVALUES-0000000001');
});

test('deserialization errors follow the deserialization handler', () => {
  const b = new StreamsBuilder();
  b.stream('in', { valueSerde: Serdes.Number() }).to('out', { valueSerde: Serdes.Number() });
  const topology = b.build();
  const failing = task(topology, 0);
  assert.throws(() => failing.task.process(raw('in', 4, 'k', 'abc')), /Number serde failed to deserialize the value \(topic in, partition 3, offset 4\)/);
  const skipping = task(topology, 0, { deserializationExceptionHandler: 'continue' });
  skipping.task.process(raw('in', 4, 'k', 'abc'));
  assert.deepEqual(skipping.sent, []);
  const dead = task(topology, 0, { deserializationExceptionHandler: { deadLetterTopic: 'bad-input' } });
  dead.task.process(raw('in', 4, 'k', 'abc'));
  assert.equal(dead.sent[0]?.topic, 'bad-input');
  assert.equal(dead.sent[0]?.headers[DLQ_HEADERS.exception]?.toString(), 'SerdeError');
});

test('a record for a topic the sub-topology does not read is refused clearly', () => {
  const { task: t } = task(throwing(), 0);
  assert.throws(() => t.process(raw('other', 0, 'k', 'v')), /sub-topology 0 does not read topic other \(reads: in\)/);
});

test('metrics see processed and failed records', () => {
  const seen: string[] = [];
  const { task: t } = task(throwing(), 0, {
    processingExceptionHandler: 'continue',
    metrics: {
      recordProcessed: (topic) => seen.push(`ok ${topic}`),
      recordFailed: (node, kind, handled) => seen.push(`fail ${node} ${kind} ${handled}`),
    },
  });
  t.process(raw('in', 0, 'k', 'v'));
  t.process(raw('in', 1, 'k', 'boom'));
  assert.deepEqual(seen, ['ok in', 'fail KSTREAM-MAPVALUES-0000000001 processing true']);
});

test('nodeMetrics counts records in and out per node and errors where they started', () => {
  const { task: t } = task(throwing(), 0, { processingExceptionHandler: 'continue' });
  t.process(raw('in', 0, 'k', 'a'));
  t.process(raw('in', 1, 'k', 'boom'));
  t.process(raw('in', 2, 'k', 'b'));
  const counts = t.nodeMetrics().map(({ node, recordsIn, recordsOut, errors }) => ({ node, recordsIn, recordsOut, errors }));
  assert.deepEqual(counts, [
    { node: 'KSTREAM-SOURCE-0000000000', recordsIn: 3, recordsOut: 3, errors: 0 },
    { node: 'KSTREAM-MAPVALUES-0000000001', recordsIn: 3, recordsOut: 2, errors: 1 },
    { node: 'KSTREAM-SINK-0000000002', recordsIn: 2, recordsOut: 2, errors: 0 },
  ]);
});

test('per-node latency is sampled on the first record and every LATENCY_SAMPLE_EVERY-th after', () => {
  const { task: t } = task(throwing(), 0);
  for (let i = 0; i < 2 * LATENCY_SAMPLE_EVERY + 1; i++) t.process(raw('in', i, 'k', `v${i}`));
  for (const n of t.nodeMetrics()) {
    assert.equal(n.latencySamples, 3, n.node);
    assert.ok(n.latencyTotalMs >= 0, n.node);
  }
});

test('a deserialization error counts at the source node, a sink serialization error at the sink', () => {
  const b = new StreamsBuilder();
  b.stream('in', { valueSerde: Serdes.JSON<unknown>() }).to('out', { valueSerde: Serdes.Number() });
  const { task: t } = task(b.build(), 0, { processingExceptionHandler: 'continue', deserializationExceptionHandler: 'continue' });
  t.process(raw('in', 0, 'k', '{bad'));
  t.process(raw('in', 1, 'k', '"not a number"'));
  t.process(raw('in', 2, 'k', '7'));
  const counts = t.nodeMetrics().map(({ node, recordsIn, recordsOut, errors }) => ({ node, recordsIn, recordsOut, errors }));
  assert.deepEqual(counts, [
    { node: 'KSTREAM-SOURCE-0000000000', recordsIn: 2, recordsOut: 2, errors: 1 },
    { node: 'KSTREAM-SINK-0000000001', recordsIn: 2, recordsOut: 1, errors: 1 },
  ]);
});

test('an unknown sub-topology id is refused', () => {
  assert.throws(() => task(throwing(), 4), /the topology has no sub-topology 4/);
});
