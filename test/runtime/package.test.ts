// The runtime as a user project gets it: `npm pack`, install the tarball, require and import it.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const runtimeDir = fileURLToPath(new URL('../../runtime', import.meta.url));
const project = mkdtempSync(join(tmpdir(), 'streamwise-pack-'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

before(() => {
  const tarball = execFileSync(npm, ['pack', '--silent', '--pack-destination', project], {
    cwd: runtimeDir,
    encoding: 'utf8',
  }).trim().split('\n').pop() ?? '';
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-app', private: true }));
  execFileSync(npm, ['install', '--silent', '--no-audit', '--no-fund', join(project, tarball)], {
    cwd: project,
    stdio: 'ignore',
  });
});

after(() => rmSync(project, { recursive: true, force: true }));

function runIn(file: string, source: string): string {
  writeFileSync(join(project, file), source);
  return execFileSync(process.execPath, [file], { cwd: project, encoding: 'utf8' }).trim();
}

for (const entry of ['streamwise', 'streamwise/testing', 'streamwise/devcluster', 'streamwise/model']) {
  test(`require('${entry}') and import '${entry}' expose the same names`, () => {
    const cjs = runIn('probe.cjs', `console.log(JSON.stringify(Object.keys(require('${entry}')).sort()))`);
    const esm = runIn(
      'probe.mjs',
      `import * as m from '${entry}'; console.log(JSON.stringify(Object.keys(m).filter((k) => k !== 'default' && k !== '__esModule').sort()))`,
    );
    const cjsNames = (JSON.parse(cjs) as string[]).filter((k) => k !== '__esModule');
    assert.deepEqual(JSON.parse(esm), cjsNames);
  });
}

test('the package ships type declarations for every entry point', () => {
  const listing = execFileSync(npm, ['pack', '--dry-run', '--json'], { cwd: runtimeDir, encoding: 'utf8' });
  const [info] = JSON.parse(listing) as [{ files: { path: string }[] }];
  const paths = info.files.map((f) => f.path);
  for (const d of ['dist/index.d.ts', 'dist/testing.d.ts', 'dist/devcluster.d.ts', 'dist/model/index.d.ts']) {
    assert.ok(paths.includes(d), `${d} missing from the package`);
  }
});

test('an installed package builds and runs a topology from CJS and from ESM', () => {
  const program = (imp: string) => `${imp}
const b = new StreamsBuilder();
b.stream('in').mapValues((v) => v.toUpperCase()).to('out');
const d = new TopologyTestDriver(b.build());
d.createInputTopic('in').pipeInput('k', 'hi');
console.log(JSON.stringify([d.createOutputTopic('out').readKeyValue(), typeof Serdes.JSON]));`;
  const expected = '[["k","HI"],"function"]';
  assert.equal(
    runIn('run.cjs', program("const { StreamsBuilder, Serdes } = require('streamwise'); const { TopologyTestDriver } = require('streamwise/testing');")),
    expected,
  );
  assert.equal(
    runIn('run.mjs', program("import { StreamsBuilder, Serdes } from 'streamwise'; import { TopologyTestDriver } from 'streamwise/testing';")),
    expected,
  );
});
