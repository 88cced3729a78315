import { ruleTests } from './rule-tester';

ruleTests('branch-order', {
  valid: [
    { name: 'catch-all predicate last', fixture: 'branch-order/valid-catch-all-last.ts' },
    { name: 'split with distinct predicates and a default branch (A || B after A is reachable)', fixture: 'branch-order/valid-split-default.ts' },
    { name: 'a named predicate that can return false', fixture: 'branch-order/valid-sometimes-false.ts' },
    { name: 'look-alike classes that are not streamwise', fixture: 'branch-order/valid-not-streamwise.ts' },
  ],
  invalid: [
    {
      name: '(k, v) => true first',
      fixture: 'branch-order/invalid-always-true-first.ts',
      errors: [{ line: 7, severity: 'error', message: /Predicate 1 of 3 always returns true/ }],
    },
    {
      name: 'always-true through a named function and a const',
      fixture: 'branch-order/invalid-named-always-true.ts',
      errors: [{ line: 14, severity: 'error' }, { line: 15, severity: 'error', message: /Predicate 2 of 3/ }],
    },
    {
      name: 'structurally identical predicates (parameter names and whitespace ignored)',
      fixture: 'branch-order/invalid-duplicate.ts',
      errors: [
        { line: 8, severity: 'error', message: /same as predicate 1 \(line 7\)/ },
        { line: 9, severity: 'error', message: /same as predicate 1/ },
      ],
    },
    {
      name: 'A && B after A',
      fixture: 'branch-order/invalid-shadowed.ts',
      errors: [{ line: 8, severity: 'warning', message: /predicate 1 \(line 7\) already matches/ }],
    },
    {
      name: 'index and destructured elements beyond the predicates',
      fixture: 'branch-order/invalid-index-beyond.ts',
      errors: [
        { line: 14, severity: 'error', message: /Index 4 does not exist: branch\(\) has 4/ },
        { line: 15, severity: 'error', message: /Destructured element 3/ },
        { line: 15, severity: 'error', message: /Destructured element 4/ },
      ],
    },
    {
      name: 'no default branch (branch and split)',
      fixture: 'branch-order/invalid-no-default.ts',
      errors: [{ line: 5, severity: 'info' }, { line: 9, severity: 'info', message: /dropped silently/ }],
    },
    {
      name: 'predicates imported from another file, stream passed to a function',
      fixture: 'branch-order/cross-file',
      errors: [{ file: 'src/topology.ts', line: 5, severity: 'error' }],
    },
  ],
});
