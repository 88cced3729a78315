import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseDeploymentConfig } from '../../../server/src/analysis/config';
import { configJsonSchema } from '../../../server/src/analysis/config-json-schema';
import { allRules } from '../../../server/src/rules';
import { repoRoot } from '../rules/rule-tester';

test('JSON with comments and trailing commas; every key of SPEC section 3', () => {
  const { facts, config, errors } = parseDeploymentConfig([
    '{',
    '  "$schema": "./node_modules/streamwise-vscode/dist/streamwise.config.schema.json",',
    '  // sizing',
    '  "topics": { "a": { "partitions": 30, "replicationFactor": 3, "minInsyncReplicas": 2, }, },',
    '  /* apps */ "apps": { "gw": { "instances": 4 } },',
    '  "inputs": { "a": "samples/a.jsonl" },',
    '  "rules": { "branch-order": "error", "syntax-error": "warning" },',
    '}',
  ].join('\n'));
  assert.deepEqual(errors, []);
  assert.deepEqual(facts, { topics: { a: { partitions: 30, replicationFactor: 3, minInsyncReplicas: 2 } }, apps: { gw: { instances: 4 } } });
  assert.deepEqual(config.inputs, { a: 'samples/a.jsonl' });
  assert.deepEqual(config.rules, { 'branch-order': 'error', 'syntax-error': 'warning' });
});

test('syntax errors name the line and column', () => {
  assert.deepEqual(parseDeploymentConfig('{\n  "topics": {\n    "a": { "partitions": 30 }\n    "b": {}\n  }\n}').errors, ['streamwise.config.json:4:5: invalid JSON: comma expected']);
  assert.deepEqual(parseDeploymentConfig('').errors, ['streamwise.config.json:1:1: invalid JSON: value expected']);
});

test('an unknown nested key: its line and column, its path, a "did you mean"', () => {
  const text = '{\n  "topics": {\n    "orders": { "partitons": 3 }\n  },\n  "rules": { "branch-ordr": "off" }\n}';
  assert.deepEqual(parseDeploymentConfig(text).errors, [
    'streamwise.config.json:3:17: unknown key "partitons" in topics."orders" (did you mean "partitions"?)',
    'streamwise.config.json:5:14: unknown rule id "branch-ordr" in rules (did you mean "branch-order"?)',
  ]);
});

test('wrong values point at the value; valid parts are kept', () => {
  const { facts, errors } = parseDeploymentConfig('{ "topics": { "a": { "partitions": 0 }, "b": 7, "c": { "partitions": 2 } }, "apps": [], "extra": 1 }');
  assert.deepEqual(errors, [
    'streamwise.config.json:1:36: topics."a".partitions must be a positive integer, got 0',
    'streamwise.config.json:1:46: topics."b" must be an object with "partitions", "replicationFactor", "minInsyncReplicas", got 7',
    'streamwise.config.json:1:85: "apps" must be an object (application id -> { instances }), got an array',
    'streamwise.config.json:1:89: unknown key "extra" (expected "topics", "apps", "inputs", "rules")',
  ]);
  assert.deepEqual(facts.topics.c, { partitions: 2 });
});

test('the rules map accepts every rule id the analyzer reports', () => {
  const ids = allRules.map((r) => r.meta.id);
  const { errors, config } = parseDeploymentConfig(JSON.stringify({ rules: Object.fromEntries(ids.map((id) => [id, 'off'])) }));
  assert.deepEqual(errors, []);
  assert.deepEqual(Object.keys(config.rules), ids);
});

test('the build emits the same schema to dist/streamwise.config.schema.json', () => {
  const emitted: unknown = JSON.parse(readFileSync(join(repoRoot, 'dist', 'streamwise.config.schema.json'), 'utf8'));
  assert.deepEqual(emitted, configJsonSchema());
});
