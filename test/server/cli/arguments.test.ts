// Every command with bad arguments: one line on stderr (with "did you mean" for a mistyped flag),
// nothing on stdout, exit 2 for usage errors and missing files, 1 for failures of the work.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { runCli } from '../../../server/src/cli/cli';
import { fixture, root } from './commands/cli-helpers';

const topology = fixture('uppercase-topology.ts');
const down = '127.0.0.1:1'; // nothing listens on port 1: connection refused at once

const table: [args: string[], code: number, stderr: RegExp][] = [
  [['lgа'], 2, /^streamwise: unknown command 'lgа' \(did you mean lag\?\); commands: check, describe, run, dev-cluster, lag, reset/],
  [['frobnicate'], 2, /^streamwise: unknown command 'frobnicate'; commands: /],
  [['check'], 2, /^streamwise check: missing PATH \(streamwise check --help shows the usage\)$/],
  [['check', '.', '--fromat', 'json'], 2, /^streamwise check: unknown option '--fromat' \(did you mean --format\?\)/],
  [['check', '.', '--format', 'xml'], 2, /^streamwise check: unknown format 'xml' \(expected text, json or sarif\)/],
  [['check', 'no/such/dir'], 2, /^streamwise check: no such file or directory: no\/such\/dir$/],
  [['check', 'a', 'b'], 2, /^streamwise check: expected one PATH, got 2/],
  [['describe'], 2, /^streamwise describe: missing FILE/],
  [['describe', topology, '--verbose'], 2, /^streamwise describe: unknown option '--verbose' \(streamwise describe --help/],
  [['describe', 'no/such/file.ts'], 2, /^streamwise describe: no such file: no\/such\/file\.ts$/],
  [['describe', fixture('exports-nothing.ts')], 1, /^streamwise describe: test\/fixtures\/cli\/exports-nothing\.ts exports nothing runnable/],
  [['describe', fixture('does-not-compile.ts')], 1, /^streamwise describe: test\/fixtures\/cli\/does-not-compile\.ts does not compile: test\/fixtures\/cli\/does-not-compile\.ts:1:\d+: /],
  [['run'], 2, /^streamwise run: missing FILE/],
  [['run', topology, '--partition', '2'], 2, /^streamwise run: unknown option '--partition' \(did you mean --partitions\?\)/],
  [['run', topology, '--metric-interval', '200'], 2, /^streamwise run: unknown option '--metric-interval' \(did you mean --metrics-interval\?\)/],
  [['run', topology, '--instances', '0'], 2, /^streamwise run: --instances must be an integer from 1 to 64, got '0'/],
  [['run', topology, '--instances'], 2, /^streamwise run: --instances needs a value/], [['run', topology, '--brokers', '--print', 'x'], 2, /^streamwise run: --brokers needs a value/],
  [['run', 'no/such/app.ts'], 2, /^streamwise run: no such file: no\/such\/app\.ts$/],
  [['run', topology, '--input', 'no-equals-sign'], 2, /^streamwise run: --input must be topic=file\.jsonl, got 'no-equals-sign'/],
  [['run', topology, '--input', 'in=no/such/input.jsonl'], 2, /^streamwise run: --input in=no\/such\/input\.jsonl: no such file: no\/such\/input\.jsonl$/],
  [['run', topology, '--metrics-out', 'no/such/dir/metrics.ndjson'], 2, /^streamwise run: --metrics-out no\/such\/dir\/metrics\.ndjson: cannot open: ENOENT$/],
  [['run', topology, '--brokers', 'no-port'], 2, /^streamwise run: --brokers must be host:port\[,host:port\.\.\.\], got 'no-port'/],
  [['run', topology, '--print', ''], 2, /^streamwise run: --print needs a topic name/],
  [['run', topology, '--brokers', down], 1, /^streamwise run: cannot reach brokers 127\.0\.0\.1:1: /],
  [['run', fixture('exports-nothing.ts')], 1, /^streamwise run: test\/fixtures\/cli\/exports-nothing\.ts exports nothing runnable/],
  [['dev-cluster', '--prot', '9092'], 2, /^streamwise dev-cluster: unknown option '--prot' \(did you mean --port\?\)/],
  [['dev-cluster', '--partitions', '0'], 2, /^streamwise dev-cluster: --partitions must be an integer from 1 to 10000, got '0'/],
  [['dev-cluster', 'extra'], 2, /^streamwise dev-cluster: unexpected argument\(s\): extra/],
  [['lag'], 2, /^streamwise lag: --group ID is required/],
  [['lag', '--groupid', 'g'], 2, /^streamwise lag: unknown option '--groupid' \(did you mean --group\?\)/],
  [['lag', '--group', 'g', '--fail-on', 'lag'], 2, /^streamwise lag: --fail-on must be warn, stall or stop, got 'lag'/],
  [['lag', '--group', 'g', '--interval', '5'], 2, /^streamwise lag: --interval must be an integer from 10 to 600000, got '5'/],
  [['lag', '--group', 'g', '--format', 'xml'], 2, /^streamwise lag: --format must be text or json, got 'xml'/],
  [['lag', '--group', 'g', '--brokers', down], 1, /^streamwise lag: cannot reach brokers 127\.0\.0\.1:1: /],
  [['reset'], 2, /^streamwise reset: --application-id ID is required/],
  [['reset', '--applicationid', 'a'], 2, /^streamwise reset: unknown option '--applicationid' \(did you mean --application-id\?\)/],
  [['reset', '--application-id', 'a', '--to-earliest', '--to-datetime', '2024-01-01T00:00:00'], 2, /^streamwise reset: give one of --to-earliest, --to-latest, --to-datetime/],
  [['reset', '--application-id', 'a', '--to-datetime', 'yesterday'], 2, /^streamwise reset: --to-datetime must look like 2024-05-01T12:00:00\.000/],
  [['reset', '--application-id', 'a', '--dry-run', 'extra'], 2, /^streamwise reset: unexpected argument\(s\): extra/],
  [['reset', '--application-id', 'a', '--brokers', down], 1, /^streamwise reset: cannot reach brokers 127\.0\.0\.1:1: /],
];

for (const [args, code, stderr] of table) {
  test(`streamwise ${args.join(' ')} -> exit ${code}`, async () => {
    const out: string[] = [];
    const err: string[] = [];
    const got = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t), cwd: root });
    assert.equal(got, code, err.join(''));
    assert.deepEqual(out, []);
    assert.equal(err.length, 1, `one message, got: ${JSON.stringify(err)}`);
    const text = err[0] ?? '';
    assert.equal(text.trimEnd().split('\n').length, 1, `one line, got: ${text}`);
    assert.match(text.trimEnd(), stderr);
  });
}

test('as a process: the exit code, one stderr line, no third-party warnings', () => {
  for (const [args, code] of [[['lag', '--grup', 'g'], 2], [['run', topology, '--brokers', down], 1]] as const) {
    const r = spawnSync(process.execPath, ['dist/cli.js', ...args], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, code, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /KafkaJS|Warning|partitioner/);
  }
});
