// `streamwise run FILE`: a TypeScript topology module on the embedded dev cluster or given brokers.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { StreamsEvent } from 'streamwise/model';
import { consumeUntil, produce, randomName } from '../../../runtime/streams/helpers/kafka-io';
import { startMockCluster } from '../../../runtime/streams/helpers/mock-cluster';
import { readCommitted } from '../../../runtime/streams/helpers/read-committed';
import { spawn } from 'node:child_process';
import { fixture, root, runCliToEnd, startCli } from './cli-helpers';

test('run on the embedded dev cluster: feeds --input, processes, prints states and metrics, SIGINT closes cleanly', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'streamwise-run-'));
  const metricsFile = join(dir, 'metrics.ndjson');
  const run = startCli(['run', fixture('uppercase-topology.ts'), '--input', `cli-run-in=${fixture('uppercase-input.jsonl')}`, '--metrics-out', metricsFile, '--metrics-interval', '200']);
  try {
    const [, address] = await run.waitFor(/embedded dev cluster on (\S+)/);
    await run.waitFor(/input: 3 record\(s\) from .* -> cli-run-in/);
    await run.waitFor(/REBALANCING -> RUNNING/);
    const out = await consumeUntil([address ?? ''], 'cli-run-out', (r) => r.length >= 3);
    assert.deepEqual(out.map((r) => r.value).sort(), ['ONE', 'THREE', 'TWO']);
    await run.waitFor(/metrics: in 3 .* out 3 .*lag 0 errors 0 \| RUNNING/);
    run.child.kill('SIGINT');
    assert.equal(await run.exit, 0, run.stderr());
    assert.match(run.stdout(), /SIGINT: closing/);
    assert.match(run.stdout(), /PENDING_SHUTDOWN -> NOT_RUNNING/);
    const events = readFileSync(metricsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as StreamsEvent);
    assert.ok(events.some((e) => e.type === 'state' && e.state === 'RUNNING'));
    assert.ok(events.some((e) => e.type === 'assignment' && e.partitions.length > 0));
    assert.ok(events.some((e) => e.type === 'metrics' && (e.metrics.topics['cli-run-in']?.recordsIn ?? 0) === 3));
    assert.ok(events.some((e) => e.type === 'metrics' && e.metrics.nodes['KSTREAM-MAPVALUES-0000000001']?.recordsOut === 3));
  } finally {
    if (run.child.exitCode === null) run.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('run an exactly_once_v2 app on the embedded dev cluster: a read_committed reader (kcat) sees the results', async () => {
  const run = startCli(['run', fixture('exactly-once-app.ts'), '--input', `eos-cli-in=${fixture('uppercase-input.jsonl')}`]);
  try {
    const [, address] = await run.waitFor(/embedded dev cluster on (\S+)/);
    await run.waitFor(/REBALANCING -> RUNNING/);
    const out = await readCommitted([address ?? ''], 'eos-cli-out', { until: (r) => r.length >= 3 });
    assert.deepEqual(out.map((r) => r.value).sort(), ['ONE', 'THREE', 'TWO']);
    run.child.kill('SIGINT');
    assert.equal(await run.exit, 0, run.stderr());
    assert.match(run.stdout(), /PENDING_SHUTDOWN -> NOT_RUNNING/);
  } finally {
    if (run.child.exitCode === null) run.child.kill('SIGKILL');
  }
});

test('run --brokers (librdkafka mock cluster) --instances 2: the instances split the tasks', async () => {
  const cluster = await startMockCluster(1);
  const appId = randomName('cli-app');
  await produce(cluster.brokers, 'cli-run-in', [{ key: 'k', value: 'v' }]);
  const run = startCli(['run', fixture('uppercase-topology.ts'), '--brokers', cluster.brokers.join(','), '--instances', '2', '--application-id', appId]);
  try {
    await run.waitFor(new RegExp(`\\[${appId}-1\\] .*: tasks \\[(0_\\d, 0_\\d)\\]`), 90000);
    await run.waitFor(new RegExp(`\\[${appId}-2\\] .*: tasks \\[(0_\\d, 0_\\d)\\]`), 90000);
    run.child.kill('SIGTERM');
    assert.equal(await run.exit, 0, run.stderr());
  } finally {
    if (run.child.exitCode === null) run.child.kill('SIGKILL');
    await cluster.close();
  }
});

test('unreachable brokers, a bad module and a bad input line: one clear message, non-zero exit', async () => {
  const unreachable = await runCliToEnd(['run', fixture('uppercase-topology.ts'), '--brokers', '127.0.0.1:1']);
  assert.equal(unreachable.code, 1);
  assert.match(unreachable.stderr, /cannot reach brokers 127\.0\.0\.1:1/);
  const bad = await runCliToEnd(['run', fixture('does-not-compile.ts')]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /does not compile/);
  const input = await runCliToEnd(['run', fixture('uppercase-topology.ts'), '--input', `cli-run-in=${fixture('bad-input.jsonl')}`]);
  assert.equal(input.code, 2);
  assert.match(input.stderr, /bad-input\.jsonl:2: not JSON/);
  const instances = await runCliToEnd(['run', fixture('uppercase-topology.ts'), '--instances', 'zero']);
  assert.equal(instances.code, 2);
  assert.match(instances.stderr, /--instances must be an integer/);
});

test('STREAMWISE_METRICS_FD: events arrive as JSON lines on the given file descriptor', async () => {
  const child = spawn(process.execPath, [`${root}dist/cli.js`, 'run', fixture('uppercase-topology.ts'), '--input', `cli-run-in=${fixture('uppercase-input.jsonl')}`],
    { cwd: root, env: { ...process.env, STREAMWISE_METRICS_FD: '3' }, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const side = child.stdio[3];
  assert.ok(side !== null && side !== undefined && 'on' in side);
  try {
    const events: StreamsEvent[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no RUNNING state event on fd 3: ${JSON.stringify(events)}`)), 60000);
      let buffered = '';
      side.on('data', (d: Buffer) => {
        buffered += d.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const l of lines) events.push(JSON.parse(l) as StreamsEvent);
        if (events.some((e) => e.type === 'state' && e.state === 'RUNNING')) { clearTimeout(timer); resolve(); }
      });
    });
    child.kill('SIGTERM');
    assert.equal(await exit, 0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

test('streamwise.config.json beside the module: its inputs feed the run; an invalid one is a usage error naming file, line and key', async () => {
  const run = startCli(['run', fixture('with-config/uppercase.ts')]);
  try {
    await run.waitFor(/input: 3 record\(s\) from .*uppercase-input\.jsonl -> cli-run-in/);
    await run.waitFor(/metrics: in 3 /);
    run.child.kill('SIGTERM');
    assert.equal(await run.exit, 0, run.stderr());
  } finally {
    if (run.child.exitCode === null) run.child.kill('SIGKILL');
  }
  const bad = await runCliToEnd(['run', fixture('bad-config/uppercase.ts')]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /test\/fixtures\/cli\/bad-config\/streamwise\.config\.json:3:21: unknown key "partitons" in topics\."cli-run-in" \(did you mean "partitions"\?\)/);
});

test('run with no input files: creates the source and sink topics (config partitions, else --partitions), --print shows records, --metrics-interval paces the metrics file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'streamwise-print-'));
  const metricsFile = join(dir, 'metrics.ndjson');
  const run = startCli(['run', fixture('print-project/word-count.ts'), '--partitions', '2', '--print', 'print-word-counts', '--metrics-out', metricsFile, '--metrics-interval', '250']);
  try {
    const [, address] = await run.waitFor(/embedded dev cluster on (\S+)/);
    await run.waitFor(/^topics: print-lines \(3\), print-word-counts \(2\)$/m);
    await run.waitFor(/REBALANCING -> RUNNING/);
    await produce([address ?? ''], 'print-lines', [{ key: null, value: 'hello world' }, { key: null, value: 'hello' }]);
    await run.waitFor(/^print-word-counts \[p\d @\d+\] key=hello value=2$/m);
    await run.waitFor(/^print-word-counts \[p\d @\d+\] key=world value=1$/m);
    await run.waitFor(/(metrics: in [1-9][^\n]*\n[^]*){4}/);
    run.child.kill('SIGINT');
    assert.equal(await run.exit, 0, run.stderr());
    assert.equal(run.stderr(), '');
    const times = readFileSync(metricsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as StreamsEvent).filter((e) => e.type === 'metrics').map((e) => e.time);
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? t)).sort((a, b) => a - b);
    const median = gaps[Math.floor(gaps.length / 2)] ?? Infinity;
    assert.ok(gaps.length >= 3 && median < 1500, `metrics file every ~250 ms (the default is 2000), got gaps ${gaps.join(',')}`);
  } finally {
    if (run.child.exitCode === null) run.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('run: a processor that throws ends the run with exit 1 and the error printed once', async () => {
  const r = await runCliToEnd(['run', fixture('throwing-topology.ts'), '--input', `boom-in=${fixture('bad-record.jsonl')}`]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.equal(r.stderr.match(/bad record/g)?.length, 1, r.stderr);
  assert.match(r.stderr, /^\[streamwise-run-throwing-topology\] error: processing failed in node KSTREAM-MAPVALUES-0000000001 \(topic boom-in, partition 0, offset 0\): bad record$/m);
  assert.match(r.stdout, /PENDING_ERROR -> ERROR/);
});

test('instances: the config\'s apps[id].instances wins over --default-instances; --instances wins over both', async () => {
  const run = startCli(['run', fixture('instances-config/uppercase.ts'), '--default-instances', '3']);
  try {
    await run.waitFor(/^instances: 2 \(streamwise\.config\.json apps\.streamwise-run-uppercase\.instances\)$/m);
    await run.waitFor(/\[streamwise-run-uppercase-2\] \S+ -> RUNNING/);
    assert.doesNotMatch(run.stdout(), /streamwise-run-uppercase-3/);
    run.child.kill('SIGTERM');
    assert.equal(await run.exit, 0, run.stderr());
  } finally {
    if (run.child.exitCode === null) run.child.kill('SIGKILL');
  }
  const flag = startCli(['run', fixture('instances-config/uppercase.ts'), '--instances', '1', '--default-instances', '3']);
  try {
    await flag.waitFor(/^instances: 1 \(--instances\)$/m);
    // SIGTERM only once the run handles it (before that it would just kill the process).
    await flag.waitFor(/\] \S+ -> RUNNING/);
    assert.doesNotMatch(flag.stdout(), /streamwise-run-uppercase-\d/);
    flag.child.kill('SIGTERM');
    assert.equal(await flag.exit, 0, flag.stderr());
  } finally {
    if (flag.child.exitCode === null) flag.child.kill('SIGKILL');
  }
});
