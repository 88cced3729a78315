import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { defaultConfig, readConfig, RESTRICTED_SETTINGS, SETTINGS, type SettingKey } from '../../client/src/config';

interface Property { default: unknown; scope?: string }
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, Property> } };
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
};

const from = (values: Partial<Record<SettingKey, unknown>>) => (key: SettingKey) => values[key];

test('package.json declares every setting with the default the extension uses, and nothing else', () => {
  const declared = pkg.contributes.configuration.properties;
  assert.deepEqual(Object.keys(declared).sort(), Object.keys(SETTINGS).map((k) => `streamwise.${k}`).sort());
  for (const [key, value] of Object.entries(SETTINGS)) assert.deepEqual(declared[`streamwise.${key}`]?.default, value, key);
  assert.equal(declared['streamwise.brokers']?.scope, 'resource');
  assert.equal(declared['streamwise.rules']?.scope, 'resource');
});

test('untrusted workspaces: limited, brokers and the dev cluster settings restricted', () => {
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.deepEqual(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations, RESTRICTED_SETTINGS.map((k) => `streamwise.${k}`));
});

test('unset settings map to the defaults (devCluster.port 0 = any free port, dataDir empty = in memory)', () => {
  assert.deepEqual(defaultConfig(), {
    brokers: [],
    instances: 1,
    devCluster: { port: 0, dataDir: '' },
    lag: { pollIntervalMs: 2000 },
    rules: {},
    trace: { server: 'off' },
    view: { recordCount: 20 },
  });
});

test('valid settings map to the typed config', () => {
  const { config, problems } = readConfig(
    from({
      brokers: [' localhost:9092 ', 'b:9093'],
      instances: 3,
      'devCluster.port': 19092,
      'devCluster.dataDir': ' /tmp/sw ',
      'lag.pollIntervalMs': 500,
      rules: { 'branch-order': 'error', 'application-id-format': 'off' },
      'trace.server': 'verbose',
      'view.recordCount': 5,
    }),
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(config, {
    brokers: ['localhost:9092', 'b:9093'],
    instances: 3,
    devCluster: { port: 19092, dataDir: '/tmp/sw' },
    lag: { pollIntervalMs: 500 },
    rules: { 'branch-order': 'error', 'application-id-format': 'off' },
    trace: { server: 'verbose' },
    view: { recordCount: 5 },
  });
});

test('a comma-separated brokers string is accepted', () => {
  assert.deepEqual(readConfig(from({ brokers: 'a:1, b:2' })).config.brokers, ['a:1', 'b:2']);
});

test('malformed settings fall back to their defaults, each named in a problem', () => {
  const { config, problems } = readConfig(
    from({ brokers: 42, instances: 0, 'devCluster.port': 70000, 'lag.pollIntervalMs': 'fast', rules: { 'branch-order': 'loud' }, 'trace.server': 'all' }),
  );
  assert.deepEqual(config, defaultConfig());
  const text = problems.join('\n');
  for (const key of ['brokers', 'instances', 'devCluster.port', 'lag.pollIntervalMs', 'rules.branch-order', 'trace.server']) assert.match(text, new RegExp(`streamwise\\.${key.replace('.', '\\.')}`), key);
  assert.equal(problems.length, 6);
});
