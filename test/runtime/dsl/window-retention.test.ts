// Window and session store retention (Kafka's Materialized.withRetention) and store suppliers
// (Materialized.as(Stores.*)): Kafka's checks and messages, and windows dropped by the store's
// retention rather than the default size + grace. Ported from SlidingWindowedKStreamImplTest and
// KStreamSessionWindowAggregateProcessorTest where they set a retention or a supplier.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { EmitStrategy, Serdes, SessionWindows, SlidingWindows, Stores, StreamsBuilder, TimeWindows } from 'streamwise';
import { TopologyTestDriver } from 'streamwise/testing';

const STRING_INIT = (): string => '0';
const TOSTRING_ADDER = (_k: unknown, v: unknown, agg: string): string => `${agg}+${String(v)}`;

function slidingWithSupplier(retentionMs: number) {
  const b = new StreamsBuilder();
  b.stream<string, string>('topic')
    .groupByKey()
    .windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(100, 1000))
    .aggregate(STRING_INIT, TOSTRING_ADDER, { storeSupplier: Stores.inMemoryWindowStore('aggregated', retentionMs, 100, false), valueSerde: Serdes.String() });
  const d = new TopologyTestDriver(b.build());
  const input = d.createInputTopic('topic', Serdes.String(), Serdes.String());
  input.pipeInput('1', '2', 100);
  input.pipeInput('1', '3', 500);
  input.pipeInput('1', '4', 799);
  input.pipeInput('1', '4', 1000);
  input.pipeInput('1', '5', 2000);
  return d;
}

// SlidingWindowedKStreamImplTest.shouldDropWindowsOutsideOfRetention.
test('sliding windows with a window store supplier drop windows outside its retention (SlidingWindowedKStreamImplTest.shouldDropWindowsOutsideOfRetention)', () => {
  const d = slidingWithSupplier(1200);
  assert.deepEqual(d.getWindowStore<string, string>('aggregated').fetch('1', 0, 10000), [[900, '0+4'], [1900, '0+5']]);
  assert.deepEqual(d.getTimestampedWindowStore<string, string>('aggregated').fetch('1', 0, 2000), [[900, { value: '0+4', timestamp: 1000 }], [1900, { value: '0+5', timestamp: 2000 }]]);
  // The supplier's window size makes the store's windows: [900, 1000].
  assert.deepEqual(d.getWindowStore<string, string>('aggregated').all().map(([w, v]) => [w.window.start, w.window.end, v]), [[900, 1000, '0+4'], [1900, 2000, '0+5']]);
  d.close();
  // The store's observed stream time is its latest window start (1900, as Kafka's InMemoryWindowStore):
  // retention 1200 keeps starts from 701 on; retention 2000 keeps every window.
  const longer = slidingWithSupplier(2000);
  assert.deepEqual(longer.getWindowStore<string, string>('aggregated').fetch('1', 0, 10000), [[0, '0+2'], [400, '0+3'], [699, '0+4'], [900, '0+4'], [1900, '0+5']]);
  longer.close();
});

