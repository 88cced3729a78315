/**
 * The ONE schema of `streamwise.config.json` (SPEC section 3): validation for `streamwise check`,
 * the language server and `streamwise run`, and the JSON Schema (draft-07) the extension
 * contributes to the editor (emitted at build time as dist/streamwise.config.schema.json).
 *
 * Plain data in, plain data out: parsing the text (JSON with comments) and mapping paths to lines
 * is the caller's job, so this module imports nothing.
 */

export type RuleLevel = 'off' | 'info' | 'warning' | 'error';
export const RULE_LEVELS: readonly RuleLevel[] = ['off', 'info', 'warning', 'error'];

export interface TopicDeployment {
  partitions?: number;
  replicationFactor?: number;
  minInsyncReplicas?: number;
}
export interface AppDeployment {
  instances?: number;
}

/** A validated config: every key present (empty when absent); invalid entries are left out. */
export interface DeploymentConfig {
  topics: Record<string, TopicDeployment>;
  apps: Record<string, AppDeployment>;
  /** topic -> records file (JSON Lines), relative to the config file. */
  inputs: Record<string, string>;
  /** rule id -> level; only known rule ids when the validator was given them. */
  rules: Record<string, RuleLevel>;
}

export type ConfigPath = readonly string[];

export interface ConfigIssue {
  /** Keys from the root to the offending value (for an unknown key: ending with that key). */
  path: ConfigPath;
  /** True when the issue is about the key itself (an unknown key), not its value. */
  atKey: boolean;
  /** A complete sentence naming the path, e.g. `unknown key "partitons" in topics."orders" (did you mean "partitions"?)`. */
  message: string;
}

export function emptyDeploymentConfig(): DeploymentConfig {
  return { topics: {}, apps: {}, inputs: {}, rules: {} };
}

// ---------------------------------------------------------------------------------------------
// The schema, as data: the validator and the JSON Schema emitter both walk it.

type SchemaNode =
  | { kind: 'object'; description: string; properties: Record<string, SchemaNode> }
  | { kind: 'map'; description: string; keyName: string; values: SchemaNode }
  | { kind: 'positiveInteger'; description: string }
  | { kind: 'string'; description: string }
  | { kind: 'ruleLevels'; description: string };

const topicSchema: SchemaNode = {
  kind: 'object',
  description: 'Deployment facts of one topic.',
  properties: {
    partitions: { kind: 'positiveInteger', description: 'Partition count: the number of tasks of a sub-topology reading this topic (thread-partition-mismatch, join-co-partitioning). A connected cluster\'s live count wins.' },
    replicationFactor: { kind: 'positiveInteger', description: 'Replicas per partition. Below 3, one broker failure can lose acknowledged records (topic-durability).' },
    minInsyncReplicas: { kind: 'positiveInteger', description: 'min.insync.replicas: replicas that must acknowledge an acks=all write. Below 2, an acknowledged record can live on one broker only (topic-durability).' },
  },
};

const schema: SchemaNode = {
  kind: 'object',
  description: 'Streamwise deployment facts: topic sizing, app instances, local-run inputs and rule levels.',
  properties: {
    topics: { kind: 'map', keyName: 'topic', description: 'Topic name -> partitions, replication factor and min.insync.replicas.', values: topicSchema },
    apps: {
      kind: 'map',
      keyName: 'application id',
      description: 'Application id -> deployment of that app.',
      values: {
        kind: 'object',
        description: 'Deployment of one application.',
        properties: { instances: { kind: 'positiveInteger', description: 'Instances (processes) of the app running at once; default 1 (thread-partition-mismatch).' } },
      },
    },
    inputs: {
      kind: 'map',
      keyName: 'topic',
      description: 'Topic -> records file (JSON Lines) fed to it by local runs; paths are relative to this file.',
      values: { kind: 'string', description: 'A JSON Lines file of records, relative to streamwise.config.json.' },
    },
    rules: { kind: 'ruleLevels', description: 'Rule id -> off | info | warning | error. The editor setting streamwise.rules has the same shape and wins in the editor.' },
  },
};

// ---------------------------------------------------------------------------------------------
// Validation

