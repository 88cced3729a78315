// Session windows, ported from Kafka's SessionWindowedKStreamImplTest (same inputs: gap 500 ms,
// records 1@10, 1@15, 1@600, 2@600, 2@599; same outputs for onWindowUpdate and onWindowClose) and
// KStreamSessionWindowAggregateProcessorTest (merging, late records), plus the session store.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { EmitStrategy, Serdes, SessionWindows, StreamsBuilder, type KTable, type Windowed } from 'streamwise';
import { TopologyTestDriver } from 'streamwise/testing';

type Emit = 'update' | 'close';

function run(emit: Emit, make: (s: ReturnType<typeof grouped>) => KTable<Windowed<string>, unknown>, valueSerde = Serdes.String() as never) {
  const b = new StreamsBuilder();
  const s = grouped(b, emit);
  make(s).toStream().to('out', { keySerde: Serdes.SessionWindowed(Serdes.String()), valueSerde });
  const d = new TopologyTestDriver(b.build(), { applicationId: 'sess' });
  const input = d.createInputTopic('topic');
  input.pipeInput('1', '1', 10);
  input.pipeInput('1', '2', 15);
  input.pipeInput('1', '3', 600);
  input.pipeInput('2', '1', 600);
  input.pipeInput('2', '2', 599);
  const out = d.createOutputTopic('out', Serdes.SessionWindowed(Serdes.String()), valueSerde).readRecordsToList();
  return { d, out: out.map((r) => [r.key.key, r.key.window.start, r.key.window.end, r.value, r.timestamp]) };
}

function grouped(b: StreamsBuilder, emit: Emit) {
  const w = b.stream('topic').groupByKey().windowedBy(SessionWindows.ofInactivityGapWithNoGrace(500));
  return emit === 'close' ? w.emitStrategy(EmitStrategy.onWindowClose()) : w;
}

test('count (SessionWindowedKStreamImplTest.shouldCountSessionWindowed, onWindowUpdate)', () => {
  const { out } = run('update', (s) => s.count(), Serdes.Long() as never);
  assert.deepEqual(out, [
    ['1', 10, 10, 1, 10],
    ['1', 10, 10, null, 10],
    ['1', 10, 15, 2, 15],
    ['1', 600, 600, 1, 600],
    ['2', 600, 600, 1, 600],
    ['2', 600, 600, null, 600],
    ['2', 599, 600, 2, 600],
  ]);
});

test('count, onWindowClose: only the closed session (SessionWindowedKStreamImplTest.shouldCountSessionWindowed, emitFinal)', () => {
  const { out } = run('close', (s) => s.count(), Serdes.Long() as never);
  assert.deepEqual(out, [['1', 10, 15, 2, 15]]);
});

test('reduce (SessionWindowedKStreamImplTest.shouldReduceWindowed)', () => {
  assert.deepEqual(run('update', (s) => s.reduce((a, v) => `${a}+${v}`)).out, [
    ['1', 10, 10, '1', 10],
    ['1', 10, 10, null, 10],
    ['1', 10, 15, '1+2', 15],
    ['1', 600, 600, '3', 600],
    ['2', 600, 600, '1', 600],
    ['2', 600, 600, null, 600],
    ['2', 599, 600, '1+2', 600],
  ]);
  assert.deepEqual(run('close', (s) => s.reduce((a, v) => `${a}+${v}`)).out, [['1', 10, 15, '1+2', 15]]);
});

test('aggregate with a merger (SessionWindowedKStreamImplTest.shouldAggregateSessionWindowed)', () => {
  const agg = (s: ReturnType<typeof grouped>) => s.aggregate(() => '0', (_k, v, a) => `${a}+${v}`, (_k, a1, a2) => `${a1}+${a2}`, { valueSerde: Serdes.String() });
  assert.deepEqual(run('update', agg).out, [
    ['1', 10, 10, '0+1', 10],
    ['1', 10, 10, null, 10],
    ['1', 10, 15, '0+0+1+2', 15],
    ['1', 600, 600, '0+3', 600],
    ['2', 600, 600, '0+1', 600],
    ['2', 600, 600, null, 600],
    ['2', 599, 600, '0+0+1+2', 600],
  ]);
  assert.deepEqual(run('close', agg).out, [['1', 10, 15, '0+0+1+2', 15]]);
});

test('getSessionStore: sessions by key range; expired sessions leave the in-memory store (InMemorySessionStore)', () => {
  const { d } = run('update', (s) => s.count({ name: 'count-store' }), Serdes.Long() as never);
  const store = d.getSessionStore<string, number>('count-store');
  // Kafka's test (RocksDB, 60 s segments) still holds 1@[10,15]; an in-memory store drops it once
  // stream time passes its end + retention (gap + grace = 500 ms).
  assert.deepEqual(store.fetchRange('1', '2').map(([w, v]) => [w.key, w.window.start, w.window.end, v]), [['1', 600, 600, 1], ['2', 599, 600, 2]]);
  assert.equal(store.fetchSession('2', 599, 600), 2);
  assert.deepEqual(store.findSessions('2', 0, 599).length, 1);
  assert.throws(() => d.getKeyValueStore('count-store'), /session store: use getSessionStore/);
});

