// builder.table(), KTable operators and stream-table joins.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { StreamsBuilder } from 'streamwise';
import { TopologyTestDriver } from 'streamwise/testing';

test('table keeps the latest value per key; a null value deletes', () => {
  const b = new StreamsBuilder();
  b.table('users', { name: 'users-store' }).toStream().to('out');
  const d = new TopologyTestDriver(b.build());
  const t = d.createInputTopic('users');
  t.pipeInput('u1', 'ann');
  t.pipeInput('u2', 'bob');
  t.pipeInput('u1', 'amy');
  t.pipeInput('u2', null);
  assert.deepEqual(d.getKeyValueStore('users-store').all(), [['u1', 'amy']]);
  assert.deepEqual(d.createOutputTopic('out').readKeyValuesToList(), [['u1', 'ann'], ['u2', 'bob'], ['u1', 'amy'], ['u2', null]]);
});

test('KTable filter turns keys that do not pass into tombstones; mapValues maps (value, key)', () => {
  const b = new StreamsBuilder();
  b.table('t')
    .filter((_k, v) => v !== 'hide')
    .mapValues((v, k) => `${k}:${v}`)
    .toStream()
    .to('out');
  const d = new TopologyTestDriver(b.build());
  d.createInputTopic('t').pipeKeyValueList([['a', 'x'], ['a', 'hide'], ['b', 'y']]);
  assert.deepEqual(d.createOutputTopic('out').readKeyValuesToList(), [['a', 'a:x'], ['a', null], ['b', 'b:y']]);
});

test('KTable filterNot is the negation', () => {
  const b = new StreamsBuilder();
  b.table('t').filterNot((_k, v) => v === 'drop').toStream().to('out');
  const d = new TopologyTestDriver(b.build());
  d.createInputTopic('t').pipeKeyValueList([['a', 'drop'], ['b', 'keep']]);
  assert.deepEqual(d.createOutputTopic('out').readKeyValuesToList(), [['a', null], ['b', 'keep']]);
});

test('join emits only when the table has the key; table updates emit nothing', () => {
  const b = new StreamsBuilder();
  const users = b.table('users');
  b.stream('clicks').join(users, (click, user) => `${user} clicked ${click}`).to('out');
  const d = new TopologyTestDriver(b.build());
  const clicks = d.createInputTopic('clicks');
  const usersIn = d.createInputTopic('users');
  clicks.pipeInput('u1', 'home'); // no user yet: dropped
  usersIn.pipeInput('u1', 'ann');
  clicks.pipeInput('u1', 'cart');
  usersIn.pipeInput('u1', 'amy');
  clicks.pipeInput('u1', 'pay');
  assert.deepEqual(d.createOutputTopic('out').readValuesToList(), ['ann clicked cart', 'amy clicked pay']);
});

test('leftJoin passes null when the table has no value', () => {
  const b = new StreamsBuilder();
  const users = b.table('users');
  b.stream('clicks').leftJoin(users, (click, user) => `${user ?? 'anonymous'}:${click}`).to('out');
  const d = new TopologyTestDriver(b.build());
  d.createInputTopic('clicks').pipeInput('u9', 'home');
  d.createInputTopic('users').pipeInput('u9', 'zed');
  d.createInputTopic('clicks').pipeInput('u9', 'cart');
  assert.deepEqual(d.createOutputTopic('out').readValuesToList(), ['anonymous:home', 'zed:cart']);
});

test('joining against an aggregation result uses its store', () => {
  const b = new StreamsBuilder();
  const counts = b.stream('events').groupByKey().count({ name: 'n' });
  b.stream('asks').join(counts, (ask, n) => `${ask}=${n}`).to('out');
  const d = new TopologyTestDriver(b.build());
  d.createInputTopic('events').pipeKeyValueList([['k', '1'], ['k', '2']]);
  d.createInputTopic('asks').pipeInput('k', 'how many');
  assert.deepEqual(d.createOutputTopic('out').readValuesToList(), ['how many=2']);
});

test('join after a key change repartitions the stream first (as Kafka), then joins by the new key', () => {
  const b = new StreamsBuilder();
  const users = b.table('users');
  b.stream('clicks')
    .selectKey((_k, v) => v.split(':')[0] ?? '')
    .join(users, (click, user) => `${user}/${click}`)
    .to('out');
  const d = new TopologyTestDriver(b.build(), { applicationId: 'j' });
  d.createInputTopic('users').pipeInput('u1', 'ann');
  d.createInputTopic('clicks').pipeKeyValueList([['x', 'u1:home'], ['y', 'u2:cart']]);
  assert.deepEqual(d.createOutputTopic('j-KSTREAM-KEY-SELECT-0000000004-repartition').readKeyValuesToList(), [['u1', 'u1:home'], ['u2', 'u2:cart']]);
  assert.deepEqual(d.createOutputTopic('out').readKeyValuesToList(), [['u1', 'ann/u1:home']]);
});
