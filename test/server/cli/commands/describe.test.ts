// `streamwise describe FILE`: prints the topology of a TypeScript module with no build step.
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildGatewayRouter } from '../../../../examples/gateway-log-router';
import { fixture, root, runCliToEnd } from './cli-helpers';

test('describe prints the Kafka Streams description of a module exporting a Topology', async () => {
  const r = await runCliToEnd(['describe', 'examples/gateway-log-router.ts']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trimEnd(), buildGatewayRouter().describe().toString().trimEnd());
});

test('a module outside the repository gets the CLI\'s copy of streamwise, and a function export is called', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'streamwise-describe-'));
  try {
    copyFileSync(fixture('app-factory.ts'), join(dir, 'app.ts'));
    const r = await runCliToEnd(['describe', join(dir, 'app.ts')], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Source: KSTREAM-SOURCE-0000000000 \(topics: \[factory-in\]\)/);
    assert.match(r.stdout, /Sink: KSTREAM-SINK-0000000002 \(topic: factory-out\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an app under exactly_once_v2 describes like any other (it used to be refused)', async () => {
  const r = await runCliToEnd(['describe', fixture('exactly-once-app.ts')]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Source: KSTREAM-SOURCE-0000000000 \(topics: \[eos-cli-in\]\)/);
  assert.match(r.stdout, /Sink: KSTREAM-SINK-0000000002 \(topic: eos-cli-out\)/);
});

test('a module that does not compile: one message with file and line, exit 1', async () => {
  const r = await runCliToEnd(['describe', fixture('does-not-compile.ts')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /does not compile: .*does-not-compile\.ts:1:\d+: Unexpected ";"/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
});

test('a module exporting nothing runnable, a missing file, a missing argument', async () => {
  const none = await runCliToEnd(['describe', fixture('exports-nothing.ts')]);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /exports nothing runnable/);
  const missing = await runCliToEnd(['describe', 'no/such/file.ts']);
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr, 'streamwise describe: no such file: no/such/file.ts\n');
  const usage = await runCliToEnd(['describe'], { cwd: root });
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /missing FILE/);
});