test('merging sessions and late records (KStreamSessionWindowAggregateProcessorTest.shouldMergeSessions / shouldLogAndMeterWhenSkippingLateRecord)', () => {
  const b = new StreamsBuilder();
  b.stream('in').groupByKey().windowedBy(SessionWindows.ofInactivityGapAndGrace(50, 100)).count({ name: 's' }).toStream()
    .to('out', { keySerde: Serdes.SessionWindowed(Serdes.String()), valueSerde: Serdes.Long() });
  const d = new TopologyTestDriver(b.build());
  const input = d.createInputTopic('in');
  const out = d.createOutputTopic('out', Serdes.SessionWindowed(Serdes.String()), Serdes.Long());
  const read = () => out.readRecordsToList().map((r) => [r.key.key, r.key.window.start, r.key.window.end, r.value]);
  // shouldCreateSingleSessionWhenWithinGap / shouldMergeSessions: 0 and 100 are apart; 50 bridges them.
  input.pipeInput('john', 'a', 0);
  input.pipeInput('john', 'b', 100);
  assert.deepEqual(read(), [['john', 0, 0, 1], ['john', 100, 100, 1]]);
  input.pipeInput('john', 'c', 50);
  assert.deepEqual(read(), [['john', 0, 0, null], ['john', 100, 100, null], ['john', 0, 100, 3]]);
  // Stream time 300: close time 300 - 100 - 50 = 150; a record at 80 would merge into [0, 100], which ends before it: dropped.
  input.pipeInput('other', 'x', 300);
  read();
  input.pipeInput('john', 'late', 80);
  assert.deepEqual(read(), []);
  // Retention (gap + grace = 150) has passed for [0, 100]: the store dropped it.
  assert.equal(d.getSessionStore('s').fetchSession('john', 0, 100), null);
  assert.equal(d.getSessionStore('s').fetchSession('other', 300, 300), 1);
});

test('the session store changelog is in Kafka SessionKeySchema layout (key + end + start)', () => {
  const b = new StreamsBuilder();
  b.stream('in').groupByKey().windowedBy(SessionWindows.ofInactivityGapWithNoGrace(500)).count({ name: 'sc' });
  const d = new TopologyTestDriver(b.build(), { applicationId: 'sk' });
  const input = d.createInputTopic('in');
  input.pipeInput('k', 'v', 10);
  input.pipeInput('k', 'v', 15);
  const log = d.createOutputTopic('sk-sc-changelog', Serdes.Buffer(), Serdes.Long()).readRecordsToList();
  const hex = (end: number, start: number) => Buffer.from('k').toString('hex') + end.toString(16).padStart(16, '0') + start.toString(16).padStart(16, '0');
  assert.deepEqual(log.map((r) => [r.key.toString('hex'), r.value, r.timestamp]), [[hex(10, 10), 1, 10], [hex(10, 10), null, 15], [hex(15, 10), 2, 15]]);
});

test('describe() and toJSON(): a session store, as Kafka names it', () => {
  const b = new StreamsBuilder();
  b.stream('topic').groupByKey().windowedBy(SessionWindows.ofInactivityGapWithNoGrace(500)).count();
  const t = b.build();
  assert.equal(t.describe().toString(), `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [topic])
      --> KSTREAM-AGGREGATE-0000000002
    Processor: KSTREAM-AGGREGATE-0000000002 (stores: [KSTREAM-AGGREGATE-STATE-STORE-0000000001])
      --> none
      <-- KSTREAM-SOURCE-0000000000

`);
  assert.deepEqual(t.describe().toJSON().stores.map((s) => [s.name, s.kind]), [['KSTREAM-AGGREGATE-STATE-STORE-0000000001', 'session']]);
});

test('onWindowClose emits a closed session before its store drops it (gap 5, no grace: retention is 5)', () => {
  const b = new StreamsBuilder();
  b.stream('topic')
    .groupByKey()
    .windowedBy(SessionWindows.ofInactivityGapWithNoGrace(5))
    .emitStrategy(EmitStrategy.onWindowClose())
    .count()
    .toStream()
    .to('out', { keySerde: Serdes.SessionWindowed(Serdes.String()), valueSerde: Serdes.Long() });
  const d = new TopologyTestDriver(b.build(), { applicationId: 'sess-expiry' });
  const input = d.createInputTopic('topic');
  input.pipeInput('k1', 'x', 0);
  input.pipeInput('k2', 'x', 5);
  // Close time 1: k1's [0, 0] is final; this record's put would expire it (ends below 11 - 5 + 1).
  input.pipeInput('k2', 'x', 6);
  input.pipeInput('k3', 'x', 20);
  const out = d.createOutputTopic('out', Serdes.SessionWindowed(Serdes.String()), Serdes.Long()).readRecordsToList();
  assert.deepEqual(out.map((r) => [r.key.key, r.key.window.start, r.key.window.end, r.value, r.timestamp]), [
    ['k1', 0, 0, 1, 0],
    ['k2', 5, 6, 2, 6],
  ]);
});
