// KStream.print(Printed): Kafka's KStreamPrint / PrintForeachAction (PrintedTest, KStreamPrintTest,
// StreamsBuilderTest.shouldUseSpecifiedNameForPrintOperation), in the test driver.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Printed, Serdes, StreamsBuilder, TimeWindows, TopologyError } from 'streamwise';
import { TopologyTestDriver } from 'streamwise/testing';

function capture(): { lines: string[]; stdout: (text: string) => void } {
  const lines: string[] = [];
  return { lines, stdout: (text) => void lines.push(text) };
}

// KStreamPrintTest.testPrintStreamWithProvidedKeyValueMapper (label test-stream); PrintedTest.shouldPrintWithLabel / WithKeyValueMapper.
test('print writes [label]: key, value per record to the runtime stdout; a mapper replaces key, value', () => {
  const out = capture();
  const b = new StreamsBuilder();
  const s = b.stream('in', { keySerde: Serdes.Integer() });
  s.print(Printed.toSysOut<number, string>().withLabel('test-stream'));
  s.print(Printed.toSysOut<number, string>().withLabel('mapped').withKeyValueMapper((k, v) => `${k} -> ${v.length}`));
  const d = new TopologyTestDriver(b.build(), { initialWallClockTimeMs: 0, stdout: out.stdout });
  const input = d.createInputTopic('in', Serdes.Integer(), Serdes.String());
  for (const [k, v] of [[0, 'zero'], [1, 'one'], [2, 'two'], [3, 'three']] as const) input.pipeInput(k, v);
  d.close();
  assert.deepEqual(out.lines, [
    '[test-stream]: 0, zero\n', '[mapped]: 0 -> 4\n',
    '[test-stream]: 1, one\n', '[mapped]: 1 -> 3\n',
    '[test-stream]: 2, two\n', '[mapped]: 2 -> 3\n',
    '[test-stream]: 3, three\n', '[mapped]: 3 -> 5\n',
  ]);
});

test('without a label the line is labelled with the node printed from (KStreamImpl passes its own name); nulls print as null', () => {
  const out = capture();
  const b = new StreamsBuilder();
  b.stream('in').mapValues((v) => v.toUpperCase()).print();
  const d = new TopologyTestDriver(b.build(), { initialWallClockTimeMs: 0, stdout: out.stdout });
  const input = d.createInputTopic('in');
  input.pipeInput('good', 'x');
  input.pipeInput(null, 'y');
  assert.deepEqual(out.lines, ['[KSTREAM-MAPVALUES-0000000001]: good, X\n', '[KSTREAM-MAPVALUES-0000000001]: null, Y\n']);
});

test('windowed keys print as Kafka\'s Windowed.toString ([key@start/end]), objects as JSON', () => {
  const out = capture();
  const b = new StreamsBuilder();
  b.stream('in').groupByKey().windowedBy(TimeWindows.ofSizeWithNoGrace(10)).count().toStream().print(Printed.toSysOut().withLabel('w'));
  b.stream('json', { valueSerde: Serdes.JSON<{ n: number }>() }).print(Printed.toSysOut().withLabel('j'));
  const d = new TopologyTestDriver(b.build(), { initialWallClockTimeMs: 0, stdout: out.stdout });
  d.createInputTopic('in').pipeInput('a', 'x', 3);
  d.createInputTopic('json', Serdes.String(), Serdes.JSON<{ n: number }>()).pipeInput('k', { n: 1 });
  assert.deepEqual(out.lines, ['[w]: [a@0/10], 1\n', '[j]: k, {"n":1}\n']);
});

// StreamsBuilderTest.shouldUseSpecifiedNameForPrintOperation; KSTREAM-PRINTER- names and describe() text.
test('describe: KSTREAM-PRINTER-<n>, or the withName name (which still draws its counter value)', () => {
  const b = new StreamsBuilder();
  const s = b.stream('stream-topic');
  s.print(Printed.toSysOut().withName('print-processor'));
  s.print(Printed.toSysOut());
  assert.equal(b.build().describe().toString(), [
    'Topologies:',
    '   Sub-topology: 0',
    '    Source: KSTREAM-SOURCE-0000000000 (topics: [stream-topic])',
    '      --> KSTREAM-PRINTER-0000000002, print-processor',
    '    Processor: KSTREAM-PRINTER-0000000002 (stores: [])',
    '      --> none',
    '      <-- KSTREAM-SOURCE-0000000000',
    '    Processor: print-processor (stores: [])',
    '      --> none',
    '      <-- KSTREAM-SOURCE-0000000000',
    '',
    '',
  ].join('\n'));
  const nodes = b.build().describe().toJSON().subTopologies[0]?.nodes.map((n) => [n.name, n.kind === 'processor' ? n.operator : n.kind]);
  assert.deepEqual(nodes?.sort(), [['KSTREAM-PRINTER-0000000002', 'print'], ['KSTREAM-SOURCE-0000000000', 'source'], ['print-processor', 'print']]);
});

// PrintedTest.shouldCreateProcessorThatPrintsToFile: the file is created at toFile() and holds every line after close().
test('Printed.toFile writes the lines to the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'streamwise-print-'));
  try {
    const file = join(dir, 'out.txt');
    const b = new StreamsBuilder();
    b.stream('in', { valueSerde: Serdes.Integer() }).print(Printed.toFile<string, number>(file).withLabel('processor'));
    assert.equal(readFileSync(file, 'utf8'), '');
    const d = new TopologyTestDriver(b.build(), { initialWallClockTimeMs: 0 });
    d.createInputTopic('in', Serdes.String(), Serdes.Integer()).pipeInput('hi', 1);
    d.close();
    assert.equal(readFileSync(file, 'utf8'), '[processor]: hi, 1\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// PrintedTest.shouldThrow*: null label/mapper/path, an empty path, a path that cannot be created.
test('Printed checks its arguments as Kafka', () => {
  assert.throws(() => Printed.toSysOut().withLabel(null as unknown as string), /label can't be null/);
  assert.throws(() => Printed.toSysOut().withKeyValueMapper(null as never), /mapper can't be null/);
  assert.throws(() => Printed.toFile(null as unknown as string), /filePath can't be null/);
  assert.throws(() => Printed.toFile(''), (e: Error) => e instanceof TopologyError && /filePath can't be an empty string/.test(e.message));
  assert.throws(() => Printed.toFile('/this/should/not/exist'), (e: Error) => e instanceof TopologyError && /Unable to write stream to file at \[\/this\/should\/not\/exist\] ENOENT/.test(e.message));
  const b = new StreamsBuilder();
  b.stream('in').print({ label: 'x' } as never);
  assert.throws(() => b.build(), /print\(\): expected Printed.toSysOut\(\) or Printed.toFile\(path\), got object/);
});

test('with no stdout option the lines go to the process stdout', () => {
  const fixture = join(import.meta.dirname, '../../fixtures/streams/print-to-stdout.ts');
  const r = spawnSync(process.execPath, ['--import', 'tsx', fixture], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '[child]: a, 1\n[child]: null, 2\n[child]: c, null\n');
});
