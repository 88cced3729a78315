import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { applyFix } from './fix-tester';
import { analyzeFixture, ruleTests } from './rule-tester';

ruleTests('async-processor-callback', {
  valid: [
    { name: 'synchronous callbacks, a fire-and-forget inside peek, an any-typed result, arrays and app callbacks', fixture: 'async-processor-callback/valid.ts' },
  ],
  invalid: [
    {
      name: 'async arrows, a Promise-returning key selector, an async split predicate, an async process()',
      fixture: 'async-processor-callback/invalid-inline.ts',
      errors: [
        { line: 7, severity: 'error', message: /mapValues\(\) callback is async: .*record value becomes a Promise object/ },
        { line: 11, message: /foreach\(\) callback is async/ },
        { line: 14, message: /selectKey\(\) callback returns a Promise: .*key becomes a Promise/ },
        { line: 16, message: /split\(\) callback is async: .*always truthy/ },
        { line: 19, message: /Processor\.process\(\) callback is async/ },
      ],
    },
    {
      name: 'services in other modules: a class method returning a Promise, an async Processor class',
      fixture: 'async-processor-callback/services',
      errors: [
        { file: 'src/orders-topology.ts', line: 14, message: /filter\(\) callback returns a Promise: .*always truthy/ },
        { file: 'src/orders-topology.ts', line: 15, message: /mapValues\(\) callback returns a Promise/ },
        { file: 'src/audit-processor.ts', line: 14, message: /Processor\.process\(\) callback is async/ },
      ],
    },
  ],
});

test('async-processor-callback fix: remove `async` from a callback that never awaits', () => {
  const { after, texts } = applyFix('async-processor-callback/invalid-inline.ts', 'async-processor-callback', 11, /Remove `async`/);
  assert.deepEqual(after.filter((f) => f.rule === 'async-processor-callback').map((f) => f.range.line), [7, 14, 16, 19]);
  assert.match([...texts.values()][0] ?? '', /raw\.foreach\(\(k, v\) => \{/);
});

test('async-processor-callback: no fix where the callback awaits or returns a Promise itself', () => {
  const { findings } = analyzeFixture('async-processor-callback/invalid-inline.ts');
  const mine = findings.filter((f) => f.rule === 'async-processor-callback');
  assert.deepEqual(mine.filter((f) => f.fixes.length > 0).map((f) => f.range.line), [11, 16]);
});