export interface ValidateOptions {
  /** Known rule ids: an unknown id in `rules` is an error with a "did you mean". Absent: any id is kept. */
  ruleIds?: readonly string[];
}

export function validateDeploymentConfig(data: unknown, options: ValidateOptions = {}): { config: DeploymentConfig; issues: ConfigIssue[] } {
  const config = emptyDeploymentConfig();
  const issues: ConfigIssue[] = [];
  const issue = (path: ConfigPath, message: string, atKey = false): void => {
    issues.push({ path, atKey, message });
  };
  if (!isRecord(data)) {
    issue([], 'expected an object with "topics", "apps", "inputs" or "rules"');
    return { config, issues };
  }
  const top = schema.kind === 'object' ? schema.properties : {};
  for (const [key, value] of Object.entries(data)) {
    if (key === '$schema') {
      if (typeof value !== 'string') issue(['$schema'], '"$schema" must be a string');
      continue;
    }
    if (!(key in top)) {
      issue([key], unknownKey(key, [], Object.keys(top)), true);
      continue;
    }
    if (!isRecord(value)) {
      issue([key], `"${key}" must be an object (${mapShape(key)}), got ${describe(value)}`);
      continue;
    }
    if (key === 'topics') {
      for (const [topic, entry] of Object.entries(value)) {
        const read = readObject(entry, ['topics', topic], topicSchema, issue);
        if (read === undefined) continue;
        const t: TopicDeployment = {};
        for (const field of ['partitions', 'replicationFactor', 'minInsyncReplicas'] as const) {
          const v = read[field];
          if (typeof v === 'number') t[field] = v;
        }
        if (t.minInsyncReplicas !== undefined && t.replicationFactor !== undefined && t.minInsyncReplicas > t.replicationFactor) {
          issue(['topics', topic, 'minInsyncReplicas'], `${formatPath(['topics', topic, 'minInsyncReplicas'])} (${t.minInsyncReplicas}) exceeds replicationFactor (${t.replicationFactor}): every acks=all write would fail`);
          delete t.minInsyncReplicas;
        }
        config.topics[topic] = t;
      }
    } else if (key === 'apps') {
      const appSchema = top.apps?.kind === 'map' ? top.apps.values : topicSchema;
      for (const [app, entry] of Object.entries(value)) {
        const read = readObject(entry, ['apps', app], appSchema, issue);
        if (read === undefined) continue;
        config.apps[app] = typeof read.instances === 'number' ? { instances: read.instances } : {};
      }
    } else if (key === 'inputs') {
      for (const [topic, file] of Object.entries(value)) {
        if (typeof file === 'string' && file.length > 0) config.inputs[topic] = file;
        else issue(['inputs', topic], `${formatPath(['inputs', topic])} must be a file path (a non-empty string), got ${describe(file)}`);
      }
    } else {
      for (const [rule, level] of Object.entries(value)) {
        if (options.ruleIds !== undefined && !options.ruleIds.includes(rule)) {
          issue(['rules', rule], unknownKey(rule, ['rules'], options.ruleIds, 'rule id'), true);
          continue;
        }
        if (typeof level === 'string' && (RULE_LEVELS as readonly string[]).includes(level)) config.rules[rule] = level as RuleLevel;
        else {
          const hint = typeof level === 'string' ? didYouMean(level, RULE_LEVELS) : '';
          issue(['rules', rule], `${formatPath(['rules', rule])} must be one of "off", "info", "warning", "error", got ${describe(level)}${hint}`);
        }
      }
    }
  }
  return { config, issues };
}

/** Checks one closed object of positive integers; returns its valid fields, undefined when not an object. */
function readObject(value: unknown, path: ConfigPath, node: SchemaNode, issue: (path: ConfigPath, message: string, atKey?: boolean) => void): Record<string, number> | undefined {
  if (node.kind !== 'object') return undefined;
  if (!isRecord(value)) {
    issue(path, `${formatPath(path)} must be an object with ${Object.keys(node.properties).map((k) => `"${k}"`).join(', ')}, got ${describe(value)}`);
    return undefined;
  }
  const out: Record<string, number> = {};
  for (const [field, v] of Object.entries(value)) {
    const fieldPath = [...path, field];
    if (!(field in node.properties)) {
      issue(fieldPath, unknownKey(field, path, Object.keys(node.properties)), true);
      continue;
    }
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) issue(fieldPath, `${formatPath(fieldPath)} must be a positive integer, got ${describe(v)}`);
    else out[field] = v;
  }
  return out;
}

