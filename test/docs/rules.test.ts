// Every rule id has its documentation page, and diagnostics and SARIF link it.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { formatSarif } from '../../server/src/cli/commands/check-output';
import { toDiagnostic } from '../../server/src/lsp/convert';
import { RULE_DOCS_BASE_URL, ruleDocsUrl, STREAMWISE_RULE_IDS } from '../../server/src/protocol';
import { allRules } from '../../server/src/rules';
import { repoRoot } from '../server/rules/rule-tester';

const docs = join(repoRoot, 'docs', 'rules');

test('every rule id has docs/rules/<id>.md with what, why, the field report, a bad and a good example', () => {
  const index = readFileSync(join(docs, 'README.md'), 'utf8');
  for (const id of STREAMWISE_RULE_IDS) {
    const page = join(docs, `${id}.md`);
    assert.ok(existsSync(page), `missing ${page}`);
    const text = readFileSync(page, 'utf8');
    assert.match(text, new RegExp(`^# ${id}\\n`), `${id}: title`);
    for (const section of ['## What it finds', '## Why', '## Field report', '## Bad', '## Good']) assert.ok(text.includes(`\n${section}\n`), `${id}: no "${section}" section`);
    assert.match(text, /SPEC section 1/, `${id}: names the field report`);
    assert.ok(index.includes(`(${id}.md)`), `docs/rules/README.md does not link ${id}`);
  }
});

test('every rule module is listed in the protocol rule ids', () => {
  for (const rule of allRules) assert.ok((STREAMWISE_RULE_IDS as readonly string[]).includes(rule.meta.id), rule.meta.id);
});

test('diagnostics link the rule page as codeDescription.href', () => {
  const diagnostic = toDiagnostic({ rule: 'unused-branch', severity: 'warning', message: 'm', file: '/w/a.ts', range: { line: 1, column: 1, endLine: 1, endColumn: 2 }, fixes: [] });
  assert.deepEqual(diagnostic.codeDescription, { href: `${RULE_DOCS_BASE_URL}unused-branch.md` });
  assert.equal(ruleDocsUrl('topic-durability'), 'https://github.com/streamwise/streamwise/blob/main/docs/rules/topic-durability.md');
});

test('SARIF rules carry helpUri to the same page', () => {
  const sarif: unknown = JSON.parse(formatSarif([], '/w', '0.0.0'));
  const rules = (sarif as { runs: { tool: { driver: { rules: { id: string; helpUri: string }[] } } }[] }).runs[0]?.tool.driver.rules ?? [];
  assert.equal(rules.length, allRules.length);
  for (const rule of rules) assert.equal(rule.helpUri, ruleDocsUrl(rule.id as (typeof STREAMWISE_RULE_IDS)[number]));
});
