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

// Layouts of Kafka's serializers (clients/.../serialization: LongSerializer, IntegerSerializer,
// DoubleSerializer, UUIDSerializer; streams/.../kstream: TimeWindowedSerializer, SessionWindowedSerializer).
test('Java-compatible serdes: byte layouts', () => {
  assert.equal(Serdes.Long().serialize(1).toString('hex'), '0000000000000001');
  assert.equal(Serdes.Long().serialize(-1).toString('hex'), 'ffffffffffffffff');
  assert.equal(Serdes.Long().serialize(256).toString('hex'), '0000000000000100');
  assert.equal(Serdes.Long({ bigint: true }).serialize(2n ** 63n - 1n).toString('hex'), '7fffffffffffffff');
  assert.equal(Serdes.Long({ bigint: true }).deserialize(Buffer.from('8000000000000000', 'hex')), -(2n ** 63n));
  // What a Java LongDeserializer used to read for a Streamwise count of 1 (a double's bits).
  assert.equal(Serdes.Long({ bigint: true }).deserialize(Serdes.Number().serialize(1)), 4607182418800017408n);
  assert.equal(Serdes.Integer().serialize(-2).toString('hex'), 'fffffffe');
  assert.equal(Serdes.Double().serialize(1).toString('hex'), '3ff0000000000000');
  assert.equal(Serdes.ByteArray().serialize(new Uint8Array([1, 2]) as Buffer).toString('hex'), '0102');
  assert.equal(Serdes.UUID().serialize('123E4567-E89B-12D3-A456-426614174000').toString(), '123e4567-e89b-12d3-a456-426614174000');
  assert.equal(Serdes.TimeWindowed(Serdes.String(), 10).serialize({ key: 'k', window: { start: 20, end: 30 } }).toString('hex'), '6b0000000000000014');
  const session = Serdes.SessionWindowed(Serdes.String());
  assert.equal(session.serialize({ key: 'k', window: { start: 5, end: 20 } }).toString('hex'), '6b00000000000000140000000000000005');
  assert.deepEqual(session.deserialize(Buffer.from('6b00000000000000140000000000000005', 'hex')), { key: 'k', window: { start: 5, end: 20 } });
});

test('Java-compatible serdes: bad input is a clear error', () => {
  assert.throws(() => Serdes.Long().serialize(1.5), /a Long must be an integer within ±\(2\^53 - 1\) as a number \(or a bigint\), got 1.5/);
  assert.throws(() => Serdes.Long().serialize(2 ** 60), /must be an integer within/);
  assert.throws(() => Serdes.Long({ bigint: true }).serialize(2n ** 64n), /does not fit in a signed 64-bit Long/);
  assert.throws(() => Serdes.Long().deserialize(Buffer.from([1, 2, 3])), /Size of data received by LongDeserializer is not 8 \(got 3 bytes\)/);
  assert.throws(() => Serdes.Integer().serialize(2 ** 31), /an Integer must be a 32-bit signed integer, got 2147483648/);
  assert.throws(() => Serdes.Integer().deserialize(Buffer.from([1])), /Size of data received by IntegerDeserializer is not 4/);
  assert.throws(() => Serdes.UUID().serialize('not-a-uuid'), /expected a UUID \(8-4-4-4-12 hex digits\), got "not-a-uuid"/);
  assert.throws(() => Serdes.ByteArray().serialize('x' as unknown as Buffer), /expected a Buffer or Uint8Array, got string/);
});

test('count() values are Longs by default, in the output and the changelog', () => {
  const b = new StreamsBuilder();
  b.stream('in').groupByKey().count({ name: 'c' }).toStream().to('out');
  const d = new TopologyTestDriver(b.build(), { applicationId: 'app' });
  d.createInputTopic('in').pipeKeyValueList([['k', 'a'], ['k', 'b']]);
  const raw = d.createOutputTopic('out', Serdes.String(), Serdes.Buffer()).readValuesToList().map((v) => v.toString('hex'));
  assert.deepEqual(raw, ['0000000000000001', '0000000000000002']);
  assert.deepEqual(d.createOutputTopic('app-c-changelog', Serdes.String(), Serdes.Long()).readValuesToList(), [1, 2]);
});
