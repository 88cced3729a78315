import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { applyRuleLevels, mergeRuleLevels, parseRuleLevels } from '../../../server/src/analysis/rule-severity';

const finding = (rule: string, severity: 'error' | 'warning' | 'info') => ({ rule, severity, message: `${rule} here` });

test('parseRuleLevels keeps the four levels and names every bad entry', () => {
  const problems: string[] = [];
  assert.deepEqual(parseRuleLevels({ 'branch-order': 'error', 'application-id-format': 'off', x: 'loud', y: 3 }, (p) => problems.push(p)), {
    'branch-order': 'error',
    'application-id-format': 'off',
  });
  assert.deepEqual(problems, ['rules.x must be one of off, info, warning, error (got "loud")', 'rules.y must be one of off, info, warning, error (got 3)']);
  assert.deepEqual(parseRuleLevels(undefined), {});
  const notAMap: string[] = [];
  assert.deepEqual(parseRuleLevels(['off'], (p) => notAMap.push(p)), {});
  assert.equal(notAMap.length, 1);
});

test('the editor wins per rule over the config file', () => {
  assert.deepEqual(mergeRuleLevels({ 'branch-order': 'off', 'application-id-format': 'info' }, { 'branch-order': 'warning' }), {
    'branch-order': 'warning',
    'application-id-format': 'info',
  });
});

test('off drops, a level replaces the severity, unmapped rules keep theirs', () => {
  const findings = [finding('branch-order', 'error'), finding('application-id-format', 'warning'), finding('uncaught-processor-throw', 'warning')];
  assert.deepEqual(applyRuleLevels(findings, { 'branch-order': 'off', 'application-id-format': 'error' }), [
    finding('application-id-format', 'error'),
    finding('uncaught-processor-throw', 'warning'),
  ]);
  assert.deepEqual(applyRuleLevels(findings, {}), findings);
  // A prototype key is not a rule id.
  assert.deepEqual(applyRuleLevels([finding('toString', 'info')], { 'branch-order': 'off' }), [finding('toString', 'info')]);
});
