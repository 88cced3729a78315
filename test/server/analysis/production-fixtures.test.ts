// Production-style workspaces (services, repositories, processors in their own modules): every
// finding marked `// expect: <rule>` is reported, nothing else is (bench/analyzer-accuracy.ts prints precision and recall).
import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { scoreFixture } from '../../../bench/lib/accuracy';
import { fixturesDir } from '../rules/rule-tester';

const root = join(fixturesDir, 'production');
for (const name of readdirSync(root).sort()) {
  test(`production workspace ${name}: exactly the marked findings`, () => {
    const score = scoreFixture(join(root, name));
    // A known miss that starts being found fails too: its marker becomes `expect:`.
    assert.deepEqual({ falsePositives: score.falsePositives, missed: score.falseNegatives }, { falsePositives: [], missed: score.knownMisses });
  });
}

