// Records piped without headers share one internal no-headers object (a driver speed-up): user code
// must still see a mutable headers object of its own per record, as before.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { StreamsBuilder } from 'streamwise';
import { TopologyTestDriver } from 'streamwise/testing';

test('a processor can add headers to a record piped without any; they reach the sink for that record only', () => {
  const b = new StreamsBuilder();
  b.stream('in')
    .process<string, string>(() => {
      let forward: ((r: { key: string; value: string; timestamp: number; headers: Record<string, Buffer> }) => void) | undefined;
      return {
        init: (ctx) => void (forward = (r) => ctx.forward(r)),
        process: (r) => {
          if (r.value === 'tag') r.headers['tagged'] = Buffer.from('yes');
          forward?.({ key: r.key, value: r.value, timestamp: r.timestamp, headers: r.headers });
        },
      };
    })
    .to('out');
  const d = new TopologyTestDriver(b.build(), { initialWallClockTimeMs: 0 });
  const input = d.createInputTopic('in');
  input.pipeInput('k', 'tag', 1);
  input.pipeInput('k', 'plain', 2);
  const [first, second] = d.createOutputTopic('out').readRecordsToList();
  assert.equal(first?.headers['tagged']?.toString(), 'yes');
  assert.deepEqual(second?.headers, {});
});

test('headers read from an output topic are mutable and not shared between records', () => {
  const b = new StreamsBuilder();
  b.stream('in').to('out');
  const d = new TopologyTestDriver(b.build(), { initialWallClockTimeMs: 0 });
  const input = d.createInputTopic('in');
  input.pipeInput('a', '1');
  input.pipeInput('b', '2');
  const out = d.createOutputTopic('out');
  const r1 = out.readRecord();
  r1.headers['x'] = Buffer.from('1');
  assert.deepEqual(out.readRecord().headers, {});
});

test('a topic extractor sees the record headers; given headers are kept on the output', () => {
  const b = new StreamsBuilder();
  b.stream('in').to((_k, _v, ctx) => (ctx.headers['route']?.toString() ?? 'none'));
  const d = new TopologyTestDriver(b.build(), { initialWallClockTimeMs: 0 });
  const input = d.createInputTopic('in');
  input.pipeInput('k', 'v', 1, { route: Buffer.from('routed') });
  input.pipeInput('k', 'w', 2);
  assert.equal(d.createOutputTopic('routed').readRecord().headers['route']?.toString(), 'routed');
  assert.deepEqual(d.createOutputTopic('none').readRecord(), { key: 'k', value: 'w', timestamp: 2, headers: {} });
});

test('piping from inside a callback (to another sub-topology) processes both records in full', () => {
  const b = new StreamsBuilder();
  const seen: string[] = [];
  const nested: { pipe?: () => void } = {};
  b.stream('in').peek((_k, v) => {
    seen.push(v);
    if (v === 'outer') nested.pipe?.();
  }).to('out');
  b.stream('side').to('side-out');
  const d = new TopologyTestDriver(b.build(), { initialWallClockTimeMs: 0 });
  const input = d.createInputTopic('in');
  const side = d.createInputTopic('side');
  nested.pipe = () => side.pipeInput('n', 'inner', 5);
  input.pipeInput('o', 'outer', 7);
  input.pipeInput('o', 'after', 8);
  assert.deepEqual(seen, ['outer', 'after']);
  assert.deepEqual(d.createOutputTopic('side-out').readRecordsToList().map((r) => [r.key, r.value, r.timestamp]), [['n', 'inner', 5]]);
  assert.deepEqual(d.createOutputTopic('out').readRecordsToList().map((r) => [r.key, r.value, r.timestamp]), [['o', 'outer', 7], ['o', 'after', 8]]);
});
