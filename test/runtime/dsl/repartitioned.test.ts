// repartition({ name, numberOfPartitions, streamPartitioner }) as Kafka's Repartitioned: names and
// describe() text, the build-time and start-time partition checks (InternalTopologyBuilder
// .validateCopartition, CopartitionedTopicsEnforcer) and the partitioner in the test driver.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { JoinWindows, planOf, Serdes, StreamsBuilder, TopologyError } from 'streamwise';
import { TopologyTestDriver } from 'streamwise/testing';
import { resolvePlan } from '../../../runtime/src/streams/internal-topics';

const tenSeconds = JoinWindows.ofTimeDifferenceWithNoGrace(10_000);

test('a named repartition with numberOfPartitions describes as Kafka (counts are not in the text) and records the count in the model', () => {
  const b = new StreamsBuilder();
  b.stream('input').repartition({ name: 'new-partitions', numberOfPartitions: 2 }).groupByKey().count().toStream().to('output');
  const d = b.build().describe();
  assert.equal(d.toString(), [
    'Topologies:',
    '   Sub-topology: 0',
    '    Source: KSTREAM-SOURCE-0000000000 (topics: [input])',
    '      --> new-partitions-repartition-filter',
    '    Processor: new-partitions-repartition-filter (stores: [])',
    '      --> new-partitions-repartition-sink',
    '      <-- KSTREAM-SOURCE-0000000000',
    '    Sink: new-partitions-repartition-sink (topic: new-partitions-repartition)',
    '      <-- new-partitions-repartition-filter',
    '',
    '  Sub-topology: 1',
    '    Source: new-partitions-repartition-source (topics: [new-partitions-repartition])',
    '      --> KSTREAM-AGGREGATE-0000000005',
    '    Processor: KSTREAM-AGGREGATE-0000000005 (stores: [KSTREAM-AGGREGATE-STATE-STORE-0000000004])',
    '      --> KTABLE-TOSTREAM-0000000006',
    '      <-- new-partitions-repartition-source',
    '    Processor: KTABLE-TOSTREAM-0000000006 (stores: [])',
    '      --> KSTREAM-SINK-0000000007',
    '      <-- KSTREAM-AGGREGATE-0000000005',
    '    Sink: KSTREAM-SINK-0000000007 (topic: output)',
    '      <-- KTABLE-TOSTREAM-0000000006',
    '',
    '',
  ].join('\n'));
  const sink = d.toJSON().subTopologies[0]?.nodes.find((n) => n.kind === 'sink');
  assert.deepEqual(sink, { name: 'new-partitions-repartition-sink', successors: [], predecessors: ['new-partitions-repartition-filter'], kind: 'sink', topic: 'new-partitions-repartition', internal: true, numberOfPartitions: 2 });
});

// KStreamRepartitionTest.shouldThrowAnExceptionWhenNumberOfPartitionsOfRepartitionOperationsDoNotMatchWhenJoining
test('joining two repartitions of different numberOfPartitions fails at build with Kafka\'s message', () => {
  const b = new StreamsBuilder();
  const topicB = b.stream('topic-b').repartition({ name: 'topic-b-scale-up', numberOfPartitions: 2 });
  b.stream('input').repartition({ name: 'input-topic-scale-up', numberOfPartitions: 4 }).join(topicB, (_v1, v2) => v2, tenSeconds).to('topic-output');
  assert.throws(() => b.build(), (e: Error) => {
    assert.ok(e instanceof TopologyError);
    assert.match(e.message, /Following topics do not have the same number of partitions: \[\{input-topic-scale-up-repartition=4, topic-b-scale-up-repartition=2\}\]/);
    return true;
  });
  // Equal counts build (KStreamRepartitionIntegrationTest.shouldDoProperJoiningWhenNumberOfPartitionsAreValidWhenUsingRepartitionOperation).
  const ok = new StreamsBuilder();
  const right = ok.stream('topic-b').repartition({ name: 'topic-b-scale-up', numberOfPartitions: 4 });
  ok.stream('input').repartition({ name: 'input-topic-scale-up', numberOfPartitions: 4 }).join(right, (_v1, v2) => v2, tenSeconds).to('topic-output');
  const p = resolvePlan('app', planOf(ok.build()), new Map([['input', 1], ['topic-b', 1]]), ok.build().describe().toJSON().copartitionGroups);
  assert.deepEqual(p.internalTopics.filter((t) => t.topic.endsWith('-repartition')), [
    { topic: 'app-topic-b-scale-up-repartition', partitions: 4 },
    { topic: 'app-input-topic-scale-up-repartition', partitions: 4 },
  ]);
});

