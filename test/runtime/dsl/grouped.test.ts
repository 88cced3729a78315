// groupByKey/groupBy with count/reduce/aggregate, and windowed aggregations driven by stream time.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { Serdes, StreamsBuilder, TimeWindows } from 'streamwise';
import { TopologyTestDriver } from 'streamwise/testing';

test('groupByKey().count() emits every update and fills the named store', () => {
  const b = new StreamsBuilder();
  b.stream('in').groupByKey().count({ name: 'counts' }).toStream().to('out', { valueSerde: Serdes.Number() });
  const d = new TopologyTestDriver(b.build());
  d.createInputTopic('in').pipeKeyValueList([['a', 'x'], ['b', 'y'], ['a', 'z'], [null, 'dropped']]);
  assert.deepEqual(d.createOutputTopic('out', Serdes.String(), Serdes.Number()).readKeyValuesToList(), [['a', 1], ['b', 1], ['a', 2]]);
  const store = d.getKeyValueStore<string, number>('counts');
  assert.equal(store.get('a'), 2);
  assert.equal(store.get('missing'), null);
  assert.deepEqual(store.all(), [['a', 2], ['b', 1]]);
});

test('count writes its changelog topic (<app>-<store>-changelog)', () => {
  const b = new StreamsBuilder();
  b.stream('in').groupByKey().count({ name: 'counts' });
  const d = new TopologyTestDriver(b.build(), { applicationId: 'app1' });
  d.createInputTopic('in').pipeKeyValueList([['a', 'x'], ['a', 'y']]);
  assert.deepEqual(d.createOutputTopic('app1-counts-changelog', Serdes.String(), Serdes.Long()).readKeyValuesToList(), [['a', 1], ['a', 2]]);
});

test('groupBy repartitions through <app>-<name>-repartition, then counts by the new key', () => {
  const b = new StreamsBuilder();
  b.stream('in').groupBy((_k, v) => v.split(':')[0] ?? '').count({ name: 'by-prefix' }).toStream().to('out', { valueSerde: Serdes.Number() });
  const d = new TopologyTestDriver(b.build(), { applicationId: 'app2' });
  d.createInputTopic('in').pipeKeyValueList([['1', 'eu:a'], ['2', 'us:b'], ['3', 'eu:c']]);
  assert.deepEqual(d.createOutputTopic('app2-by-prefix-repartition').readKeyValuesToList(), [['eu', 'eu:a'], ['us', 'us:b'], ['eu', 'eu:c']]);
  assert.deepEqual(d.createOutputTopic('out', Serdes.String(), Serdes.Number()).readKeyValuesToList(), [['eu', 1], ['us', 1], ['eu', 2]]);
});

test('reduce: the first value is the aggregate; null values are skipped', () => {
  const b = new StreamsBuilder();
  b.stream('in').groupByKey().reduce((agg, v) => `${agg}+${v}`, { name: 'r' }).toStream().to('out');
  const d = new TopologyTestDriver(b.build());
  d.createInputTopic('in').pipeKeyValueList([['k', 'a'], ['k', null], ['k', 'b'], ['j', 'c']]);
  assert.deepEqual(d.createOutputTopic('out').readKeyValuesToList(), [['k', 'a'], ['k', 'a+b'], ['j', 'c']]);
});

test('aggregate: initializer then aggregator (key, value, aggregate); JSON store by default', () => {
  const b = new StreamsBuilder();
  b.stream('in', { valueSerde: Serdes.Number() })
    .groupByKey()
    .aggregate(() => ({ sum: 0, n: 0 }), (_k, v, agg) => ({ sum: agg.sum + v, n: agg.n + 1 }), { name: 'stats' })
    .toStream()
    .to('out', { valueSerde: Serdes.JSON() });
  const d = new TopologyTestDriver(b.build());
  d.createInputTopic('in', Serdes.String(), Serdes.Number()).pipeKeyValueList([['x', 2], ['x', 5]]);
  assert.deepEqual(d.createOutputTopic('out', Serdes.String(), Serdes.JSON()).readValuesToList(), [{ sum: 2, n: 1 }, { sum: 7, n: 2 }]);
  assert.deepEqual(d.getKeyValueStore('stats').get('x'), { sum: 7, n: 2 });
});

test('groupByKey after a key change repartitions too', () => {
  const b = new StreamsBuilder();
  b.stream('in').selectKey((_k, v) => v).groupByKey().count({ name: 'c' });
  const d = new TopologyTestDriver(b.build(), { applicationId: 'a' });
  d.createInputTopic('in').pipeKeyValueList([['1', 'x'], ['2', 'x']]);
  assert.equal(d.createOutputTopic('a-c-repartition').getQueueSize(), 2);
  assert.equal(d.getKeyValueStore('c').get('x'), 2);
});

