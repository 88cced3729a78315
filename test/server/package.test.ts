// The packages as a user project gets them: `npm pack` runtime/ (streamwise) and server/
// (streamwise-cli), install the tarballs into fresh folders (offline from the npm cache when it
// has everything), type-check a topology with tsc against @types/node 20 and the current one, run
// its driver test, and run every CLI command there.
import { strict as assert } from 'node:assert';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'streamwise-user-'));
const project = join(work, 'app');
const runtimeOnly = join(work, 'service');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const typescriptVersion = (JSON.parse(readFileSync(join(root, 'node_modules/typescript/package.json'), 'utf8')) as { version: string }).version;
let runtimeTarball = '';
let cliTarball = '';

const npmQuiet = (args: string[], cwd: string) => execFileSync(npm, [...args, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd, encoding: 'utf8' });
const pack = (dir: string) => join(work, execFileSync(npm, ['pack', '--silent', '--pack-destination', work], { cwd: join(root, dir), encoding: 'utf8' }).trim().split('\n').pop() ?? '');
const listing = (dir: string) => (JSON.parse(execFileSync(npm, ['pack', '--dry-run', '--json', '--silent'], { cwd: join(root, dir), encoding: 'utf8' })) as [{ files: { path: string }[] }])[0].files.map((f) => f.path);
const sizeOf = (dir: string) => Number(execFileSync('du', ['-sk', dir], { encoding: 'utf8' }).split('\t')[0]) * 1024;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

before(() => {
  runtimeTarball = pack('runtime');
  cliTarball = pack('server');
  cpSync(join(root, 'test/fixtures/user-project'), project, { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-app', private: true }));
  npmQuiet(['install', runtimeTarball, cliTarball, `typescript@${typescriptVersion}`, '@types/node@20'], project);
  cpSync(join(root, 'test/fixtures/user-project/src'), join(runtimeOnly, 'src'), { recursive: true });
  writeFileSync(join(runtimeOnly, 'package.json'), JSON.stringify({ name: 'prod-service', private: true }));
  npmQuiet(['install', runtimeTarball], runtimeOnly);
});

after(() => { if (process.env.KEEP_USER_PROJECT !== '1') rmSync(work, { recursive: true, force: true }); });

test('the tarballs carry README, LICENSE, package.json and the type declarations (runtime) or the bin (CLI)', () => {
  const runtimeFiles = listing('runtime');
  for (const f of ['README.md', 'LICENSE', 'package.json', 'dist/index.d.ts', 'dist/testing.d.ts', 'dist/devcluster.d.ts', 'dist/model/index.d.ts']) assert.ok(runtimeFiles.includes(f), `streamwise lacks ${f}`);
  const cliFiles = listing('server');
  for (const f of ['README.md', 'LICENSE', 'package.json', 'dist/cli.js']) assert.ok(cliFiles.includes(f), `streamwise-cli lacks ${f}`);
  assert.ok(!cliFiles.some((f) => f.startsWith('src/')), 'the CLI package ships its bundle, not its sources');
});

test('a production service that imports only the runtime does not install the analyzer; installed sizes', (t) => {
  assert.ok(existsSync(join(runtimeOnly, 'node_modules/streamwise/package.json')));
  assert.ok(existsSync(join(runtimeOnly, 'node_modules/kafkajs/package.json')));
  assert.ok(!existsSync(join(runtimeOnly, 'node_modules/ts-morph')), 'ts-morph installed with the runtime');
  assert.ok(!existsSync(join(runtimeOnly, 'node_modules/typescript')), 'typescript installed with the runtime');
  assert.ok(existsSync(join(project, 'node_modules/ts-morph/package.json')), 'the CLI brings the analyzer');
  const runtimeSize = sizeOf(join(runtimeOnly, 'node_modules'));
  const cliSize = sizeOf(join(project, 'node_modules')) - sizeOf(join(project, 'node_modules/typescript')) - sizeOf(join(project, 'node_modules/@types'));
  t.diagnostic(`installed: streamwise (runtime + kafkajs) ${mb(runtimeSize)}; streamwise + streamwise-cli (with ts-morph and its TypeScript) ${mb(cliSize)}`);
});

test('tsc type-checks the topology and its test against @types/node 20 and the current @types/node (skipLibCheck off)', () => {
  const tsc = (label: string) => {
    const r = spawnSync(process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '-p', '.'], { cwd: project, encoding: 'utf8' });
    assert.equal(r.status, 0, `${label}:\n${r.stdout}${r.stderr}`);
  };
  tsc('@types/node 20');
  npmQuiet(['install', '@types/node@latest'], project);
  const version = (JSON.parse(readFileSync(join(project, 'node_modules/@types/node/package.json'), 'utf8')) as { version: string }).version;
  assert.ok(Number(version.split('.')[0]) >= 25, `current @types/node is ${version}`);
  tsc(`@types/node ${version}`);
});

test('the driver test passes in the user project', () => {
  // Not as a subtest of this runner: without NODE_TEST_CONTEXT the child reports on its own stdout.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_TEST_CONTEXT'));
  const r = spawnSync(process.execPath, ['--test', 'build/word-count.test.js'], { cwd: project, encoding: 'utf8', env });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /pass 1/);
});

