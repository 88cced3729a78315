import { ruleTests } from './rule-tester';

ruleTests('uncaught-processor-throw', {
  valid: [
    { name: 'errors caught inside the callback and inside a called function', fixture: 'uncaught-processor-throw/valid-caught-inside.ts' },
    { name: "processingExceptionHandler 'continue' (through a const)", fixture: 'uncaught-processor-throw/valid-handler-continue.ts' },
    { name: 'a dead-letter topic handler in a config const, topology from a function', fixture: 'uncaught-processor-throw/valid-handler-dlq.ts' },
    { name: 'a handler only known at run time: cannot decide, silent', fixture: 'uncaught-processor-throw/valid-handler-unknown.ts' },
    { name: 'the topology runs in something that does not resolve: cannot decide, silent', fixture: 'uncaught-processor-throw/valid-unknown-runner.ts' },
  ],
  invalid: [
    {
      name: 'throw, new URL, JSON.parse and BigInt inside callbacks',
      fixture: 'uncaught-processor-throw/invalid-throw.ts',
      errors: [
        { line: 8, severity: 'warning', message: /filter\(\) callback can throw.*`throw new Error\('empty'\)`/ },
        { line: 12, message: /`new URL\(\.\.\.\)`/ },
        { line: 13, message: /`JSON\.parse\(\.\.\.\)`/ },
        { line: 14, message: /`BigInt\(\.\.\.\)`/ },
      ],
    },
    {
      name: 'a try/catch around topology construction does not catch record errors',
      fixture: 'uncaught-processor-throw/invalid-construction-try.ts',
      errors: [{ line: 8, message: /try\/catch at src\/invalid-construction-try\.ts:4 wraps only the topology-building code/ }],
    },
    {
      name: "a Processor's process method",
      fixture: 'uncaught-processor-throw/invalid-processor.ts',
      errors: [{ line: 9, message: /process\(\) callback can throw.*decodeURIComponent/ }],
    },
    {
      name: 'a throw five calls deep across files, with the path',
      fixture: 'uncaught-processor-throw/deep-calls',
      errors: [{
        file: 'src/topology.ts',
        line: 5,
        message: /via level1\(\) \(src\/level1\.ts:2\) -> level2\(\) \(src\/level2\.ts:2\) -> level3\(\) \(src\/level3\.ts:2\) -> level4\(\) \(src\/level4\.ts:2\) -> level5\(\) \(src\/level5\.ts:1\), thrown at src\/level5\.ts:3/,
      }],
    },
  ],
});
