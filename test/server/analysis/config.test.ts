import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { parseDeploymentConfig } from '../../../server/src/analysis/config';

test('JSON with comments and trailing commas', () => {
  const { facts, errors } = parseDeploymentConfig('{\n  // sizing\n  "topics": { "a": { "partitions": 30, "replicationFactor": 3, }, },\n  /* apps */ "apps": { "gw": { "instances": 4 } },\n}');
  assert.deepEqual(errors, []);
  assert.deepEqual(facts, { topics: { a: { partitions: 30, replicationFactor: 3 } }, apps: { gw: { instances: 4 } } });
});

test('syntax errors name the line and column', () => {
  assert.deepEqual(parseDeploymentConfig('{\n  "topics": {\n    "a": { "partitions": 30 }\n    "b": {}\n  }\n}').errors, ['streamwise.config.json:4:5: invalid JSON: comma expected']);
});

test('wrong shapes and values are specific errors; valid parts are kept', () => {
  const { facts, errors } = parseDeploymentConfig('{ "topics": { "a": { "partitions": 0 }, "b": 7, "c": { "partitions": 2 } }, "apps": [], "extra": 1 }');
  assert.deepEqual(errors, [
    'streamwise.config.json: unknown key "extra" (expected "topics" or "apps")',
    'streamwise.config.json: topics."a".partitions must be a positive integer, got 0',
    'streamwise.config.json: topics."b" must be an object',
    'streamwise.config.json: "apps" must be an object of application id -> { instances }',
  ]);
  assert.deepEqual(facts.topics.c, { partitions: 2 });
  assert.deepEqual(parseDeploymentConfig('[1, 2]').errors, ['streamwise.config.json: expected an object with "topics" and "apps"']);
});
