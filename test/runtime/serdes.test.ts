// Serdes round-trips, and SerdeError naming topic, partition, offset and serde on failures.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { SerdeError, Serdes, StreamsBuilder } from 'streamwise';
import { TopologyTestDriver } from 'streamwise/testing';

test('String, JSON, Number, Buffer and TimeWindowed round-trip', () => {
  assert.equal(Serdes.String().deserialize(Serdes.String().serialize('héllo')), 'héllo');
  assert.deepEqual(Serdes.JSON().deserialize(Serdes.JSON().serialize({ a: [1, 'x'] })), { a: [1, 'x'] });
  assert.equal(Serdes.Number().deserialize(Serdes.Number().serialize(-1.5)), -1.5);
  assert.equal(Serdes.Number().serialize(1).length, 8);
  const buf = Buffer.from([1, 2, 3]);
  assert.equal(Serdes.Buffer().deserialize(Serdes.Buffer().serialize(buf)), buf);
  const w = Serdes.TimeWindowed(Serdes.String(), 10);
  assert.deepEqual(w.deserialize(w.serialize({ key: 'k', window: { start: 20, end: 30 } })), { key: 'k', window: { start: 20, end: 30 } });
});

test('serializers reject values of the wrong type', () => {
  assert.throws(() => Serdes.String().serialize(5 as unknown as string), /expected a string, got number/);
  assert.throws(() => Serdes.Number().serialize('5' as unknown as number), /expected a number, got string/);
  assert.throws(() => Serdes.Buffer().serialize('x' as unknown as Buffer), /expected a Buffer, got string/);
  assert.throws(() => Serdes.JSON().serialize(undefined), /has no JSON form/);
  assert.throws(() => Serdes.Number().deserialize(Buffer.from([1])), /expected 8 bytes, got 1/);
});

test('a value that fails to deserialize at a source is a SerdeError naming topic, partition, offset and serde', () => {
  const b = new StreamsBuilder();
  b.stream('orders', { valueSerde: Serdes.JSON() }).to('out', { valueSerde: Serdes.JSON() });
  const d = new TopologyTestDriver(b.build());
  const input = d.createInputTopic('orders', Serdes.String(), Serdes.String());
  input.pipeInput('k', '{"ok":1}');
  assert.throws(
    () => input.pipeInput('k', '{not json'),
    (e: unknown) =>
      e instanceof SerdeError &&
      e.topic === 'orders' &&
      e.partition === 0 &&
      e.offset === 1 &&
      e.serde === 'JSON' &&
      e.part === 'value' &&
      e.operation === 'deserialize' &&
      /JSON serde failed to deserialize the value \(topic orders, partition 0, offset 1\)/.test(e.message),
  );
});

test('a value that fails to serialize at a sink is a SerdeError naming the sink topic and the input offset', () => {
  const b = new StreamsBuilder();
  b.stream('in').mapValues((v) => (v === 'bad' ? 42 : v)).to('out');
  const d = new TopologyTestDriver(b.build());
  const input = d.createInputTopic('in');
  input.pipeInput('k', 'fine');
  assert.throws(
    () => input.pipeInput('k', 'bad'),
    (e: unknown) => e instanceof SerdeError && e.topic === 'out' && e.offset === 1 && e.serde === 'String' && e.operation === 'serialize',
  );
  assert.deepEqual(d.createOutputTopic('out').readValuesToList(), ['fine']);
});

test('reading an output topic with the wrong serde is a SerdeError too', () => {
  const b = new StreamsBuilder();
  b.stream('in').to('out');
  const d = new TopologyTestDriver(b.build());
  d.createInputTopic('in').pipeInput('k', 'abc');
  assert.throws(() => d.createOutputTopic('out', Serdes.String(), Serdes.Number()).readValue(), (e: unknown) => e instanceof SerdeError && e.serde === 'Number' && e.offset === 0);
});
