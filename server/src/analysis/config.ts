// Deployment facts from streamwise.config.json (JSON with comments), with specific errors.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { DeploymentFacts } from './types';

export const CONFIG_FILE = 'streamwise.config.json';

export interface LoadedConfig { facts: DeploymentFacts; errors: string[]; present: boolean }

export function loadDeploymentConfig(root: string): LoadedConfig {
  const path = join(root, CONFIG_FILE);
  if (!existsSync(path)) return { facts: { topics: {}, apps: {} }, errors: [], present: false };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { facts: { topics: {}, apps: {} }, errors: [`${CONFIG_FILE}: cannot read: ${error instanceof Error ? error.message : String(error)}`], present: true };
  }
  return { ...parseDeploymentConfig(text), present: true };
}

export function parseDeploymentConfig(text: string): { facts: DeploymentFacts; errors: string[] } {
  const facts: DeploymentFacts = { topics: {}, apps: {} };
  const parseErrors: ParseError[] = [];
  const data: unknown = parse(text, parseErrors, { allowTrailingComma: true, disallowComments: false });
  if (parseErrors.length > 0) {
    return {
      facts,
      errors: parseErrors.map((e) => {
        const { line, column } = lineColumn(text, e.offset);
        return `${CONFIG_FILE}:${line}:${column}: ${describeError(printParseErrorCode(e.error))}`;
      }),
    };
  }
  const errors: string[] = [];
  if (!isObject(data)) return { facts, errors: [`${CONFIG_FILE}: expected an object with "topics" and "apps"`] };
  for (const key of Object.keys(data)) if (key !== 'topics' && key !== 'apps' && key !== '$schema') errors.push(`${CONFIG_FILE}: unknown key "${key}" (expected "topics" or "apps")`);
  if (data.topics !== undefined) {
    if (!isObject(data.topics)) errors.push(`${CONFIG_FILE}: "topics" must be an object of topic name -> { partitions, replicationFactor }`);
    else {
      for (const [topic, value] of Object.entries(data.topics)) {
        if (!isObject(value)) {
          errors.push(`${CONFIG_FILE}: topics."${topic}" must be an object`);
          continue;
        }
        const entry: { partitions?: number; replicationFactor?: number } = {};
        for (const field of ['partitions', 'replicationFactor'] as const) {
          const v = value[field];
          if (v === undefined) continue;
          if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) errors.push(`${CONFIG_FILE}: topics."${topic}".${field} must be a positive integer, got ${JSON.stringify(v)}`);
          else entry[field] = v;
        }
        facts.topics[topic] = entry;
      }
    }
  }
  if (data.apps !== undefined) {
    if (!isObject(data.apps)) errors.push(`${CONFIG_FILE}: "apps" must be an object of application id -> { instances }`);
    else {
      for (const [app, value] of Object.entries(data.apps)) {
        if (!isObject(value)) {
          errors.push(`${CONFIG_FILE}: apps."${app}" must be an object`);
          continue;
        }
        const v = value.instances;
        if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 1)) {
          errors.push(`${CONFIG_FILE}: apps."${app}".instances must be a positive integer, got ${JSON.stringify(v)}`);
          facts.apps[app] = {};
        } else facts.apps[app] = v === undefined ? {} : { instances: v };
      }
    }
  }
  return { facts, errors };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
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
