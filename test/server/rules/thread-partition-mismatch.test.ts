import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyzeFixture, ruleTests } from './rule-tester';

const config = (topics: Record<string, number>, apps: Record<string, number>): string => JSON.stringify({
  topics: Object.fromEntries(Object.entries(topics).map(([t, partitions]) => [t, { partitions }])),
  apps: Object.fromEntries(Object.entries(apps).map(([a, instances]) => [a, { instances }])),
});

ruleTests('thread-partition-mismatch', {
  valid: [
    { name: 'no partition count known: silent', fixture: 'thread-partition-mismatch/scale-out.ts' },
    { name: '3 x 10 threads for 30 partitions', fixture: 'thread-partition-mismatch/scale-out.ts', config: config({ 'webtoon-gw-logstash': 30 }, { 'gw-viewer': 3 }) },
    {
      name: 'groupBy adds a repartition sub-topology: 6 + 6 tasks for 3 x 4 threads',
      fixture: 'thread-partition-mismatch/repartition.ts',
      config: config({ views: 6 }, { 'view-counter': 3 }),
    },
    { name: 'one topic of two without a partition count: silent', fixture: 'thread-partition-mismatch/multi-topic.ts', config: config({ small: 10 }, {}) },
  ],
  invalid: [
    {
      name: 'the field report: 4 x 10 threads for 30 partitions',
      fixture: 'thread-partition-mismatch/scale-out.ts',
      config: config({ 'webtoon-gw-logstash': 30 }, { 'gw-viewer': 4 }),
      errors: [{ line: 7, severity: 'warning', message: /10 stream thread\(s\) x 4 instance\(s\) = 40 threads.*only 30 task\(s\).*10 thread\(s\) will sit idle.*at most 7/ }],
    },
    {
      name: 'tasks summed across sub-topologies: 12 tasks for 4 x 4 threads',
      fixture: 'thread-partition-mismatch/repartition.ts',
      config: config({ views: 6 }, { 'view-counter': 4 }),
      errors: [{ line: 13, message: /only 12 task\(s\) \(sub-topology 0: 6 from views; sub-topology 1: 6 from views-by-page-repartition\)/ }],
    },
    {
      name: "stream(['small', 'large']) is one sub-topology: max, not sum",
      fixture: 'thread-partition-mismatch/multi-topic.ts',
      config: config({ small: 10, large: 20 }, {}),
      errors: [{ line: 8, message: /only 20 task\(s\)/ }],
    },
    {
      name: 'uneven: 9 tasks over 4 threads, two topics balanced by count',
      fixture: 'thread-partition-mismatch/separate-topics.ts',
      config: config({ heavy: 6, light: 3 }, {}),
      errors: [{ line: 6, severity: 'info', message: /9 task\(s\).*do not divide evenly across 4 threads.*balances task counts, not load/ }],
    },
  ],
});

test('thread-partition-mismatch: live partition counts win over the config file', () => {
  const { analyzer } = analyzeFixture('thread-partition-mismatch/scale-out.ts', { config: config({ 'webtoon-gw-logstash': 30 }, { 'gw-viewer': 3 }) });
  assert.deepEqual(analyzer.analyze().findings.filter((f) => f.rule === 'thread-partition-mismatch'), []);
  analyzer.setLiveTopics({ 'webtoon-gw-logstash': { partitions: 12 } });
  const findings = analyzer.analyze().findings.filter((f) => f.rule === 'thread-partition-mismatch');
  assert.equal(findings.length, 1);
  assert.match(findings[0]?.message ?? '', /only 12 task\(s\).*at most 4/);
});