test('numberOfPartitions and streamPartitioner are checked at build', () => {
  for (const [n, message] of [[0, /Number of partitions must be at least 1\. \(numberOfPartitions: 0\)/], [1.5, /numberOfPartitions must be an integer, got 1\.5/]] as const) {
    const b = new StreamsBuilder();
    b.stream('in').repartition({ numberOfPartitions: n }).to('out');
    assert.throws(() => b.build(), message);
  }
  const b = new StreamsBuilder();
  b.stream('in').repartition({ streamPartitioner: 'p' as never }).to('out');
  assert.throws(() => b.build(), /streamPartitioner must be a function \(topic, key, value, numPartitions\) => partition, got string/);
});

// KStreamRepartitionIntegrationTest.shouldThrowAnExceptionWhenNumberOfPartitionsOfRepartitionOperationDoNotMatchSourceTopicWhenJoining
// and CopartitionedTopicsEnforcerTest: an enforced count must match the source topics of the join.
test('start-time enforcement: an enforced count that differs from the joined source topic fails; others take it', () => {
  const b = new StreamsBuilder();
  const topicB = b.stream('topic-b');
  b.stream('input').repartition({ name: 'join-repartition-test', numberOfPartitions: 2 }).join(topicB, (_v1, v2) => v2, tenSeconds).to('output');
  const t = b.build();
  const groups = t.describe().toJSON().copartitionGroups;
  assert.throws(() => resolvePlan('app', planOf(t), new Map([['input', 4], ['topic-b', 6]]), groups), (e: Error) => {
    assert.equal(e.name, 'CopartitionError');
    assert.equal(e.message, "Number of partitions [2] of repartition topic [app-join-repartition-test-repartition] doesn't match number of partitions [6] of the source topic.");
    return true;
  });
  assert.equal(resolvePlan('app', planOf(t), new Map([['input', 4], ['topic-b', 2]]), groups).subTopologies.find((s) => s.sourceTopics.includes('topic-b'))?.partitions, 2);

  // KStreamRepartitionIntegrationTest.shouldDeductNumberOfPartitionsFromRepartitionOperation (and
  // CopartitionedTopicsEnforcerTest.shouldDeductNumberOfPartitionsFromRepartitionTopicWithEnforcedNumberOfPartitions):
  // the other side's join repartition takes the enforced 3, not its writer's 6.
  const b2 = new StreamsBuilder();
  const mapped = b2.stream('topic-b').map((k, v) => [k, v], { name: 'topic-b-mapper' });
  b2.stream('input').repartition({ name: 'join-repartition-test', numberOfPartitions: 3 }).join(mapped, (_v1, v2) => v2, tenSeconds).to('output');
  const t2 = b2.build();
  const p2 = resolvePlan('app', planOf(t2), new Map([['input', 4], ['topic-b', 6]]), t2.describe().toJSON().copartitionGroups);
  assert.deepEqual(p2.internalTopics.filter((x) => x.topic.endsWith('-repartition')).sort((x, y) => (x.topic < y.topic ? -1 : 1)), [
    { topic: 'app-join-repartition-test-repartition', partitions: 3 },
    { topic: 'app-topic-b-mapper-repartition', partitions: 3 },
  ]);

  // KStreamRepartitionIntegrationTest.shouldCreateRepartitionTopicWithSpecifiedNumberOfPartitions /
  // shouldInheritRepartitionTopicPartitionNumberFromUpstreamTopicWhenNumberOfPartitionsIsNotSpecified.
  for (const [n, expected] of [[2, 2], [undefined, 4]] as const) {
    const b3 = new StreamsBuilder();
    b3.stream('input').repartition({ name: 'new-partitions', ...(n === undefined ? {} : { numberOfPartitions: n }) }).groupByKey().count().toStream().to('output');
    const p3 = resolvePlan('app', planOf(b3.build()), new Map([['input', 4]]));
    assert.deepEqual(p3.internalTopics[0], { topic: 'app-new-partitions-repartition', partitions: expected });
    assert.deepEqual(p3.subTopologies.map((s) => s.partitions), [4, expected]);
  }
});

