// Build-time validation: every problem in one TopologyError with a clear message.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { Serdes, StreamsBuilder, TopologyError } from 'streamwise';

function problems(build: (b: StreamsBuilder) => void, options?: ConstructorParameters<typeof StreamsBuilder>[0]): string[] {
  const b = new StreamsBuilder(options);
  build(b);
  try {
    b.build();
  } catch (e) {
    if (e instanceof TopologyError) return e.problems;
    throw e;
  }
  return [];
}

test('a sink with no topic', () => {
  assert.deepEqual(
    problems((b) => b.stream('in').to('')),
    ['sink KSTREAM-SINK-0000000001 has no topic: to() needs a topic name or a topic extractor function'],
  );
  assert.deepEqual(
    problems((b) => b.stream('in').to(undefined as unknown as string)),
    ['sink KSTREAM-SINK-0000000001 has no topic: to() needs a topic name or a topic extractor function, got undefined'],
  );
});

test('a repartition with no key serde where the builder has no default', () => {
  assert.deepEqual(
    problems(
      (b) =>
        b
          .stream('in', { keySerde: Serdes.String(), valueSerde: Serdes.String() })
          .groupBy((_k, v) => v.length)
          .count({ name: 'by-len' }),
      { defaultKeySerde: null },
    ),
    [
      'count KSTREAM-AGGREGATE-0000000002: repartition topic by-len-repartition needs a key serde; pass { keySerde } to groupBy()/groupByKey() (the builder has no default key serde)',
    ],
  );
  assert.deepEqual(
    problems(
      (b) =>
        b
          .stream('in', { keySerde: Serdes.String(), valueSerde: Serdes.String() })
          .groupBy((_k, v) => v.length, { keySerde: Serdes.Number() })
          .count({ name: 'by-len' }),
      { defaultKeySerde: null },
    ),
    [],
  );
});

test('a source or sink with no serde where the builder has no default', () => {
  assert.deepEqual(
    problems((b) => b.stream('in').to('out'), { defaultValueSerde: null }),
    [
      'source KSTREAM-SOURCE-0000000000 needs a value serde: pass { valueSerde } (the builder has no default value serde)',
      'sink KSTREAM-SINK-0000000001 needs a value serde: pass { valueSerde } to to() (the builder has no default value serde)',
    ],
  );
});

test('duplicate store names and unconnected stores', () => {
  assert.deepEqual(
    problems((b) => {
      b.stream('a').groupByKey().count({ name: 'c' });
      b.stream('b').groupByKey().count({ name: 'c' });
      b.addStateStore({ name: 'lonely' });
    }),
    [
      'state store c is defined twice (names of count/reduce/aggregate/table stores must be unique)',
      'state store lonely is not connected to any processor',
    ],
  );
});

test('an empty topology and a stream with no topic', () => {
  assert.deepEqual(problems(() => {}), ['the topology is empty: add at least one stream() or table()']);
  assert.deepEqual(problems((b) => b.stream([]).to('o')), ['source KSTREAM-SOURCE-0000000000 needs at least one non-empty topic name, got []']);
});

test('the error message lists every problem', () => {
  const b = new StreamsBuilder();
  b.stream('in').to('');
  b.stream('in2').to('');
  assert.throws(
    () => b.build(),
    {
      name: 'TopologyError',
      message:
        'invalid topology:\n  - sink KSTREAM-SINK-0000000001 has no topic: to() needs a topic name or a topic extractor function\n  - sink KSTREAM-SINK-0000000003 has no topic: to() needs a topic name or a topic extractor function',
    },
  );
});
