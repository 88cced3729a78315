// Stream-stream windowed joins, ported from Kafka's KStreamKStreamJoinTest, KStreamKStreamLeftJoinTest,
// KStreamKStreamOuterJoinTest and TopologyTest (same inputs, timestamps and expected outputs), with
// the literal describe() texts.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { JoinWindows, Serdes, StreamsBuilder, type KStream } from 'streamwise';
import { TopologyTestDriver } from 'streamwise/testing';

const expectedKeys = [0, 1, 2, 3];
// MockValueJoiner.TOSTRING_JOINER: Java prints a null partner as "null".
const TOSTRING = (a: unknown, b: unknown): string => `${String(a)}+${String(b)}`;

type Kind = 'join' | 'leftJoin' | 'outerJoin';

function setUp(kind: Kind, windows: JoinWindows, otherSerde: 'string' | 'long' = 'string') {
  const b = new StreamsBuilder();
  const s1 = b.stream<number, string>('topic1', { keySerde: Serdes.Integer() });
  const s2 = otherSerde === 'long'
    ? (b.stream<number, number>('topic2', { keySerde: Serdes.Integer(), valueSerde: Serdes.Long() }) as KStream<number, unknown>)
    : (b.stream<number, string>('topic2', { keySerde: Serdes.Integer() }) as KStream<number, unknown>);
  const options = { keySerde: Serdes.Integer(), valueSerde: Serdes.String(), otherValueSerde: otherSerde === 'long' ? Serdes.Long() : Serdes.String() };
  const joined = kind === 'join' ? s1.join(s2, TOSTRING, windows, options) : kind === 'leftJoin' ? s1.leftJoin(s2, TOSTRING, windows, options) : s1.outerJoin(s2, TOSTRING, windows, options);
  joined.to('out', { keySerde: Serdes.Integer(), valueSerde: Serdes.String() });
  const d = new TopologyTestDriver(b.build(), { initialWallClockTimeMs: 0 });
  const in1 = d.createInputTopic('topic1', Serdes.Integer(), Serdes.String());
  const in2 = d.createInputTopic('topic2', Serdes.Integer(), otherSerde === 'long' ? (Serdes.Long() as never) : Serdes.String());
  const out = d.createOutputTopic('out', Serdes.Integer(), Serdes.String());
  const read = () => out.readRecordsToList().map((r) => [r.key, r.value, r.timestamp]);
  return { d, in1, in2: in2 as { pipeInput(k: number | null, v: unknown, ts?: number): void }, read };
}

test('inner join (KStreamKStreamJoinTest.testJoin)', () => {
  const t = setUp('join', JoinWindows.ofTimeDifferenceWithNoGrace(100));
  for (const k of [0, 1]) t.in1.pipeInput(k, `A${k}`, 0);
  assert.deepEqual(t.read(), []);
  for (const k of [0, 1]) t.in2.pipeInput(k, `a${k}`, 0);
  assert.deepEqual(t.read(), [[0, 'A0+a0', 0], [1, 'A1+a1', 0]]);
  for (const k of expectedKeys) t.in1.pipeInput(k, `B${k}`, 0);
  assert.deepEqual(t.read(), [[0, 'B0+a0', 0], [1, 'B1+a1', 0]]);
  for (const k of expectedKeys) t.in2.pipeInput(k, `b${k}`, 0);
  assert.deepEqual(t.read(), [[0, 'A0+b0', 0], [0, 'B0+b0', 0], [1, 'A1+b1', 0], [1, 'B1+b1', 0], [2, 'B2+b2', 0], [3, 'B3+b3', 0]]);
  for (const k of expectedKeys) t.in1.pipeInput(k, `C${k}`, 0);
  assert.deepEqual(t.read(), [[0, 'C0+a0', 0], [0, 'C0+b0', 0], [1, 'C1+a1', 0], [1, 'C1+b1', 0], [2, 'C2+b2', 0], [3, 'C3+b3', 0]]);
  for (const k of [0, 1]) t.in2.pipeInput(k, `c${k}`, 0);
  assert.deepEqual(t.read(), [[0, 'A0+c0', 0], [0, 'B0+c0', 0], [0, 'C0+c0', 0], [1, 'A1+c1', 0], [1, 'B1+c1', 0], [1, 'C1+c1', 0]]);
});

