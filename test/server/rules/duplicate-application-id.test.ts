import { ruleTests } from './rule-tester';

ruleTests('duplicate-application-id', {
  valid: [
    { name: 'instances of one topology share an id; unresolvable ids stay silent', fixture: 'duplicate-application-id/same-topology' },
  ],
  invalid: [
    {
      name: 'two apps with different topologies, the id through an imported const with an env default',
      fixture: 'duplicate-application-id/two-apps',
      errors: [
        { file: 'src/clicks.ts', line: 6, severity: 'error', message: /'gw-viewer' is also used by src\/viewer\.ts:6/ },
        { file: 'src/viewer.ts', line: 7, severity: 'error', message: /also used by src\/clicks\.ts:5/ },
      ],
    },
    {
      name: 'a kafkajs consumer groupId equal to an application id',
      fixture: 'duplicate-application-id/consumer',
      kafkajs: true,
      errors: [
        { file: 'src/app.ts', line: 6, message: /kafkajs consumer at src\/app\.ts:9/ },
        { file: 'src/app.ts', line: 9, message: /groupId 'orders-copier' is the applicationId/ },
      ],
    },
  ],
});
