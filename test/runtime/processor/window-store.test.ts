// The in-memory window store (Kafka's InMemoryWindowStore semantics, from AbstractWindowBytesStoreTest
// and InMemoryWindowStoreTest): fetch by key and time range, key ranges, retention by observed stream
// time, duplicates, and the changelog in WindowKeySchema layout, restored into a fresh store.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { JoinWindows, Serdes, StreamsBuilder, TimeWindows } from 'streamwise';
import { TopologyTestDriver } from 'streamwise/testing';
import { InMemoryWindowStore, parseWindowStoreKey, windowStoreKey } from '../../../runtime/src/processor/window-store';
import type { OutgoingRecord } from '../../../runtime/src/processor/raw-record';

function store(options: { sizeMs?: number; retentionMs?: number; retainDuplicates?: boolean } = {}) {
  const log: OutgoingRecord[] = [];
  let now = 0;
  const s = new InMemoryWindowStore(
    'w',
    Serdes.Integer() as never,
    Serdes.String() as never,
    { sizeMs: options.sizeMs ?? 10, retentionMs: options.retentionMs ?? 100, retainDuplicates: options.retainDuplicates ?? false },
    { collector: { send: (r) => void log.push(r) }, topic: 'w-changelog', partition: 0, timestamp: () => now },
  );
  return { s, log, at: (t: number) => void (now = t) };
}

test('fetch by key and time range, single window fetch, puts replace (AbstractWindowBytesStoreTest.testPutAndFetchBefore/After)', () => {
  const { s } = store();
  s.put(0, 'zero', 0);
  s.put(1, 'one', 1);
  s.put(2, 'two', 2);
  s.put(2, 'two+', 2);
  s.put(2, 'two@5', 5);
  assert.deepEqual(s.fetch(2, 0, 10), [[2, 'two+'], [5, 'two@5']]);
  assert.equal(s.fetch(2, 5), 'two@5');
  assert.equal(s.fetch(3, 5), null);
  assert.deepEqual(s.fetch(2, 3, 4), []);
  assert.deepEqual(s.fetchRange(1, 2, 0, 2).map(([w, v]) => [w.key, w.window.start, w.window.end, v]), [[1, 1, 11, 'one'], [2, 2, 12, 'two+']]);
  assert.deepEqual(s.fetchAll(1, 2).map(([w, v]) => [w.key, v]), [[1, 'one'], [2, 'two+']]);
  assert.deepEqual(s.all().map(([w]) => [w.key, w.window.start]), [[0, 0], [1, 1], [2, 2], [2, 5]]);
  // A null value deletes the window.
  s.put(2, null, 2);
  assert.deepEqual(s.fetch(2, 0, 10), [[5, 'two@5']]);
});

test('windows older than observed stream time minus retention expire (InMemoryWindowStoreTest.shouldExpireWindows)', () => {
  const { s } = store({ retentionMs: 20 });
  s.put(1, 'a', 0);
  s.put(1, 'b', 10);
  s.put(1, 'c', 20);
  assert.deepEqual(s.fetch(1, 0, 100), [[10, 'b'], [20, 'c']]);
  // A put for an expired window is dropped.
  s.put(1, 'late', 0);
  assert.deepEqual(s.fetch(1, 0, 100), [[10, 'b'], [20, 'c']]);
});

test('duplicates are kept in put order; the changelog numbers them from 1 (WindowKeySchema + seqnum)', () => {
  const { s, log, at } = store({ retainDuplicates: true });
  at(7);
  s.put(5, 'x', 3);
  s.put(5, 'y', 3);
  assert.deepEqual(s.fetch(5, 3, 3), [[3, 'x'], [3, 'y']]);
  assert.deepEqual(log.map((r) => [r.key?.toString('hex'), r.value?.toString(), r.timestamp]), [
    ['00000005' + '0000000000000003' + '00000001', 'x', 7],
    ['00000005' + '0000000000000003' + '00000002', 'y', 7],
  ]);
  assert.deepEqual(parseWindowStoreKey(windowStoreKey(Buffer.from('k'), 42, 9)), { keyBytes: Buffer.from('k'), windowStart: 42, seqnum: 9 });
  // Restore into a fresh store: the same windows come back.
  const fresh = store({ retainDuplicates: true });
  for (const r of log) fresh.s.restore(r.key ?? Buffer.alloc(0), r.value, r.timestamp);
  assert.deepEqual(fresh.s.fetch(5, 0, 10), [[3, 'x'], [3, 'y']]);
  assert.equal(fresh.log.length, 0, 'restoring logs nothing');
});

test('a windowed count changelog is in Kafka layout: key + start + seqnum 0, Long value, the window timestamp', () => {
  const b = new StreamsBuilder();
  b.stream('in').groupByKey().windowedBy(TimeWindows.ofSizeWithNoGrace(100)).count({ name: 'per-100' });
  const d = new TopologyTestDriver(b.build(), { applicationId: 'wc' });
  const input = d.createInputTopic('in');
  input.pipeInput('a', 'x', 150);
  input.pipeInput('a', 'y', 120);
  const log = d.createOutputTopic('wc-per-100-changelog', Serdes.Buffer(), Serdes.Long()).readRecordsToList();
  assert.deepEqual(log.map((r) => [r.key.toString('hex'), r.value, r.timestamp]), [
    [Buffer.from('a').toString('hex') + '0000000000000064' + '00000000', 1, 150],
    [Buffer.from('a').toString('hex') + '0000000000000064' + '00000000', 2, 150],
  ]);
  assert.deepEqual(d.getTimestampedWindowStore<string, number>('per-100').fetch('a', 0, 1000), [[100, { value: 2, timestamp: 150 }]]);
});

test('driver getWindowStore reads stream-stream join stores; errors name the store', () => {
  const b = new StreamsBuilder();
  b.stream('l').join(b.stream('r'), (x, y) => x + y, JoinWindows.ofTimeDifferenceWithNoGrace(5), { storeName: 'j' }).to('out');
  const d = new TopologyTestDriver(b.build());
  d.createInputTopic('l').pipeInput('k', 'v', 3);
  assert.deepEqual(d.getWindowStore('j-this-join-store').fetch('k', 0, 10), [[3, 'v']]);
  assert.throws(() => d.getWindowStore('nope'), /no window store named nope/);
});

test('the Processor API reads and writes a window store added with addStateStore({ window })', () => {
  const b = new StreamsBuilder();
  b.addStateStore({ name: 'recent', window: { sizeMs: 10, retentionMs: 100 } });
  b.stream('in').process<string, string>(() => {
    let store: import('streamwise').WindowStore<string, string> | undefined;
    return {
      init(ctx) { store = ctx.getWindowStore<string, string>('recent'); },
      process(r) { store?.put(r.key, r.value, r.timestamp); },
    };
  }, { stores: ['recent'] });
  const d = new TopologyTestDriver(b.build());
  d.createInputTopic('in').pipeKeyValueList([['a', '1'], ['a', '2']], 40);
  assert.deepEqual(d.getWindowStore('recent').fetch('a', 0, 100), [[40, '2']]);
  assert.equal(b.build().describe().toJSON().stores.find((s) => s.name === 'recent')?.kind, 'window');
});