test('outer join, all within the window (KStreamKStreamJoinTest.testOuterJoin)', () => {
  const t = setUp('outerJoin', JoinWindows.ofTimeDifferenceAndGrace(100, 24 * 3600 * 1000));
  for (const k of [0, 1]) t.in1.pipeInput(k, `A${k}`, 0);
  assert.deepEqual(t.read(), []);
  for (const k of [0, 1]) t.in2.pipeInput(k, `a${k}`, 0);
  assert.deepEqual(t.read(), [[0, 'A0+a0', 0], [1, 'A1+a1', 0]]);
  for (const k of expectedKeys) t.in1.pipeInput(k, `B${k}`, 0);
  assert.deepEqual(t.read(), [[0, 'B0+a0', 0], [1, 'B1+a1', 0]]);
  for (const k of expectedKeys) t.in2.pipeInput(k, `b${k}`, 0);
  assert.deepEqual(t.read(), [[0, 'A0+b0', 0], [0, 'B0+b0', 0], [1, 'A1+b1', 0], [1, 'B1+b1', 0], [2, 'B2+b2', 0], [3, 'B3+b3', 0]]);
  for (const k of expectedKeys) t.in1.pipeInput(k, `C${k}`, 0);
  assert.deepEqual(t.read(), [[0, 'C0+a0', 0], [0, 'C0+b0', 0], [1, 'C1+a1', 0], [1, 'C1+b1', 0], [2, 'C2+b2', 0], [3, 'C3+b3', 0]]);
  for (const k of [0, 1]) t.in2.pipeInput(k, `c${k}`, 0);
  assert.deepEqual(t.read(), [[0, 'A0+c0', 0], [0, 'B0+c0', 0], [0, 'C0+c0', 0], [1, 'A1+c1', 0], [1, 'B1+c1', 0], [1, 'C1+c1', 0]]);
});

test('window bounds and result timestamps (KStreamKStreamJoinTest.testWindowing)', () => {
  const t = setUp('join', JoinWindows.ofTimeDifferenceWithNoGrace(100));
  for (const k of [0, 1]) t.in1.pipeInput(k, `A${k}`, 0);
  assert.deepEqual(t.read(), []);
  for (const k of [0, 1]) t.in2.pipeInput(k, `a${k}`, 0);
  assert.deepEqual(t.read(), [[0, 'A0+a0', 0], [1, 'A1+a1', 0]]);
  expectedKeys.forEach((k, i) => t.in1.pipeInput(k, `B${k}`, 1000 + i));
  assert.deepEqual(t.read(), []);
  for (const k of expectedKeys) t.in2.pipeInput(k, `b${k}`, 1100);
  assert.deepEqual(t.read(), [[0, 'B0+b0', 1100], [1, 'B1+b1', 1100], [2, 'B2+b2', 1100], [3, 'B3+b3', 1100]]);
  for (const k of expectedKeys) t.in2.pipeInput(k, `c${k}`, 1101);
  assert.deepEqual(t.read(), [[1, 'B1+c1', 1101], [2, 'B2+c2', 1101], [3, 'B3+c3', 1101]]);
  for (const k of expectedKeys) t.in2.pipeInput(k, `d${k}`, 1102);
  assert.deepEqual(t.read(), [[2, 'B2+d2', 1102], [3, 'B3+d3', 1102]]);
  for (const k of expectedKeys) t.in2.pipeInput(k, `e${k}`, 1103);
  assert.deepEqual(t.read(), [[3, 'B3+e3', 1103]]);
  for (const k of expectedKeys) t.in2.pipeInput(k, `f${k}`, 1104);
  assert.deepEqual(t.read(), []);
  // Before the window bound: no items.
  for (const k of expectedKeys) t.in2.pipeInput(k, `g${k}`, 899);
  assert.deepEqual(t.read(), []);
});

test('left join keeps duplicates and emits unmatched ones when the window closes (KStreamKStreamLeftJoinTest.testLeftJoinDuplicates)', () => {
  const t = setUp('leftJoin', JoinWindows.ofTimeDifferenceAndGrace(100, 10));
  t.in1.pipeInput(0, 'A0', 0);
  t.in1.pipeInput(0, 'A0-0', 0);
  t.in2.pipeInput(1, 'a0', 111);
  t.in2.pipeInput(2, 'dummy', 500);
  assert.deepEqual(t.read(), [[0, 'A0+null', 0], [0, 'A0-0+null', 0]]);
  t.in1.pipeInput(2, 'A2', 1000);
  t.in1.pipeInput(2, 'A2-0', 1000);
  t.in2.pipeInput(2, 'a2', 1001);
  assert.deepEqual(t.read(), [[2, 'A2+a2', 1001], [2, 'A2-0+a2', 1001]]);
  t.in2.pipeInput(3, 'a3', 315);
  assert.deepEqual(t.read(), []);
});

