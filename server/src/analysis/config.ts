// streamwise.config.json (JSON with comments) read against the one schema in streamwise/model;
// every error names the file, line, column and key path.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { emptyDeploymentConfig, validateDeploymentConfig, type DeploymentConfig } from 'streamwise/model';
import { knownRuleIds } from '../rules/rule-ids';
import type { DeploymentFacts } from './types';

export const CONFIG_FILE = 'streamwise.config.json';

export interface LoadedConfig {
  /** The whole validated config: topics, apps, inputs, rules (invalid entries left out). */
  config: DeploymentConfig;
  /** Topics and apps: what the rules read. */
  facts: DeploymentFacts;
  /** `streamwise.config.json:LINE:COL: message`, one per problem. */
  errors: string[];
  present: boolean;
}

/** Reads `<root>/streamwise.config.json`; a missing file is an empty config, not an error. */
export function loadDeploymentConfig(root: string): LoadedConfig {
  const path = join(root, CONFIG_FILE);
  if (!existsSync(path)) return { ...parsed(emptyDeploymentConfig(), []), present: false };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { ...parsed(emptyDeploymentConfig(), [`${CONFIG_FILE}: cannot read: ${error instanceof Error ? error.message : String(error)}`]), present: true };
  }
  return { ...parseDeploymentConfig(text), present: true };
}

export function parseDeploymentConfig(text: string): Omit<LoadedConfig, 'present'> {
  const parseErrors: ParseError[] = [];
  const tree = parseTree(text, parseErrors, { allowTrailingComma: true, disallowComments: false });
  if (parseErrors.length > 0 || tree === undefined) {
    const errors = parseErrors.map((e) => `${at(text, e.offset)}: ${describeError(printParseErrorCode(e.error))}`);
    return parsed(emptyDeploymentConfig(), errors.length > 0 ? errors : [`${CONFIG_FILE}: empty file (expected an object)`]);
  }
  const { config, issues } = validateDeploymentConfig(valueOf(tree), { ruleIds: knownRuleIds() });
  const errors = issues.map((issue) => {
    const node = findNodeAtLocation(tree, [...issue.path]);
    // An unknown key is shown at the key; a bad value at the value.
    const target = issue.atKey && node?.parent?.type === 'property' ? node.parent.children?.[0] : node;
    return `${at(text, target?.offset ?? tree.offset)}: ${issue.message}`;
  });
  return parsed(config, errors);
}

function parsed(config: DeploymentConfig, errors: string[]): Omit<LoadedConfig, 'present'> {
  return { config, facts: { topics: config.topics, apps: config.apps }, errors };
}

/** The plain value of a parse tree (jsonc-parser's `getNodeValue` keeps only the last duplicate key too). */
function valueOf(node: JsonNode): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (key !== undefined && typeof key.value === 'string') out[key.value] = value === undefined ? undefined : valueOf(value);
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(valueOf);
    default:
      return node.value;
  }
}

function at(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${CONFIG_FILE}:${before.length}:${(before[before.length - 1]?.length ?? 0) + 1}`;
}

function describeError(code: string): string {
  const words: Record<string, string> = {
    InvalidSymbol: 'invalid symbol', InvalidNumberFormat: 'invalid number', PropertyNameExpected: 'property name expected',
    ValueExpected: 'value expected', ColonExpected: 'colon expected', CommaExpected: 'comma expected',
    CloseBraceExpected: 'closing brace expected', CloseBracketExpected: 'closing bracket expected', EndOfFileExpected: 'end of file expected',
    InvalidCommentToken: 'invalid comment', UnexpectedEndOfComment: 'unterminated comment', UnexpectedEndOfString: 'unterminated string',
    UnexpectedEndOfNumber: 'unterminated number', InvalidUnicode: 'invalid unicode escape', InvalidEscapeCharacter: 'invalid escape character',
    InvalidCharacter: 'invalid character',
  };
  return `invalid JSON: ${words[code] ?? code}`;
}
