import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { applyFix } from './fix-tester';
import { analyzeFixture, ruleTests } from './rule-tester';

ruleTests('topic-durability', {
  valid: [
    { name: 'no durability facts and no producers: nothing known, nothing reported', fixture: 'topic-durability/signups/src/topology.ts' },
  ],
  invalid: [
    {
      name: 'config facts below 3 replicas / 2 in-sync; kafkajs producers with acks 1 (through a wrapper class) and 0 writing topics the app reads',
      fixture: 'topic-durability/signups',
      kafkajs: true,
      errors: [
        { file: 'src/topology.ts', line: 5, message: /Topic 'signups-raw' is written by the kafkajs producer at src\/publisher\.ts:8 with acks=1/ },
        { file: 'src/topology.ts', line: 7, severity: 'warning', message: /Topic 'signups' has replicationFactor 1 \(streamwise\.config\.json\): .*records the app writes can be lost/ },
        { file: 'src/topology.ts', line: 8, message: /Topic 'audit' has minInsyncReplicas 1 \(streamwise\.config\.json\)/ },
        { file: 'src/topology.ts', line: 10, message: /Topic 'clicks' is written by the kafkajs producer at src\/signup-service\.ts:11 with acks=0/ },
      ],
    },
  ],
});

test('topic-durability fix: send with acks -1 in the producer\'s file', () => {
  const { after, texts } = applyFix('topic-durability/signups', 'topic-durability', 5, /Send with acks: -1/, { kafkajs: true });
  assert.deepEqual(after.filter((f) => f.rule === 'topic-durability').map((f) => f.range.line), [7, 8, 10]);
  assert.match([...texts.values()][0] ?? '', /this\.producer\.send\(\{ topic, acks: -1, messages/);
});

test('topic-durability: a fact that is not known is not reported', () => {
  const { findings } = analyzeFixture('topic-durability/signups', { kafkajs: true });
  assert.ok(!findings.some((f) => f.rule === 'topic-durability' && /'events'|'orders'/.test(f.message)));
});

test('topic-durability: live facts win field by field and are named as such; a live topic without a field keeps the config\'s value', () => {
  const { analyzer } = analyzeFixture('topic-durability/signups', { kafkajs: true });
  // signups: config replicationFactor 1, live 3 -> fixed; audit: live minInsyncReplicas 1 again, replication only from the config.
  analyzer.setLiveTopics({ signups: { partitions: 6, replicationFactor: 3 }, audit: { minInsyncReplicas: 1 }, orders: { replicationFactor: 2 } });
  const facts = analyzer.analyze().findings.filter((f) => f.rule === 'topic-durability' && /^Topic '[^']+' has /.test(f.message)).map((f) => f.message.replace(/:.*/, ''));
  assert.deepEqual(facts.sort(), [
    "Topic 'audit' has minInsyncReplicas 1 (the connected cluster)",
    "Topic 'orders' has replicationFactor 2 (the connected cluster)",
  ]);
});