test('left join: expired unmatched records are emitted by the left processor (KStreamKStreamLeftJoinTest)', () => {
  const t = setUp('leftJoin', JoinWindows.ofTimeDifferenceAndGrace(100, 0));
  t.in1.pipeInput(0, 'A0', 1);
  t.in1.pipeInput(1, 'A1', 2);
  t.in1.pipeInput(0, 'A0-0', 3);
  assert.deepEqual(t.read(), []);
  t.in2.pipeInput(1, 'a1', 3);
  assert.deepEqual(t.read(), [[1, 'A1+a1', 3]]);
  t.in1.pipeInput(2, 'dummy', 401);
  assert.deepEqual(t.read(), [[0, 'A0+null', 1], [0, 'A0-0+null', 3]]);
  t.in2.pipeInput(2, 'dummy', 401);
  assert.deepEqual(t.read(), [[2, 'dummy+dummy', 401]]);
});

test('left join: expired unmatched records are emitted by the right processor (KStreamKStreamLeftJoinTest)', () => {
  const t = setUp('leftJoin', JoinWindows.ofTimeDifferenceAndGrace(100, 0));
  t.in1.pipeInput(0, 'A0', 1);
  t.in1.pipeInput(1, 'A1', 2);
  t.in1.pipeInput(0, 'A0-0', 3);
  assert.deepEqual(t.read(), []);
  t.in2.pipeInput(1, 'a1', 3);
  assert.deepEqual(t.read(), [[1, 'A1+a1', 3]]);
  t.in2.pipeInput(2, 'dummy', 401);
  assert.deepEqual(t.read(), [[0, 'A0+null', 1], [0, 'A0-0+null', 3]]);
  t.in1.pipeInput(2, 'dummy', 402);
  assert.deepEqual(t.read(), [[2, 'dummy+dummy', 402]]);
});

test('left join grace period (KStreamKStreamLeftJoinTest.testGracePeriod)', () => {
  const t = setUp('leftJoin', JoinWindows.ofTimeDifferenceAndGrace(100, 10));
  for (const k of [0, 1]) t.in1.pipeInput(k, `A${k}`, 0);
  assert.deepEqual(t.read(), []);
  for (const k of expectedKeys) t.in2.pipeInput(k, `a${k}`, 101);
  assert.deepEqual(t.read(), []);
  t.in2.pipeInput(0, 'dummy', 1201);
  assert.deepEqual(t.read(), [[0, 'A0+null', 0], [1, 'A1+null', 0]]);
});

test('outer join duplicates (KStreamKStreamOuterJoinTest.testOuterJoinDuplicates)', () => {
  const t = setUp('outerJoin', JoinWindows.ofTimeDifferenceAndGrace(100, 10), 'long');
  t.in1.pipeInput(0, 'A0', 0);
  t.in1.pipeInput(0, 'A0-0', 0);
  t.in2.pipeInput(1, 11, 0);
  t.in2.pipeInput(1, 12, 0);
  t.in2.pipeInput(1, 10, 111);
  t.in2.pipeInput(3, 100, 211);
  assert.deepEqual(t.read(), [[1, 'null+11', 0], [1, 'null+12', 0], [0, 'A0+null', 0], [0, 'A0-0+null', 0]]);
  t.in1.pipeInput(2, 'A2', 200);
  t.in1.pipeInput(2, 'A2-0', 200);
  t.in2.pipeInput(2, 13, 201);
  t.in2.pipeInput(2, 14, 201);
  assert.deepEqual(t.read(), [[2, 'A2+13', 201], [2, 'A2-0+13', 201], [2, 'A2+14', 201], [2, 'A2-0+14', 201]]);
  t.in2.pipeInput(3, 100, 1500);
  assert.deepEqual(t.read(), [[1, 'null+10', 111], [3, 'null+100', 211]]);
});

