import { ruleTests } from './rule-tester';

ruleTests('application-id-format', {
  valid: [{ name: 'letters, digits, dot, underscore, dash (through a template of consts and an env default)', fixture: 'application-id-format/valid.ts' }],
  invalid: [
    {
      name: 'spaces, slashes, too long, empty',
      fixture: 'application-id-format/invalid.ts',
      errors: [
        { line: 7, severity: 'error', message: /'gw viewer' contains characters Kafka does not allow \(" "\)/ },
        { line: 9, message: /"\/"/ },
        { line: 11, message: /250 characters long; Kafka allows at most 249/ },
        { line: 12, message: /empty/ },
      ],
    },
  ],
});