// SlidingWindowedKStreamImplTest.shouldThrowIllegalArgumentWhenRetentionIsTooSmall, and the time and
// session messages of WindowStoreMaterializer / SessionStoreMaterializer.
test('a retention smaller than the windows need fails build() with Kafka\'s message (SlidingWindowedKStreamImplTest.shouldThrowIllegalArgumentWhenRetentionIsTooSmall)', () => {
  const sliding = new StreamsBuilder();
  sliding.stream<string, string>('topic').groupByKey().windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(100, 1000))
    .aggregate(STRING_INIT, TOSTRING_ADDER, { name: 'aggregated', valueSerde: Serdes.String(), retentionMs: 1 });
  assert.throws(() => sliding.build(), /The retention period of the window store aggregated must be no smaller than 2 \* time difference plus the grace period\. Got time difference=\[100\], grace=\[1000\], retention=\[1\]/);

  const time = new StreamsBuilder();
  time.stream('topic').groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(10, 5)).count({ name: 'counts', retentionMs: 14 });
  assert.throws(() => time.build(), /The retention period of the window store counts must be no smaller than its window size plus the grace period\. Got size=\[10\], grace=\[5\], retention=\[14\]/);

  const session = new StreamsBuilder();
  session.stream('topic').groupByKey().windowedBy(SessionWindows.ofInactivityGapAndGrace(10, 5)).count({ name: 'sessions', retentionMs: 3 });
  assert.throws(() => session.build(), /The retention period of the session store sessions must be no smaller than the session inactivity gap plus the grace period\. Got gap=\[10\], grace=\[5\], retention=\[3\]/);

  const negative = new StreamsBuilder();
  negative.stream('topic').groupByKey().windowedBy(TimeWindows.ofSizeWithNoGrace(10)).count({ retentionMs: -1 });
  assert.throws(() => negative.build(), /Retention must not be negative\./);

  const keyValue = new StreamsBuilder();
  keyValue.stream('topic').groupByKey().count({ name: 'c', retentionMs: 100 });
  assert.throws(() => keyValue.build(), /retentionMs applies to window and session stores only/);
});

test('Stores checks: window size above retention, negative values (Kafka\'s Stores messages)', () => {
  assert.throws(() => Stores.inMemoryWindowStore('w', 5, 10, false), /^RangeError: The retention period of the window store w must be no smaller than its window size\. Got size=\[PT0\.01S\], retention=\[PT0\.005S\]$/);
  assert.throws(() => Stores.persistentWindowStore('w', 5, 10, false), /Got size=\[10\], retention=\[5\]$/);
  assert.throws(() => Stores.inMemorySessionStore('s', -1), /retentionPeriod cannot be negative/);
  assert.throws(() => Stores.inMemoryWindowStore('w', 10, -1, false), /windowSize cannot be negative/);
});

test('a store supplier of the wrong kind fails build() naming the kind the aggregation needs', () => {
  const b = new StreamsBuilder();
  b.stream('topic').groupByKey().windowedBy(TimeWindows.ofSizeWithNoGrace(10)).count({ storeSupplier: Stores.inMemorySessionStore('s', 10) });
  assert.throws(() => b.build(), /count s: storeSupplier must be a window store supplier \(Stores\.inMemoryWindowStore \/ persistentWindowStore\), got a session store supplier/);
  const t = new StreamsBuilder();
  t.table('t').groupBy((k, v) => [v, k]).count({ storeSupplier: Stores.inMemoryWindowStore('w', 10, 10, false) });
  assert.throws(() => t.build(), /count w: storeSupplier must be a key-value store supplier/);
});

test('withRetention keeps closed time windows queryable until the retention passes, then drops them', () => {
  const run = (retentionMs: number | undefined) => {
    const b = new StreamsBuilder();
    b.stream('topic').groupByKey().windowedBy(TimeWindows.ofSizeWithNoGrace(10)).count({ name: 'counts', ...(retentionMs === undefined ? {} : { retentionMs }) });
    const d = new TopologyTestDriver(b.build());
    const input = d.createInputTopic('topic');
    const store = d.getWindowStore<string, number>('counts');
    input.pipeInput('a', 'x', 0);
    input.pipeInput('a', 'y', 5);
    input.pipeInput('b', 'z', 50);
    const at50 = store.fetch('a', 0);
    input.pipeInput('b', 'z', 105);
    const at105 = store.fetch('a', 0);
    d.close();
    return [at50, at105];
  };
  // Default retention = size + grace = 10: [0, 10) is gone once stream time reaches 50.
  assert.deepEqual(run(undefined), [null, null]);
  // Retention 100: still there at 50, dropped at 105 (start 0 <= 105 - 100).
  assert.deepEqual(run(100), [2, null]);
});

