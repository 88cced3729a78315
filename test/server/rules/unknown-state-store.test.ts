import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { applyFix } from './fix-tester';
import { ruleTests } from './rule-tester';

ruleTests('unknown-state-store', {
  valid: [
    { name: 'a store named at run time, a receiver and a name passed in as parameters', fixture: 'unknown-state-store/valid' },
  ],
  invalid: [
    {
      name: 'a service keeping the app in a field, a test driver assigned in beforeEach, Processor classes in another module',
      fixture: 'unknown-state-store/service',
      errors: [
        { file: 'src/views-service.ts', line: 12, message: /No state store 'views-count' in the topology of app 'views' \(new KafkaStreams at src\/views-service\.ts:8\) \(did you mean 'view-counts'\?\): the query answers null/ },
        { file: 'test/views.test.ts', line: 15, message: /No state store 'view-count' in the topology under test \(new TopologyTestDriver at test\/views\.test\.ts:9\) \(did you mean 'view-counts'\?\): getKeyValueStore\(\) throws/ },
        { file: 'src/processors.ts', line: 9, message: /No state store 'seen-id' in this processor's topology \(did you mean 'seen-ids'\?\): getStateStore\(\) throws at the first record/ },
        { file: 'src/processors.ts', line: 23, message: /not connected to store 'audit-log'.*at src\/topology\.ts:12/ },
      ],
    },
  ],
});

test('unknown-state-store fix: use the suggested name', () => {
  const { after, texts } = applyFix('unknown-state-store/service', 'unknown-state-store', 12, /Use store 'view-counts'/);
  assert.deepEqual(after.filter((f) => f.rule === 'unknown-state-store' && f.file.endsWith('views-service.ts')), []);
  assert.match([...texts.values()][0] ?? '', /store<string, number>\('view-counts'\)/);
});

test('unknown-state-store fix: connect the store to the processor', () => {
  const { after, texts } = applyFix('unknown-state-store/service', 'unknown-state-store', 23, /Connect store 'audit-log'/);
  assert.deepEqual(after.filter((f) => f.rule === 'unknown-state-store' && f.file.endsWith('processors.ts')).map((f) => f.range.line), [9]);
  assert.match([...texts.values()][0] ?? '', /views\.process\(\(\) => new AuditProcessor\(\), \{ stores: \['audit-log'\] \}\);/);
});