// CopartitionedTopicsEnforcerTest.shouldThrowAnExceptionIfRepartitionTopicConfigsWithEnforcedNumOfPartitionsHaveDifferentNumOfPartitions,
// at start: the join's sides are a repartition() and a join repartition of a key change.
test('start-time enforcement: only repartition topics, some enforced: they must agree (Following topics ...)', () => {
  const b = new StreamsBuilder();
  const left = b.stream('l').repartition({ name: 'left', numberOfPartitions: 3 });
  const right = b.stream('r').selectKey((_k, v) => v).repartition({ name: 'right', numberOfPartitions: 5 }).selectKey((k) => k);
  left.join(right, (x, y) => x + y, tenSeconds, { name: 'lr' }).to('o');
  const t = b.build();
  const groups = t.describe().toJSON().copartitionGroups;
  assert.deepEqual(groups, [['left-repartition', 'lr-right-repartition']]);
  // One enforced (3), one computed from its writer (5 via right-repartition): the computed one takes 3.
  const p = resolvePlan('app', planOf(t), new Map([['l', 1], ['r', 1]]), groups);
  assert.deepEqual(p.internalTopics.filter((x) => x.topic.endsWith('-repartition')).map((x) => [x.topic, x.partitions]).sort(), [['app-left-repartition', 3], ['app-lr-right-repartition', 3], ['app-right-repartition', 5]]);
});

// KStreamRepartitionTest.shouldInvokePartitionerWhenSet: the partitioner is called per record; the
// driver (one task) still processes every partition.
test('the driver calls the stream partitioner with the topic and its numberOfPartitions; bad answers fail with a clear error', () => {
  const calls: [string, unknown, unknown, number][] = [];
  const b = new StreamsBuilder();
  b.stream('input', { keySerde: Serdes.Integer() }).repartition({
    name: 'test',
    numberOfPartitions: 3,
    streamPartitioner: (topic, key, value, n) => {
      calls.push([topic, key, value, n]);
      return key === 7 ? 5 : 1;
    },
  }).to('output', { keySerde: Serdes.Integer() });
  const d = new TopologyTestDriver(b.build(), { applicationId: 'app', initialWallClockTimeMs: 0 });
  const input = d.createInputTopic('input', Serdes.Integer(), Serdes.String());
  input.pipeInput(0, 'X0', 10);
  input.pipeInput(1, 'X1', 11);
  assert.deepEqual(calls, [['app-test-repartition', 0, 'X0', 3], ['app-test-repartition', 1, 'X1', 3]]);
  const repartition = d.createOutputTopic('app-test-repartition', Serdes.Integer(), Serdes.String());
  assert.deepEqual(repartition.readRecordsToList(), [{ key: 0, value: 'X0', timestamp: 10, headers: {} }, { key: 1, value: 'X1', timestamp: 11, headers: {} }]);
  assert.deepEqual(d.createOutputTopic('output', Serdes.Integer(), Serdes.String()).readKeyValuesToList(), [[0, 'X0'], [1, 'X1']]);
  assert.throws(() => input.pipeInput(7, 'X7', 12), /stream partitioner returned 5 for topic app-test-repartition, which has 3 partitions: expected an integer from 0 to 2, or null for the default partitioner/);

  // Without numberOfPartitions the driver's topics have one partition, as Kafka's driver.
  const seen: number[] = [];
  const b2 = new StreamsBuilder();
  b2.stream('input').repartition({ streamPartitioner: (_t, _k, _v, n) => (seen.push(n), null) }).to('output');
  const d2 = new TopologyTestDriver(b2.build());
  d2.createInputTopic('input').pipeInput('k', 'v');
  assert.deepEqual(seen, [1]);
  assert.deepEqual(d2.createOutputTopic('output').readKeyValuesToList(), [['k', 'v']]);
});
