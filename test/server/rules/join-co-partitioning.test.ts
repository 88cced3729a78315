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
    {
      name: 'stream-stream windowed joins (a class field stream, a named outerJoin, a join of a join): 8 vs 4 and 6 vs 4; same counts, a key change and an unknown topic are silent',
      fixture: 'join-co-partitioning/windowed',
      errors: [
        { file: 'src/reconciliation.ts', line: 18, severity: 'error', message: /^join\(\) joins stream 'orders' \(8 partitions, from streamwise\.config\.json\) with stream 'payments' \(4 partitions, from streamwise\.config\.json\): the inputs are not co-partitioned/ },
        { file: 'src/reconciliation.ts', line: 22, message: /^outerJoin\(\) joins stream 'orders' \(8 partitions.*with stream 'returns' \(4 partitions/ },
        { file: 'src/reconciliation.ts', line: 36, message: /^join\(\) joins stream 'clicks' \(6 partitions, from streamwise\.config\.json\) and 'impressions' \(6 partitions, from streamwise\.config\.json\) with stream 'refunds' \(4 partitions/ },
      ],
    },
    {
      // KStreamRepartitionIntegrationTest.shouldThrowAnExceptionWhenNumberOfPartitionsOfRepartitionOperationDoNotMatchSourceTopicWhenJoining, statically.
      name: 'repartition({ numberOfPartitions }) is compared like a topic: 2 vs 4 (a stream and a table); 4 vs 4, no count and a later key change are silent',
      fixture: 'join-co-partitioning/repartitioned',
      errors: [
        { file: 'src/main.ts', line: 10, severity: 'error', message: /^join\(\) joins stream 'orders-by-2-repartition' \(2 partitions, from repartition\(\{ numberOfPartitions \}\)\) with stream 'payments' \(4 partitions, from streamwise\.config\.json\)/ },
        { file: 'src/main.ts', line: 12, message: /^join\(\) joins stream 'orders-by-2-again-repartition' \(2 partitions, from repartition\(\{ numberOfPartitions \}\)\) with table 'customers' \(4 partitions/ },
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

test('join-co-partitioning: stream-stream joins follow live partition counts too', () => {
  const { analyzer } = analyzeFixture('join-co-partitioning/windowed');
  analyzer.setLiveTopics({ payments: { partitions: 8 }, audits: { partitions: 2 } });
  const findings = analyzer.analyze().findings.filter((f) => f.rule === 'join-co-partitioning');
  // orders/payments now 8/8 (both joins with payments are fine); audits (2, live) is now known.
  assert.deepEqual(findings.map((f) => f.range.line), [22, 26, 36]);
  assert.match(findings[1]?.message ?? '', /stream 'audits' \(2 partitions, from the connected cluster\)/);
});