test('count with only a retention (Materialized.with(...).withRetention) burns a store name, as Kafka\'s count(Materialized)', () => {
  const b = new StreamsBuilder();
  b.stream('topic').groupByKey().windowedBy(TimeWindows.ofSizeWithNoGrace(10)).count({ retentionMs: 50 });
  // Source 0, the burned store name 1, the store 2, the aggregation 3.
  assert.match(b.build().describe().toString(), /Processor: KSTREAM-AGGREGATE-0000000003 \(stores: \[KSTREAM-AGGREGATE-STATE-STORE-0000000002\]\)/);
  const named = new StreamsBuilder();
  named.stream('topic').groupByKey().windowedBy(TimeWindows.ofSizeWithNoGrace(10)).count({ storeSupplier: Stores.persistentWindowStore('by-supplier', 50, 10, false) });
  assert.match(named.build().describe().toString(), /Processor: KSTREAM-AGGREGATE-0000000001 \(stores: \[by-supplier\]\)/);
});

const GAP_MS = 5 * 60 * 1000;

// KStreamSessionWindowAggregateProcessorTest.shouldHaveMultipleSessionsForSameIdWhenTimestampApartBySessionGap,
// with its store: Stores.persistentSessionStore(STORE_NAME, ofMillis(GAP_MS * 3)).
for (const emit of ['update', 'close'] as const) {
  test(`sessions apart by the gap, with a session store supplier of 3 gaps' retention, ${emit === 'close' ? 'onWindowClose' : 'onWindowUpdate'} (KStreamSessionWindowAggregateProcessorTest.shouldHaveMultipleSessionsForSameIdWhenTimestampApartBySessionGap)`, () => {
    const b = new StreamsBuilder();
    const w = b.stream<string, string>('topic').groupByKey().windowedBy(SessionWindows.ofInactivityGapWithNoGrace(GAP_MS));
    (emit === 'close' ? w.emitStrategy(EmitStrategy.onWindowClose()) : w)
      .aggregate(() => 0, (_k, _v, agg: number) => agg + 1, (_k, a: number, c: number) => a + c, { storeSupplier: Stores.persistentSessionStore('session-store', GAP_MS * 3), valueSerde: Serdes.Long() })
      .toStream()
      .to('out', { keySerde: Serdes.SessionWindowed(Serdes.String()), valueSerde: Serdes.Long() });
    const d = new TopologyTestDriver(b.build());
    const input = d.createInputTopic('topic');
    const sessionId = 'mel';
    let now = 0;
    input.pipeInput(sessionId, 'first', now);
    now += GAP_MS + 1;
    input.pipeInput(sessionId, 'second', now);
    input.pipeInput(sessionId, 'second', now);
    now += GAP_MS + 1;
    input.pipeInput(sessionId, 'third', now);
    input.pipeInput(sessionId, 'third', now);
    input.pipeInput(sessionId, 'third', now);
    const rows = d.createOutputTopic('out', Serdes.SessionWindowed(Serdes.String()), Serdes.Long()).readRecordsToList().map((r) => [r.key.key, r.key.window.start, r.key.window.end, r.value, r.timestamp]);
    if (emit === 'close') {
      assert.deepEqual(rows, [[sessionId, 0, 0, 1, 0], [sessionId, GAP_MS + 1, GAP_MS + 1, 2, GAP_MS + 1]]);
    } else {
      // Kafka's test runs with caching, which folds each session's updates into one; the driver
      // forwards every update (no cache), so the intermediate counts appear too.
      assert.deepEqual(rows, [
        [sessionId, 0, 0, 1, 0],
        [sessionId, GAP_MS + 1, GAP_MS + 1, 1, GAP_MS + 1], [sessionId, GAP_MS + 1, GAP_MS + 1, 2, GAP_MS + 1],
        [sessionId, now, now, 1, now], [sessionId, now, now, 2, now], [sessionId, now, now, 3, now],
      ]);
    }
    // Retention 3 gaps: at stream time 2 gaps + 2 the first session is still in the store (the
    // default retention, one gap, would have dropped it).
    assert.equal(d.getSessionStore('session-store').fetchSession(sessionId, 0, 0), 1);
    d.close();
  });
}
