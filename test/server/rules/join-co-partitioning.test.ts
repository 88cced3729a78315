import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyzeFixture, ruleTests } from './rule-tester';

ruleTests('join-co-partitioning', {
  valid: [
    { name: 'no partition counts known: nothing to compare', fixture: 'join-co-partitioning/enrich/src/enrichment.ts' },
  ],
  invalid: [
    {
      name: 'a class joining through topic constants: 8 vs 4, an aggregated table 6 vs 4; same counts, a key change and an unknown topic are silent',
      fixture: 'join-co-partitioning/enrich',
      errors: [
        { file: 'src/enrichment.ts', line: 12, severity: 'error', message: /join\(\) joins stream 'orders' \(8 partitions, from streamwise\.config\.json\) with table 'customers' \(4 partitions, from streamwise\.config\.json\): the inputs are not co-partitioned/ },
        { file: 'src/enrichment.ts', line: 30, message: /stream 'clicks' \(6 partitions.*table 'payments' \(4 partitions/ },
      ],
    },
  ],
});

test('join-co-partitioning: live partition counts win and are named as such', () => {
  const { analyzer } = analyzeFixture('join-co-partitioning/enrich');
  analyzer.setLiveTopics({ customers: { partitions: 8 } });
  const findings = analyzer.analyze().findings.filter((f) => f.rule === 'join-co-partitioning');
  // orders (8) now matches customers (8); payments (4) no longer does.
  assert.deepEqual(findings.map((f) => f.range.line), [16, 30]);
  assert.match(findings[0]?.message ?? '', /table 'customers' \(8 partitions, from the connected cluster\)/);
});