test('tumbling windows: counts per window; a record for a closed window is dropped (no grace)', () => {
  const b = new StreamsBuilder();
  b.stream('in')
    .groupByKey()
    .windowedBy(TimeWindows.ofSizeWithNoGrace(10))
    .count({ name: 'w' })
    .toStream()
    .map((wk, v) => [`${wk.key}@${wk.window.start}-${wk.window.end}`, v] as const)
    .to('out', { valueSerde: Serdes.Number() });
  const d = new TopologyTestDriver(b.build());
  const input = d.createInputTopic('in');
  input.pipeInput('k', 'a', 1);
  input.pipeInput('k', 'b', 9);
  input.pipeInput('k', 'c', 10);
  input.pipeInput('k', 'late', 5); // stream time 10 closed [0,10)
  input.pipeInput('k', 'd', 19);
  assert.deepEqual(d.createOutputTopic('out', Serdes.String(), Serdes.Number()).readKeyValuesToList(), [
    ['k@0-10', 1],
    ['k@0-10', 2],
    ['k@10-20', 1],
    ['k@10-20', 2],
  ]);
});

test('hopping windows: a record counts in every window that contains it', () => {
  const b = new StreamsBuilder();
  b.stream('in')
    .groupByKey()
    .windowedBy(TimeWindows.ofSizeWithNoGrace(10).advanceBy(5))
    .count()
    .toStream()
    .map((wk, v) => [`${wk.window.start}`, v] as const)
    .to('out', { valueSerde: Serdes.Number() });
  const d = new TopologyTestDriver(b.build());
  const input = d.createInputTopic('in');
  input.pipeInput('k', 'a', 7);
  input.pipeInput('k', 'b', 12);
  assert.deepEqual(d.createOutputTopic('out', Serdes.String(), Serdes.Number()).readKeyValuesToList(), [
    ['0', 1],
    ['5', 1],
    ['5', 2],
    ['10', 1],
  ]);
});

test('hopping windows whose size is not a multiple of the advance', () => {
  const b = new StreamsBuilder();
  b.stream('in')
    .groupByKey()
    .windowedBy(TimeWindows.ofSizeWithNoGrace(10).advanceBy(3))
    .count()
    .toStream()
    .map((wk, v) => [`${wk.window.start}-${wk.window.end}`, v] as const)
    .to('out', { valueSerde: Serdes.Number() });
  const d = new TopologyTestDriver(b.build());
  d.createInputTopic('in').pipeInput('k', 'a', 12);
  assert.deepEqual(d.createOutputTopic('out', Serdes.String(), Serdes.Number()).readKeyValuesToList().map(([k]) => k), [
    '3-13',
    '6-16',
    '9-19',
    '12-22',
  ]);
});

test('a windowed aggregation keeps a window store, read with getWindowStore', () => {
  const b = new StreamsBuilder();
  b.stream('in').groupByKey().windowedBy(TimeWindows.ofSizeWithNoGrace(100)).reduce((a, v) => a + v, { name: 'wr' });
  const d = new TopologyTestDriver(b.build());
  d.createInputTopic('in').pipeKeyValueList([['k', 'a'], ['k', 'b']], 150);
  assert.equal(d.getWindowStore('wr').fetch('k', 100), 'ab');
  assert.deepEqual(d.getWindowStore('wr').fetch('k', 0, 1000), [[100, 'ab']]);
  assert.throws(() => d.getKeyValueStore('wr'), /wr is a window store: use getWindowStore/);
});

test('a windowed table written as is uses the TimeWindowed key serde', () => {
  const b = new StreamsBuilder();
  b.stream('in').groupByKey().windowedBy(TimeWindows.ofSizeWithNoGrace(1000)).count().toStream().to('out', { valueSerde: Serdes.Number() });
  const d = new TopologyTestDriver(b.build());
  d.createInputTopic('in').pipeInput('user', 'x', 2500);
  assert.deepEqual(d.createOutputTopic('out', Serdes.TimeWindowed(Serdes.String(), 1000), Serdes.Number()).readKeyValue(), [
    { key: 'user', window: { start: 2000, end: 3000 } },
    1,
  ]);
});

test('window sizes and advances are checked', () => {
  assert.throws(() => TimeWindows.ofSizeWithNoGrace(0), /window size must be a positive integer of ms, got 0/);
  assert.throws(() => TimeWindows.ofSizeWithNoGrace(10).advanceBy(11), /must not exceed the window size/);
});