const bin = () => join(project, 'node_modules/.bin/streamwise');
const cli = (args: string[]) => spawnSync(bin(), args, { cwd: project, encoding: 'utf8' });

function start(args: string[]) {
  const child = spawn(bin(), args, { cwd: project, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = (re: RegExp) => new Promise<RegExpExecArray>((resolve, reject) => {
    const check = () => {
      const m = re.exec(out);
      if (m !== null) { child.stdout.off('data', check); resolve(m); }
    };
    child.stdout.on('data', check);
    void exit.then(() => reject(new Error(`exited before ${re}:\n${out}\n${err}`)));
    check();
  });
  const stop = async () => { if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGINT'); return exit; };
  return { waitFor, stop, out: () => out, err: () => err, exit };
}

test('npx streamwise in the user project: --version, check, describe, run --print (embedded), dev-cluster, run --brokers, lag, reset', async () => {
  const version = cli(['--version']);
  assert.equal(version.status, 0, version.stderr);
  assert.equal(version.stdout.trim(), '0.1.0');
  const check = cli(['check', '.']);
  assert.equal(check.status, 0, check.stdout + check.stderr);
  const describe = cli(['describe', 'src/word-count.ts']);
  assert.equal(describe.status, 0, describe.stderr);
  assert.match(describe.stdout, /Topologies:\n {3}Sub-topology: 0\n {4}Source: KSTREAM-SOURCE-0000000000 \(topics: \[text-lines\]\)/);

  // On the embedded cluster (topics created from streamwise.config.json: 2 partitions each).
  const embedded = start(['run', 'src/word-count.ts', '--input', 'text-lines=lines.jsonl', '--print', 'word-counts']);
  await embedded.waitFor(/^topics: text-lines \(2\), word-counts \(2\)$/m);
  await embedded.waitFor(/^word-counts \[p\d @\d+\] key=hello value=2$/m);
  assert.equal(await embedded.stop(), 0, embedded.err());
  assert.equal(embedded.err(), '');

  const cluster = start(['dev-cluster', '--port', '0']);
  try {
    const [, brokers = ''] = await cluster.waitFor(/dev cluster listening on (\S+)/);
    const run = start(['run', 'src/word-count.ts', '--brokers', brokers, '--input', 'text-lines=lines.jsonl', '--print', 'word-counts']);
    await run.waitFor(/^word-counts \[p\d @\d+\] key=hello value=2$/m);
    await run.waitFor(/^word-counts \[p\d @\d+\] key=streams value=1$/m);
    assert.equal(await run.stop(), 0, run.err());
    assert.equal(run.err(), '', 'no warnings or errors from a clean run');

    const lag = cli(['lag', '--group', 'word-count', '--brokers', brokers, '--format', 'json', '--fail-on', 'warn']);
    assert.equal(lag.status, 0, lag.stdout + lag.stderr);
    const report = JSON.parse(lag.stdout) as { status: string; totalLag: number };
    assert.deepEqual([report.status, report.totalLag], ['OK', 0]);

    const reset = cli(['reset', '--application-id', 'word-count', '--brokers', brokers]);
    assert.equal(reset.status, 0, reset.stdout + reset.stderr);
    assert.match(reset.stdout, /Topic: text-lines Partition: \d Offset: \d+ -> 0/);
    assert.match(reset.stdout, /Deleting internal topics \[word-count-word-counts-store-changelog/);
    const after = cli(['lag', '--group', 'word-count', '--brokers', brokers, '--fail-on', 'stop']);
    assert.equal(after.status, 1, 'after the reset the stopped group is behind again: STOP');
    assert.match(after.stdout, /^group word-count: STOP/);
  } finally {
    await cluster.stop();
  }
});
