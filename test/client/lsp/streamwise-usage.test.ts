import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { dependsOnStreamwise, detectStreamwiseUsage, importsStreamwise, MAX_SOURCES, type UsageProbe } from '../../../client/src/lsp/streamwise-usage';

test('imports of streamwise and its subpaths are recognised; look-alikes are not', () => {
  for (const text of [
    "import { StreamsBuilder } from 'streamwise';",
    'import {x} from "streamwise/testing"',
    "import 'streamwise/devcluster';",
    "const s = require('streamwise');",
    "const m = await import('streamwise/model');",
  ]) assert.ok(importsStreamwise(text), text);
  for (const text of ["import x from 'streamwise-extra';", "import x from 'my-streamwise';", '// streamwise is great', "const s = 'streamwise';"]) {
    assert.equal(importsStreamwise(text), false, text);
  }
});

test('package.json dependencies decide; broken JSON does not', () => {
  assert.ok(dependsOnStreamwise('{"dependencies":{"streamwise":"^0.1.0"}}'));
  assert.ok(dependsOnStreamwise('{"devDependencies":{"streamwise":"*"}}'));
  assert.equal(dependsOnStreamwise('{"dependencies":{"streamwise-x":"1"}}'), false);
  assert.equal(dependsOnStreamwise('{not json'), false);
});

function probe(options: { config?: boolean; packages?: string[]; sources?: string[] }, seen: { sources: number; limit?: number }): UsageProbe {
  return {
    hasConfigFile: async () => options.config === true,
    packageJsons: async () => options.packages ?? [],
    async *sources(limit) {
      seen.limit = limit;
      for (const text of (options.sources ?? []).slice(0, limit)) {
        seen.sources++;
        yield text;
      }
    },
  };
}

test('the cheapest evidence wins and the source scan stops at the first import', async () => {
  const seen = { sources: 0 };
  assert.equal(await detectStreamwiseUsage(probe({ config: true, sources: ["import 'streamwise'"] }, seen)), 'config file');
  assert.equal(seen.sources, 0);
  assert.equal(await detectStreamwiseUsage(probe({ packages: ['{}', '{"dependencies":{"streamwise":"1"}}'] }, seen)), 'package.json dependency');
  assert.equal(await detectStreamwiseUsage(probe({ sources: ['const a = 1;', "import { KafkaStreams } from 'streamwise';", 'x', 'y'] }, seen)), 'source import');
  assert.equal(seen.sources, 2);
});

test('a plain TypeScript workspace reads at most MAX_SOURCES files and says none', async () => {
  const seen: { sources: number; limit?: number } = { sources: 0 };
  const sources = Array.from({ length: MAX_SOURCES + 50 }, (_, i) => `export const v${i} = ${i};`);
  assert.equal(await detectStreamwiseUsage(probe({ packages: ['{"dependencies":{"react":"1"}}'], sources }, seen)), 'none');
  assert.equal(seen.limit, MAX_SOURCES);
  assert.equal(seen.sources, MAX_SOURCES);
});
