import { ruleTests } from './rule-tester';

ruleTests('unused-branch', {
  valid: [
    { name: 'every branch read; arrays iterated, passed on or indexed at run time; split chains, consumers, a map read whole', fixture: 'unused-branch/valid.ts' },
  ],
  invalid: [
    {
      name: 'array results: an element never bound, an index never read, a discarded result, a hole',
      fixture: 'unused-branch/invalid-array.ts',
      errors: [
        { line: 8, severity: 'warning', message: /Branch 3 of 3 \(element 2 of the branch\(\) result\) is never consumed: records matching it \(and no earlier predicate\) vanish silently/ },
        { line: 14, message: /Branch 2 of 2/ },
        { line: 18, message: /Branch 1 of 1 .*records matching it vanish/ },
        { line: 21, message: /Branch 1 of 2/ },
      ],
    },
    {
      name: 'split in a class with predicates from another module: unread map entries and an unread default branch',
      fixture: 'unused-branch/router',
      errors: [
        { file: 'src/router.ts', line: 14, message: /Branch 3 of 3 \('route-large' of the split\(\) result\)/ },
        { file: 'src/router.ts', line: 15, message: /default branch \('route-other'\) is never consumed/ },
        { file: 'src/router.ts', line: 20, message: /'second-domestic'/ },
        { file: 'src/router.ts', line: 21, message: /default branch \('second-0'\)/ },
      ],
    },
  ],
});
