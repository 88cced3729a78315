// Typed `streamwise.*` settings. One table (SETTINGS) holds each key's default; package.json's
// `contributes.configuration` is checked against it by a test. Reading is vscode-free: callers pass
// a getter (vscode's WorkspaceConfiguration.get, or a plain object in tests).
import { parseRuleLevels, type RuleLevels } from '../../server/src/analysis/rule-severity';

export interface ExtensionConfig {
  /** Brokers for runs and the Streamwise view; empty: the extension's dev cluster. */
  brokers: string[];
  /** Instances a run starts (1..64). */
  instances: number;
  devCluster: {
    /** 0: any free port. */
    port: number;
    /** Empty: in memory. */
    dataDir: string;
  };
  lag: { pollIntervalMs: number };
  /** Rule id -> off | info | warning | error (the language server reads it too). */
  rules: RuleLevels;
  trace: { server: 'off' | 'messages' | 'verbose' };
  view: { recordCount: number };
}

export const SETTINGS = {
  brokers: [] as string[],
  instances: 1,
  'devCluster.port': 0,
  'devCluster.dataDir': '',
  'lag.pollIntervalMs': 2000,
  rules: {} as RuleLevels,
  'trace.server': 'off',
  'view.recordCount': 20,
} as const;

export type SettingKey = keyof typeof SETTINGS;

/** Settings that, in an untrusted workspace, VS Code takes from the user's settings only. */
export const RESTRICTED_SETTINGS: readonly SettingKey[] = ['brokers', 'devCluster.dataDir', 'devCluster.port'];

export interface ReadConfig {
  config: ExtensionConfig;
  /** One line per setting that was malformed and fell back to its default. */
  problems: string[];
}

/** `get(key)` returns the raw value of `streamwise.<key>` (undefined when unset). */
export function readConfig(get: (key: SettingKey) => unknown): ReadConfig {
  const problems: string[] = [];
  const bad = (key: SettingKey, why: string): void => {
    problems.push(`streamwise.${key} ${why}; using the default`);
  };
  const int = (key: SettingKey, min: number, max: number): number => {
    const raw = get(key);
    const fallback = SETTINGS[key] as number;
    if (raw === undefined || raw === null) return fallback;
    if (typeof raw === 'number' && Number.isInteger(raw) && raw >= min && raw <= max) return raw;
    bad(key, `must be an integer from ${min} to ${max} (got ${JSON.stringify(raw)})`);
    return fallback;
  };
  const text = (key: SettingKey): string => {
    const raw = get(key);
    if (raw === undefined || raw === null) return SETTINGS[key] as string;
    if (typeof raw === 'string') return raw.trim();
    bad(key, `must be a string (got ${JSON.stringify(raw)})`);
    return SETTINGS[key] as string;
  };

  let brokers: string[] = [];
  const rawBrokers = get('brokers');
  if (Array.isArray(rawBrokers)) {
    brokers = rawBrokers.filter((b): b is string => typeof b === 'string' && b.trim() !== '').map((b) => b.trim());
    if (brokers.length !== rawBrokers.length) bad('brokers', 'has entries that are not host:port strings');
  } else if (typeof rawBrokers === 'string' && rawBrokers.trim() !== '') {
    // Tolerate "a:9092,b:9092" typed into a settings.json string.
    brokers = rawBrokers.split(',').map((b) => b.trim()).filter((b) => b !== '');
  } else if (rawBrokers !== undefined && rawBrokers !== null && rawBrokers !== '') {
    bad('brokers', 'must be a list of host:port strings');
  }

  const traceRaw = get('trace.server');
  const trace = traceRaw === 'messages' || traceRaw === 'verbose' || traceRaw === 'off' ? traceRaw : 'off';
  if (traceRaw !== undefined && traceRaw !== trace) bad('trace.server', 'must be off, messages or verbose');

  const rules = parseRuleLevels(get('rules'), (message) => problems.push(`streamwise.${message}; ignored`));

  return {
    config: {
      brokers,
      instances: int('instances', 1, 64),
      devCluster: { port: int('devCluster.port', 0, 65535), dataDir: text('devCluster.dataDir') },
      lag: { pollIntervalMs: int('lag.pollIntervalMs', 200, 600_000) },
      rules,
      trace: { server: trace },
      view: { recordCount: int('view.recordCount', 1, 1000) },
    },
    problems,
  };
}

export function defaultConfig(): ExtensionConfig {
  return readConfig(() => undefined).config;
}
