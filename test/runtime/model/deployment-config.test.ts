import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import Ajv from 'ajv';
import { deploymentConfigJsonSchema, didYouMean, validateDeploymentConfig } from '../../../runtime/src/model/deployment-config';

const ruleIds = ['branch-order', 'uncaught-processor-throw', 'topic-durability'];
const messages = (data: unknown): string[] => validateDeploymentConfig(data, { ruleIds }).issues.map((i) => i.message);

test('every key of SPEC section 3 is accepted, $schema included', () => {
  const data = {
    $schema: './node_modules/streamwise/streamwise.config.schema.json',
    topics: { 'webtoon-gw-logstash': { partitions: 30, replicationFactor: 3, minInsyncReplicas: 2 } },
    apps: { 'gw-viewer': { instances: 4 } },
    inputs: { 'webtoon-gw-logstash': 'samples/gw-logs.jsonl' },
    rules: { 'branch-order': 'error', 'topic-durability': 'off' },
  };
  const { config, issues } = validateDeploymentConfig(data, { ruleIds });
  assert.deepEqual(issues, []);
  assert.deepEqual(config, {
    topics: { 'webtoon-gw-logstash': { partitions: 30, replicationFactor: 3, minInsyncReplicas: 2 } },
    apps: { 'gw-viewer': { instances: 4 } },
    inputs: { 'webtoon-gw-logstash': 'samples/gw-logs.jsonl' },
    rules: { 'branch-order': 'error', 'topic-durability': 'off' },
  });
});

test('an unknown key at any depth names the key and its path, with a "did you mean"', () => {
  assert.deepEqual(messages({ topics: { orders: { partitons: 3 } } }), ['unknown key "partitons" in topics."orders" (did you mean "partitions"?)']);
  assert.deepEqual(messages({ apps: { gw: { instance: 2 } } }), ['unknown key "instance" in apps."gw" (did you mean "instances"?)']);
  assert.deepEqual(messages({ topic: {} }), ['unknown key "topic" (did you mean "topics"?)']);
  assert.deepEqual(messages({ rules: { 'branch-ordr': 'off' } }), ['unknown rule id "branch-ordr" in rules (did you mean "branch-order"?)']);
  assert.deepEqual(messages({ zzz: 1 }), ['unknown key "zzz" (expected "topics", "apps", "inputs", "rules")']);
  const issue = validateDeploymentConfig({ topics: { orders: { partitons: 3 } } }).issues[0];
  assert.deepEqual(issue?.path, ['topics', 'orders', 'partitons']);
  assert.equal(issue?.atKey, true);
});

test('wrong values are specific; the valid parts are kept', () => {
  const { config, issues } = validateDeploymentConfig({
    topics: { a: { partitions: 0 }, b: 7, c: { partitions: 2, replicationFactor: 2, minInsyncReplicas: 3 } },
    apps: [],
    inputs: { a: '' },
    rules: { 'branch-order': 'warn' },
  }, { ruleIds });
  assert.deepEqual(issues.map((i) => i.message), [
    'topics."a".partitions must be a positive integer, got 0',
    'topics."b" must be an object with "partitions", "replicationFactor", "minInsyncReplicas", got 7',
    'topics."c".minInsyncReplicas (3) exceeds replicationFactor (2): every acks=all write would fail',
    '"apps" must be an object (application id -> { instances }), got an array',
    'inputs."a" must be a file path (a non-empty string), got ""',
    'rules."branch-order" must be one of "off", "info", "warning", "error", got "warn" (did you mean "warning"?)',
  ]);
  assert.deepEqual(config.topics, { a: {}, c: { partitions: 2, replicationFactor: 2 } });
  assert.deepEqual(messages([1, 2]), ['expected an object with "topics", "apps", "inputs" or "rules"']);
});

test('without known rule ids any id is kept', () => {
  assert.deepEqual(validateDeploymentConfig({ rules: { 'some-future-rule': 'info' } }).config.rules, { 'some-future-rule': 'info' });
});

test('did you mean: only close words', () => {
  assert.equal(didYouMean('replicationFacter', ['partitions', 'replicationFactor']), ' (did you mean "replicationFactor"?)');
  assert.equal(didYouMean('colour', ['partitions', 'replicationFactor']), '');
});

test('the JSON Schema (draft-07) accepts and rejects exactly what the validator does', () => {
  const schema = deploymentConfigJsonSchema(ruleIds);
  assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  const ajv = new Ajv({ allErrors: true });
  const validate = ajv.compile(schema);
  const cases: unknown[] = [
    {},
    { $schema: 'x' },
    { topics: { a: { partitions: 3, replicationFactor: 3, minInsyncReplicas: 2 } }, apps: { g: { instances: 2 } }, inputs: { a: 'a.jsonl' }, rules: { 'branch-order': 'info' } },
    { topics: { a: { partitons: 3 } } },
    { topics: { a: { partitions: 0 } } },
    { topics: { a: { partitions: 1.5 } } },
    { topics: { a: 3 } },
    { apps: { g: { instance: 1 } } },
    { inputs: { a: 3 } },
    { inputs: { a: '' } },
    { rules: { 'branch-order': 'warn' } },
    { rules: { 'no-such-rule': 'off' } },
    { extra: true },
    [],
  ];
  for (const data of cases) {
    assert.equal(validate(data), validateDeploymentConfig(data, { ruleIds }).issues.length === 0, JSON.stringify(data));
  }
  // Every property the editor shows carries a description.
  const undocumented: string[] = [];
  const walk = (node: unknown, path: string): void => {
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if ('type' in record && typeof record.description !== 'string') undocumented.push(path);
    for (const [key, child] of Object.entries(record)) walk(child, `${path}/${key}`);
  };
  walk(schema, '');
  assert.deepEqual(undocumented, []);
});
