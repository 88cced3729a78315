// Output formats of `streamwise check`: compiler-style text, the SPEC's JSON, SARIF 2.1.0.
import { relative, sep } from 'node:path';
import { allRules } from '../../rules';
import type { Finding } from '../../analysis/types';
import { ruleDocsUrl } from '../../protocol';

export type CheckFormat = 'text' | 'json' | 'sarif';

function displayPath(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return (rel === '' ? file : rel).split(sep).join('/');
}

export function formatText(findings: readonly Finding[], cwd: string): string {
  const lines = findings.map((f) => `${displayPath(cwd, f.file)}:${f.range.line}:${f.range.column}  ${f.severity}  ${f.message}  [${f.rule}]`);
  const count = (s: Finding['severity']): number => findings.filter((f) => f.severity === s).length;
  const total = findings.length;
  lines.push(total === 0 ? 'No problems found.' : `${total} problem${total === 1 ? '' : 's'} (${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} info)`);
  return lines.join('\n');
}

export function formatJson(findings: readonly Finding[], cwd: string): string {
  return JSON.stringify({
    version: 1,
    diagnostics: findings.map((f) => ({
      rule: f.rule, severity: f.severity, message: f.message, file: displayPath(cwd, f.file),
      line: f.range.line, column: f.range.column, endLine: f.range.endLine, endColumn: f.range.endColumn,
    })),
  }, null, 2);
}

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

export function formatSarif(findings: readonly Finding[], cwd: string, version: string): string {
  const rules = allRules.map((r) => ({
    id: r.meta.id,
    name: r.meta.id.replace(/(^|-)(\w)/g, (_m, _d: string, c: string) => c.toUpperCase()),
    shortDescription: { text: r.meta.docs.description.split(/(?<=\.)\s/)[0] ?? r.meta.docs.description },
    fullDescription: { text: r.meta.docs.description },
    defaultConfiguration: { level: LEVEL[r.meta.defaultSeverity] },
    help: { text: r.meta.docs.description },
    helpUri: ruleDocsUrl(r.meta.id),
  }));
  const results = findings.map((f) => ({
    ruleId: f.rule,
    ruleIndex: rules.findIndex((r) => r.id === f.rule),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [{
      physicalLocation: {
        artifactLocation: { uri: displayPath(cwd, f.file), uriBaseId: '%SRCROOT%' },
        region: { startLine: f.range.line, startColumn: f.range.column, endLine: f.range.endLine, endColumn: f.range.endColumn },
      },
    }],
  }));
  return JSON.stringify({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'streamwise', version, rules } },
      columnKind: 'utf16CodeUnits',
      results,
    }],
  }, null, 2);
}
