// `streamwise check PATH [--format text|json|sarif]`: analyse a workspace (or one file in it).
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Logger } from 'streamwise';
import { applyRuleLevels } from '../../analysis/rule-severity';
import { WorkspaceAnalyzer } from '../../analysis/workspace-analyzer';
import { UsageError, type CliCommand, type CliIo } from '../command';
import { parseFlags } from '../parse-flags';
import { VERSION } from '../version';
import { formatJson, formatSarif, formatText, type CheckFormat } from './check-output';

const FORMATS: readonly CheckFormat[] = ['text', 'json', 'sarif'];

function stderrLogger(io: CliIo): Logger {
  const write = (level: string) => (message: string, fields?: Record<string, unknown>): void => {
    const detail = fields?.error === undefined ? '' : `: ${String(fields.error).split('\n')[0] ?? ''}`;
    io.err(`streamwise check: ${level}: ${message}${detail}`);
  };
  const noop = (): void => {};
  return { debug: noop, info: noop, warn: write('warning'), error: write('error') };
}

export const checkCommand: CliCommand = {
  name: 'check',
  usage: 'check PATH [--format text|json|sarif]',
  summary: 'analyse a workspace; exit 1 on error findings',
  unexpectedErrorExitCode: 2,
  async run(args, io) {
    const { values, positionals } = parseFlags(args, { format: { type: 'string', short: 'f', default: 'text' } });
    const format = values.format;
    if (!FORMATS.includes(format as CheckFormat)) throw new UsageError(`unknown format '${format}' (expected text, json or sarif)`);
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'missing PATH' : `expected one PATH, got ${positionals.length}`);
    const target = resolve(io.cwd, positionals[0] ?? '.');
    if (!existsSync(target)) {
      io.err(`streamwise check: no such file or directory: ${positionals[0] ?? ''}`);
      return 2;
    }
    const isFile = statSync(target).isFile();
    const analyzer = new WorkspaceAnalyzer(isFile ? dirname(target) : target, { logger: stderrLogger(io) });
    const result = analyzer.analyze();
    // The config file's `rules` map: 'off' drops a rule's findings, a level replaces its severity.
    const findings = applyRuleLevels(isFile ? result.findings.filter((f) => f.file === target) : result.findings, analyzer.deploymentConfig.rules);
    if (format === 'json') io.out(formatJson(findings, io.cwd));
    else if (format === 'sarif') io.out(formatSarif(findings, io.cwd, VERSION));
    else io.out(formatText(findings, io.cwd));
    for (const e of result.configErrors) io.err(`streamwise check: ${e}`);
    if (result.configErrors.length > 0) return 2;
    // A file that does not parse is a syntax-error finding (severity error) in every format.
    return findings.some((f) => f.severity === 'error') ? 1 : 0;
  },
};