test('outer join with an asymmetric window (KStreamKStreamOuterJoinTest.testEmitAllNonJoinedResultsForAsymmetricWindow)', () => {
  const t = setUp('outerJoin', JoinWindows.ofTimeDifferenceWithNoGrace(5).after(20), 'long');
  t.in1.pipeInput(0, 'A0', 29);
  t.in1.pipeInput(1, 'A1', 30);
  t.in2.pipeInput(2, 12, 31);
  t.in2.pipeInput(3, 13, 36);
  assert.deepEqual(t.read(), []);
  t.in2.pipeInput(4, 14, 37);
  assert.deepEqual(t.read(), [[2, 'null+12', 31]]);
  t.in2.pipeInput(5, 15, 50);
  assert.deepEqual(t.read(), [[0, 'A0+null', 29], [3, 'null+13', 36], [4, 'null+14', 37]]);
});

test('null keys and values are skipped; an outer join joins a null key with a null partner', () => {
  const t = setUp('outerJoin', JoinWindows.ofTimeDifferenceWithNoGrace(100));
  t.in1.pipeInput(0, null, 0);
  t.in1.pipeInput(null, 'N', 0);
  assert.deepEqual(t.read(), [[null, 'N+null', 0]]);
  const inner = setUp('join', JoinWindows.ofTimeDifferenceWithNoGrace(100));
  inner.in1.pipeInput(null, 'N', 0);
  inner.in2.pipeInput(null, 'n', 0);
  assert.deepEqual(inner.read(), []);
});

test('the join window stores: getters, Kafka changelog layout (key + start + seqnum)', () => {
  const b = new StreamsBuilder();
  const s1 = b.stream<number, string>('topic1', { keySerde: Serdes.Integer() });
  const s2 = b.stream<number, string>('topic2', { keySerde: Serdes.Integer() });
  s1.join(s2, TOSTRING, JoinWindows.ofTimeDifferenceWithNoGrace(100), { keySerde: Serdes.Integer(), storeName: 'pairs' }).to('out', { keySerde: Serdes.Integer() });
  const d = new TopologyTestDriver(b.build(), { applicationId: 'ssj' });
  d.createInputTopic('topic1', Serdes.Integer(), Serdes.String()).pipeInput(7, 'A', 5);
  d.createInputTopic('topic1', Serdes.Integer(), Serdes.String()).pipeInput(7, 'B', 5);
  const log = d.createOutputTopic('ssj-pairs-this-join-store-changelog', Serdes.Buffer(), Serdes.String()).readRecordsToList();
  assert.deepEqual(log.map((r) => [r.key.toString('hex'), r.value, r.timestamp]), [
    ['00000007' + '0000000000000005' + '00000001', 'A', 5],
    ['00000007' + '0000000000000005' + '00000002', 'B', 5],
  ]);
});

