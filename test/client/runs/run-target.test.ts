import { strict as assert } from 'node:assert';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { TopologyModel } from 'streamwise/model';
import { locateCli } from '../../../client/src/runs/cli-locator';
import { configuredInputs, parseRunArgs, sourceTopics, topicForFile } from '../../../client/src/runs/run-target';
import { formatRate, devClusterText } from '../../../client/src/runs/status-text';
import { root } from './run-helpers';

test('Run Topology arguments: the CodeLens shape, test hooks, junk ignored', () => {
  assert.deepEqual(parseRunArgs({ uri: 'file:///a.ts', range: {}, topologyIndex: 1 }), { uri: 'file:///a.ts', topologyIndex: 1 });
  assert.deepEqual(parseRunArgs({ uri: 'file:///a.ts', inputs: 'none' }), { uri: 'file:///a.ts', inputs: 'none' });
  assert.deepEqual(parseRunArgs({ inputs: { logs: 'l.jsonl', bad: 3 } }), { inputs: { logs: 'l.jsonl' } });
  assert.deepEqual(parseRunArgs({ topologyIndex: -1, uri: 7 }), {});
  assert.deepEqual(parseRunArgs(undefined), {});
});

test('source topics exclude internal repartition sources; files pair with topics by name', () => {
  const model = {
    subTopologies: [
      { id: 0, nodes: [{ kind: 'source', name: 'S0', topics: ['b-logs', 'a-logs'], successors: [], predecessors: [] }] },
      { id: 1, nodes: [{ kind: 'source', name: 'S1', topics: ['app-x-repartition'], internal: true, successors: [], predecessors: [] }] },
    ],
  } as unknown as TopologyModel;
  assert.deepEqual(sourceTopics(model), ['a-logs', 'b-logs']);
  assert.equal(topicForFile('/w/samples/b-logs.jsonl', ['a-logs', 'b-logs']), 'b-logs');
  assert.equal(topicForFile('/w/samples/whatever.jsonl', ['a-logs', 'b-logs']), undefined);
  assert.equal(topicForFile('/w/samples/whatever.jsonl', ['only']), 'only');
});

test('the config\'s inputs come from the CLI\'s own loader (nearest config up from the module); a broken config is an error naming file and line', () => {
  const fixtures = join(root, 'test', 'fixtures', 'client');
  assert.deepEqual(configuredInputs(join(fixtures, 'run-target', 'src', 'deep', 'app.ts'), fixtures), { inputs: { 'gw-logs': 'samples/gw.jsonl' } });
  const broken = configuredInputs(join(fixtures, 'run-target-broken', 'app.ts'), fixtures);
  assert.ok('error' in broken, 'a broken config is an error');
  assert.match(broken.error, /run-target-broken\/streamwise\.config\.json:3:\d+: .*other/);
});

test('the workspace\'s own streamwise CLI wins over the bundled one; without a bin the bundled one runs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ext-cli-'));
  try {
    const pkg = join(dir, 'node_modules', 'streamwise');
    mkdirSync(join(pkg, 'dist'), { recursive: true });
    mkdirSync(join(dir, 'src', 'deep'), { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'streamwise', version: '9.9.9' }));
    assert.deepEqual(locateCli(join(dir, 'src', 'deep'), '/ext/dist/cli.js'), { cli: '/ext/dist/cli.js', source: 'bundled' });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'streamwise', version: '9.9.9', bin: { streamwise: 'dist/cli.js' } }));
    assert.deepEqual(locateCli(join(dir, 'src', 'deep'), '/ext/dist/cli.js'), { cli: '/ext/dist/cli.js', source: 'bundled' }, 'a bin that does not exist is not used');
    writeFileSync(join(pkg, 'dist', 'cli.js'), '#!/usr/bin/env node\n');
    chmodSync(join(pkg, 'dist', 'cli.js'), 0o755);
    assert.deepEqual(locateCli(join(dir, 'src', 'deep'), '/ext/dist/cli.js'), { cli: join(pkg, 'dist', 'cli.js'), source: 'workspace', version: '9.9.9', packageDir: pkg });
    // Since the package split the bin lives in streamwise-cli, which wins over the runtime package.
    const cliPkg = join(dir, 'node_modules', 'streamwise-cli');
    mkdirSync(join(cliPkg, 'dist'), { recursive: true });
    writeFileSync(join(cliPkg, 'package.json'), JSON.stringify({ name: 'streamwise-cli', version: '1.2.3', bin: { streamwise: 'dist/cli.js' } }));
    writeFileSync(join(cliPkg, 'dist', 'cli.js'), '#!/usr/bin/env node\n');
    assert.deepEqual(locateCli(join(dir, 'src', 'deep'), '/ext/dist/cli.js'), { cli: join(cliPkg, 'dist', 'cli.js'), source: 'workspace', version: '1.2.3', packageDir: cliPkg });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('status bar texts', () => {
  assert.equal(formatRate(0), '0 rec/s');
  assert.equal(formatRate(2.345), '2.3 rec/s');
  assert.equal(formatRate(12.6), '13 rec/s');
  assert.equal(formatRate(12_345), '12.3k rec/s');
  assert.equal(devClusterText('running', 40123), '$(server-process) dev cluster :40123');
  assert.equal(devClusterText('stopped', undefined), undefined);
});
