// The Processor API: init/process/close, forward (all or one child), state stores, punctuation.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { Serdes, StreamsBuilder, type KeyValueStore, type ProcessorContext } from 'streamwise';
import { TopologyTestDriver } from 'streamwise/testing';

test('process(): init gets the context, process gets records, forward sends downstream, close is called', () => {
  const calls: string[] = [];
  const b = new StreamsBuilder();
  b.addStateStore({ name: 'seen', valueSerde: Serdes.Number() });
  b.stream('in')
    .process<string, string>(
      () => {
        let ctx: ProcessorContext<string, string> | undefined;
        let store: KeyValueStore<string, number> | undefined;
        return {
          init(c) {
            ctx = c;
            store = c.getStateStore<string, number>('seen');
            calls.push(`init ${c.applicationId}`);
          },
          process(r) {
            const n = (store?.get(r.key) ?? 0) + 1;
            store?.put(r.key, n);
            ctx?.forward({ ...r, value: `${r.value}#${n}@${ctx.offset()}` });
          },
          close() {
            calls.push('close');
          },
        };
      },
      { stores: ['seen'] },
    )
    .to('out');
  const d = new TopologyTestDriver(b.build(), { applicationId: 'papi' });
  d.createInputTopic('in').pipeKeyValueList([['a', 'x'], ['a', 'y'], ['b', 'z']]);
  assert.deepEqual(d.createOutputTopic('out').readKeyValuesToList(), [['a', 'x#1@0'], ['a', 'y#2@1'], ['b', 'z#1@2']]);
  assert.equal(d.getKeyValueStore('seen').get('a'), 2);
  d.close();
  assert.deepEqual(calls, ['init papi', 'close']);
});

test('forward to a named child and with its own timestamp', () => {
  const b = new StreamsBuilder();
  const p = b.stream('in').process<string, string>(() => {
    let ctx: ProcessorContext<string, string> | undefined;
    return {
      init: (c) => void (ctx = c),
      process: (r) => ctx?.forward({ ...r, timestamp: r.timestamp + 1 }, 'KSTREAM-SINK-0000000003'),
    };
  });
  p.to('first');
  p.to('second');
  const d = new TopologyTestDriver(b.build());
  d.createInputTopic('in').pipeInput('k', 'v', 10);
  assert.equal(d.createOutputTopic('first').getQueueSize(), 0);
  const r = d.createOutputTopic('second').readRecord();
  assert.equal(r.timestamp, 11);
});

test('wall-clock punctuation fires as the driver clock advances', () => {
  const b = new StreamsBuilder();
  b.stream('in')
    .process<string, string>(() => {
      let ctx: ProcessorContext<string, string> | undefined;
      let pending: string[] = [];
      return {
        init(c) {
          ctx = c;
          c.schedule(1000, 'WALL_CLOCK_TIME', (ts) => {
            if (pending.length > 0) ctx?.forward({ key: 'batch', value: pending.join(','), timestamp: ts, headers: {} });
            pending = [];
          });
        },
        process: (r) => void pending.push(r.value),
      };
    })
    .to('out');
  const d = new TopologyTestDriver(b.build(), { initialWallClockTimeMs: 0 });
  d.createInputTopic('in').pipeValueList(['a', 'b']);
  d.advanceWallClockTime(999);
  assert.ok(d.createOutputTopic('out').isEmpty());
  d.advanceWallClockTime(1);
  assert.deepEqual(d.createOutputTopic('out').readRecord(), { key: 'batch', value: 'a,b', timestamp: 1000, headers: {} });
});

test('a processor asking for a store it was not connected to gets a clear error', () => {
  const b = new StreamsBuilder();
  b.addStateStore({ name: 's' });
  b.stream('in').process(() => ({ init: (c) => void c.getStateStore('s'), process: () => {} }), { stores: ['s'] });
  b.stream('in2').process(() => ({ process: () => {}, init: (c) => void c.getStateStore('s') }));
  assert.throws(() => new TopologyTestDriver(b.build()), /processor KSTREAM-PROCESSOR-0000000003 is not connected to store s \(connected: none\)/);
});

test('a processor naming an undefined store fails the build', () => {
  const b = new StreamsBuilder();
  b.stream('in').process(() => ({ process: () => {} }), { stores: ['nope'] });
  assert.throws(() => b.build(), /process KSTREAM-PROCESSOR-0000000001: store nope is not defined/);
});

test('stream-time punctuation: aligned to 0, fires as record timestamps advance, once per due interval', () => {
  const fired: number[] = [];
  const b = new StreamsBuilder();
  b.stream('in').process(() => ({
    init: (c) => void c.schedule(10, 'STREAM_TIME', (ts) => fired.push(ts)),
    process: () => {},
  }));
  const d = new TopologyTestDriver(b.build(), { initialWallClockTimeMs: 0 });
  const input = d.createInputTopic('in');
  for (const ts of [3, 8, 10, 11, 45, 44, 50]) input.pipeInput('k', 'v', ts);
  d.advanceWallClockTime(1000); // wall clock does not drive stream-time punctuation
  assert.deepEqual(fired, [3, 10, 45, 50]);
});

test('a cancelled punctuation stops; a throwing one fails with the node named', () => {
  const fired: number[] = [];
  const b = new StreamsBuilder();
  b.stream('in').process(() => ({
    init: (c) => {
      const p = c.schedule(5, 'WALL_CLOCK_TIME', (ts) => {
        fired.push(ts);
        p.cancel();
      });
      c.schedule(7, 'WALL_CLOCK_TIME', () => {
        throw new Error('punctuator broke');
      });
    },
    process: () => {},
  }));
  const d = new TopologyTestDriver(b.build(), { initialWallClockTimeMs: 0 });
  d.advanceWallClockTime(5);
  assert.throws(() => d.advanceWallClockTime(5), /processing failed in node KSTREAM-PROCESSOR-0000000001 .*punctuator broke/);
  assert.deepEqual(fired, [5]);
});