const DESCRIBE_GENERATED = `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [topic])
      --> KSTREAM-MAP-0000000003
    Processor: KSTREAM-MAP-0000000003 (stores: [])
      --> KSTREAM-FILTER-0000000005
      <-- KSTREAM-SOURCE-0000000000
    Processor: KSTREAM-FILTER-0000000005 (stores: [])
      --> KSTREAM-SINK-0000000004
      <-- KSTREAM-MAP-0000000003
    Sink: KSTREAM-SINK-0000000004 (topic: KSTREAM-MAP-0000000003-repartition)
      <-- KSTREAM-FILTER-0000000005

  Sub-topology: 1
    Source: KSTREAM-SOURCE-0000000006 (topics: [KSTREAM-MAP-0000000003-repartition])
      --> KSTREAM-WINDOWED-0000000007, KSTREAM-WINDOWED-0000000016
    Source: KSTREAM-SOURCE-0000000001 (topics: [topic2])
      --> KSTREAM-WINDOWED-0000000008
    Source: KSTREAM-SOURCE-0000000002 (topics: [topic3])
      --> KSTREAM-WINDOWED-0000000017
    Processor: KSTREAM-WINDOWED-0000000007 (stores: [KSTREAM-JOINTHIS-0000000009-store])
      --> KSTREAM-JOINTHIS-0000000009
      <-- KSTREAM-SOURCE-0000000006
    Processor: KSTREAM-WINDOWED-0000000008 (stores: [KSTREAM-JOINOTHER-0000000010-store])
      --> KSTREAM-JOINOTHER-0000000010
      <-- KSTREAM-SOURCE-0000000001
    Processor: KSTREAM-WINDOWED-0000000016 (stores: [KSTREAM-JOINTHIS-0000000018-store])
      --> KSTREAM-JOINTHIS-0000000018
      <-- KSTREAM-SOURCE-0000000006
    Processor: KSTREAM-WINDOWED-0000000017 (stores: [KSTREAM-JOINOTHER-0000000019-store])
      --> KSTREAM-JOINOTHER-0000000019
      <-- KSTREAM-SOURCE-0000000002
    Processor: KSTREAM-JOINOTHER-0000000010 (stores: [KSTREAM-JOINTHIS-0000000009-store])
      --> KSTREAM-MERGE-0000000011
      <-- KSTREAM-WINDOWED-0000000008
    Processor: KSTREAM-JOINOTHER-0000000019 (stores: [KSTREAM-JOINTHIS-0000000018-store])
      --> KSTREAM-MERGE-0000000020
      <-- KSTREAM-WINDOWED-0000000017
    Processor: KSTREAM-JOINTHIS-0000000009 (stores: [KSTREAM-JOINOTHER-0000000010-store])
      --> KSTREAM-MERGE-0000000011
      <-- KSTREAM-WINDOWED-0000000007
    Processor: KSTREAM-JOINTHIS-0000000018 (stores: [KSTREAM-JOINOTHER-0000000019-store])
      --> KSTREAM-MERGE-0000000020
      <-- KSTREAM-WINDOWED-0000000016
    Processor: KSTREAM-MERGE-0000000011 (stores: [])
      --> KSTREAM-SINK-0000000012
      <-- KSTREAM-JOINTHIS-0000000009, KSTREAM-JOINOTHER-0000000010
    Processor: KSTREAM-MERGE-0000000020 (stores: [])
      --> KSTREAM-SINK-0000000021
      <-- KSTREAM-JOINTHIS-0000000018, KSTREAM-JOINOTHER-0000000019
    Sink: KSTREAM-SINK-0000000012 (topic: out-one)
      <-- KSTREAM-MERGE-0000000011
    Sink: KSTREAM-SINK-0000000021 (topic: out-to)
      <-- KSTREAM-MERGE-0000000020

`;

const DESCRIBE_NAMED = `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [topic])
      --> KSTREAM-MAP-0000000003
    Processor: KSTREAM-MAP-0000000003 (stores: [])
      --> second-join-left-repartition-filter, first-join-left-repartition-filter
      <-- KSTREAM-SOURCE-0000000000
    Processor: first-join-left-repartition-filter (stores: [])
      --> first-join-left-repartition-sink
      <-- KSTREAM-MAP-0000000003
    Processor: second-join-left-repartition-filter (stores: [])
      --> second-join-left-repartition-sink
      <-- KSTREAM-MAP-0000000003
    Sink: first-join-left-repartition-sink (topic: first-join-left-repartition)
      <-- first-join-left-repartition-filter
    Sink: second-join-left-repartition-sink (topic: second-join-left-repartition)
      <-- second-join-left-repartition-filter

  Sub-topology: 1
    Source: KSTREAM-SOURCE-0000000001 (topics: [topic2])
      --> first-join-other-windowed
    Source: first-join-left-repartition-source (topics: [first-join-left-repartition])
      --> first-join-this-windowed
    Processor: first-join-other-windowed (stores: [KSTREAM-JOINOTHER-0000000010-store])
      --> first-join-other-join
      <-- KSTREAM-SOURCE-0000000001
    Processor: first-join-this-windowed (stores: [KSTREAM-JOINTHIS-0000000009-store])
      --> first-join-this-join
      <-- first-join-left-repartition-source
    Processor: first-join-other-join (stores: [KSTREAM-JOINTHIS-0000000009-store])
      --> first-join-merge
      <-- first-join-other-windowed
    Processor: first-join-this-join (stores: [KSTREAM-JOINOTHER-0000000010-store])
      --> first-join-merge
      <-- first-join-this-windowed
    Processor: first-join-merge (stores: [])
      --> KSTREAM-SINK-0000000012
      <-- first-join-this-join, first-join-other-join
    Sink: KSTREAM-SINK-0000000012 (topic: out-one)
      <-- first-join-merge

  Sub-topology: 2
    Source: KSTREAM-SOURCE-0000000002 (topics: [topic3])
      --> second-join-other-windowed
    Source: second-join-left-repartition-source (topics: [second-join-left-repartition])
      --> second-join-this-windowed
    Processor: second-join-other-windowed (stores: [KSTREAM-JOINOTHER-0000000019-store])
      --> second-join-other-join
      <-- KSTREAM-SOURCE-0000000002
    Processor: second-join-this-windowed (stores: [KSTREAM-JOINTHIS-0000000018-store])
      --> second-join-this-join
      <-- second-join-left-repartition-source
    Processor: second-join-other-join (stores: [KSTREAM-JOINTHIS-0000000018-store])
      --> second-join-merge
      <-- second-join-other-windowed
    Processor: second-join-this-join (stores: [KSTREAM-JOINOTHER-0000000019-store])
      --> second-join-merge
      <-- second-join-this-windowed
    Processor: second-join-merge (stores: [])
      --> KSTREAM-SINK-0000000021
      <-- second-join-this-join, second-join-other-join
    Sink: KSTREAM-SINK-0000000021 (topic: out-two)
      <-- second-join-merge

`;