function unknownKey(key: string, parent: ConfigPath, known: readonly string[], what = 'key'): string {
  const where = parent.length === 0 ? '' : ` in ${formatPath(parent)}`;
  const hint = didYouMean(key, known);
  return `unknown ${what} "${key}"${where}${hint || ` (expected ${known.map((k) => `"${k}"`).join(', ')})`}`;
}

function mapShape(key: string): string {
  switch (key) {
    case 'topics': return 'topic name -> { partitions, replicationFactor, minInsyncReplicas }';
    case 'apps': return 'application id -> { instances }';
    case 'inputs': return 'topic -> records file';
    default: return 'rule id -> off | info | warning | error';
  }
}

/** `topics."orders".partitions`: the file's own keys bare, user-chosen names quoted. */
export function formatPath(path: ConfigPath): string {
  // Every top-level key is a map, so the second segment is always a user-chosen name.
  return path.map((segment, i) => (i === 1 ? JSON.stringify(segment) : segment)).join('.');
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return JSON.stringify(value);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** ` (did you mean "x"?)` for the closest known word within a small edit distance, else ''. */
export function didYouMean(word: string, known: readonly string[]): string {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of known) {
    // A truncated word ("warn", "replication") is as good as a typo.
    const distance = word.length >= 3 && candidate.toLowerCase().startsWith(word.toLowerCase()) ? 1 : editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (best === undefined || distance < best.distance) best = { candidate, distance };
  }
  if (best === undefined) return '';
  const limit = Math.max(2, Math.floor(best.candidate.length / 3));
  return best.distance <= limit ? ` (did you mean "${best.candidate}"?)` : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_v, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      // A swap of two neighbours ("partitons" has none, "parittions" has one) counts as one edit.
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) current[j] = Math.min(current[j] ?? 0, (previous[j - 2] ?? 0) + 1);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

// ---------------------------------------------------------------------------------------------
// JSON Schema (draft-07) for the editor

export type JsonSchema = { [key: string]: unknown };

/** The draft-07 schema of the file; `ruleIds` closes the `rules` object over the known ids. */
export function deploymentConfigJsonSchema(ruleIds: readonly string[] = []): JsonSchema {
  const root = toJsonSchema(schema, ruleIds);
  const properties = (root.properties ?? {}) as Record<string, unknown>;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://streamwise.dev/schemas/streamwise.config.schema.json',
    title: 'streamwise.config.json',
    ...root,
    properties: { $schema: { type: 'string', description: 'The JSON schema this file follows.' }, ...properties },
  };
}

/** The schema of a rule-levels map (also the shape of the `streamwise.rules` editor setting). */
export function ruleLevelsJsonSchema(ruleIds: readonly string[], description: string): JsonSchema {
  const level = { type: 'string', enum: [...RULE_LEVELS], description: 'off: not reported; info, warning or error: reported with that severity.' };
  return ruleIds.length === 0
    ? { type: 'object', description, additionalProperties: level }
    : { type: 'object', description, properties: Object.fromEntries(ruleIds.map((id) => [id, { ...level, description: `Level of rule ${id}.` }])), additionalProperties: false };
}

function toJsonSchema(node: SchemaNode, ruleIds: readonly string[]): JsonSchema {
  switch (node.kind) {
    case 'object':
      return {
        type: 'object',
        description: node.description,
        properties: Object.fromEntries(Object.entries(node.properties).map(([k, v]) => [k, toJsonSchema(v, ruleIds)])),
        additionalProperties: false,
      };
    case 'map':
      return { type: 'object', description: node.description, additionalProperties: toJsonSchema(node.values, ruleIds) };
    case 'positiveInteger':
      return { type: 'integer', minimum: 1, description: node.description };
    case 'string':
      return { type: 'string', minLength: 1, description: node.description };
    case 'ruleLevels':
      return ruleLevelsJsonSchema(ruleIds, node.description);
  }
}