function twoJoins(names: [string, string] | undefined): string {
  const b = new StreamsBuilder();
  const s1 = b.stream('topic');
  const s2 = b.stream('topic2');
  const s3 = b.stream('topic3');
  const mapped = s1.map((k, v) => [v, k] as const);
  const w = JoinWindows.ofTimeDifferenceWithNoGrace(100);
  mapped.join(s2, (a, c) => a + c, w, names === undefined ? {} : { name: names[0] }).to('out-one');
  mapped.join(s3, (a, c) => a + c, w, names === undefined ? {} : { name: names[1] }).to(names === undefined ? 'out-to' : 'out-two');
  return b.build().describe().toString();
}

test('describe(): one repartition for two unnamed joins (KStreamKStreamJoinTest.shouldReuseRepartitionTopicWithGeneratedName)', () => {
  assert.equal(twoJoins(undefined), DESCRIBE_GENERATED);
});

test('describe(): named joins name their nodes and repartitions (KStreamKStreamJoinTest.shouldCreateRepartitionTopicsWithUserProvidedName)', () => {
  assert.equal(twoJoins(['first-join', 'second-join']), DESCRIBE_NAMED);
});

function describeLeftOrOuter(kind: 'leftJoin' | 'outerJoin', storeName?: string): string {
  const b = new StreamsBuilder();
  const s1 = b.stream('input-topic1');
  const s2 = b.stream('input-topic2');
  const w = JoinWindows.ofTimeDifferenceWithNoGrace(100);
  const options = storeName === undefined ? {} : { storeName };
  if (kind === 'leftJoin') s1.leftJoin(s2, TOSTRING, w, options);
  else s1.outerJoin(s2, TOSTRING, w, options);
  return b.build().describe().toString();
}

test('describe(): left join with the shared outer store (TopologyTest.streamStreamLeftJoinTopologyWithDefaultStoresNames)', () => {
  assert.equal(describeLeftOrOuter('leftJoin'), `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [input-topic1])
      --> KSTREAM-WINDOWED-0000000002
    Source: KSTREAM-SOURCE-0000000001 (topics: [input-topic2])
      --> KSTREAM-WINDOWED-0000000003
    Processor: KSTREAM-WINDOWED-0000000002 (stores: [KSTREAM-JOINTHIS-0000000004-store])
      --> KSTREAM-JOINTHIS-0000000004
      <-- KSTREAM-SOURCE-0000000000
    Processor: KSTREAM-WINDOWED-0000000003 (stores: [KSTREAM-OUTEROTHER-0000000005-store])
      --> KSTREAM-OUTEROTHER-0000000005
      <-- KSTREAM-SOURCE-0000000001
    Processor: KSTREAM-JOINTHIS-0000000004 (stores: [KSTREAM-OUTEROTHER-0000000005-store, KSTREAM-OUTERSHARED-0000000004-store])
      --> KSTREAM-MERGE-0000000006
      <-- KSTREAM-WINDOWED-0000000002
    Processor: KSTREAM-OUTEROTHER-0000000005 (stores: [KSTREAM-JOINTHIS-0000000004-store, KSTREAM-OUTERSHARED-0000000004-store])
      --> KSTREAM-MERGE-0000000006
      <-- KSTREAM-WINDOWED-0000000003
    Processor: KSTREAM-MERGE-0000000006 (stores: [])
      --> none
      <-- KSTREAM-JOINTHIS-0000000004, KSTREAM-OUTEROTHER-0000000005

`);
});

test('describe(): left join with a store name (TopologyTest.streamStreamLeftJoinTopologyWithCustomStoresNames)', () => {
  assert.equal(describeLeftOrOuter('leftJoin', 'custom-name'), `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [input-topic1])
      --> KSTREAM-WINDOWED-0000000002
    Source: KSTREAM-SOURCE-0000000001 (topics: [input-topic2])
      --> KSTREAM-WINDOWED-0000000003
    Processor: KSTREAM-WINDOWED-0000000002 (stores: [custom-name-this-join-store])
      --> KSTREAM-JOINTHIS-0000000004
      <-- KSTREAM-SOURCE-0000000000
    Processor: KSTREAM-WINDOWED-0000000003 (stores: [custom-name-outer-other-join-store])
      --> KSTREAM-OUTEROTHER-0000000005
      <-- KSTREAM-SOURCE-0000000001
    Processor: KSTREAM-JOINTHIS-0000000004 (stores: [custom-name-outer-other-join-store, custom-name-left-shared-join-store])
      --> KSTREAM-MERGE-0000000006
      <-- KSTREAM-WINDOWED-0000000002
    Processor: KSTREAM-OUTEROTHER-0000000005 (stores: [custom-name-this-join-store, custom-name-left-shared-join-store])
      --> KSTREAM-MERGE-0000000006
      <-- KSTREAM-WINDOWED-0000000003
    Processor: KSTREAM-MERGE-0000000006 (stores: [])
      --> none
      <-- KSTREAM-JOINTHIS-0000000004, KSTREAM-OUTEROTHER-0000000005

`);
});

test('describe(): outer join (TopologyTest.streamStreamOuterJoinTopologyWithDefaultStoresNames)', () => {
  assert.equal(describeLeftOrOuter('outerJoin'), `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [input-topic1])
      --> KSTREAM-WINDOWED-0000000002
    Source: KSTREAM-SOURCE-0000000001 (topics: [input-topic2])
      --> KSTREAM-WINDOWED-0000000003
    Processor: KSTREAM-WINDOWED-0000000002 (stores: [KSTREAM-OUTERTHIS-0000000004-store])
      --> KSTREAM-OUTERTHIS-0000000004
      <-- KSTREAM-SOURCE-0000000000
    Processor: KSTREAM-WINDOWED-0000000003 (stores: [KSTREAM-OUTEROTHER-0000000005-store])
      --> KSTREAM-OUTEROTHER-0000000005
      <-- KSTREAM-SOURCE-0000000001
    Processor: KSTREAM-OUTEROTHER-0000000005 (stores: [KSTREAM-OUTERTHIS-0000000004-store, KSTREAM-OUTERSHARED-0000000004-store])
      --> KSTREAM-MERGE-0000000006
      <-- KSTREAM-WINDOWED-0000000003
    Processor: KSTREAM-OUTERTHIS-0000000004 (stores: [KSTREAM-OUTEROTHER-0000000005-store, KSTREAM-OUTERSHARED-0000000004-store])
      --> KSTREAM-MERGE-0000000006
      <-- KSTREAM-WINDOWED-0000000002
    Processor: KSTREAM-MERGE-0000000006 (stores: [])
      --> none
      <-- KSTREAM-OUTERTHIS-0000000004, KSTREAM-OUTEROTHER-0000000005

`);
});

test('toJSON(): window stores with changelogs, the shared store as key-value', () => {
  const b = new StreamsBuilder();
  b.stream('a').leftJoin(b.stream('b'), TOSTRING, JoinWindows.ofTimeDifferenceWithNoGrace(100)).to('out');
  const m = b.build().describe().toJSON();
  assert.deepEqual(m.stores.map((s) => [s.name, s.kind, s.changelogTopic]).sort(), [
    ['KSTREAM-JOINTHIS-0000000004-store', 'window', 'KSTREAM-JOINTHIS-0000000004-store-changelog'],
    ['KSTREAM-OUTEROTHER-0000000005-store', 'window', 'KSTREAM-OUTEROTHER-0000000005-store-changelog'],
    ['KSTREAM-OUTERSHARED-0000000004-store', 'key-value', 'KSTREAM-OUTERSHARED-0000000004-store-changelog'],
  ]);
  const ops = m.subTopologies[0]?.nodes.map((n) => (n.kind === 'processor' ? n.operator : n.kind));
  assert.deepEqual(ops, ['source', 'source', 'joinWindow', 'joinWindow', 'streamJoinThis', 'streamJoinOther', 'streamLeftJoin', 'sink']);
});
