// The real-editor tools (`test/e2e/setup-tools.sh` installs them): a missing tool fails the run.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface Tools {
  /** Node 24, which the VS Code server needs. */
  node: string;
  /** code-server's bundled upstream VS Code server entry point. */
  serverMain: string;
  vscodeVersion: string;
  chromium: string;
}

export function toolsDir(): string {
  return process.env.STREAMWISE_TOOLS_DIR ?? join(homedir(), '.cache', 'streamwise-e2e');
}

export function loadTools(): Tools {
  const manifest = join(toolsDir(), 'tools.json');
  const hint = 'run `test/e2e/setup-tools.sh` (it installs Node 24 and code-server into STREAMWISE_TOOLS_DIR, default ~/.cache/streamwise-e2e)';
  if (!existsSync(manifest)) throw new Error(`e2e tools are not installed: ${manifest} is missing; ${hint}`);
  const parsed: unknown = JSON.parse(readFileSync(manifest, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null) throw new Error(`${manifest} is not a JSON object; ${hint}`);
  const record = parsed as Record<string, unknown>;
  const field = (key: string): string => {
    const value = record[key];
    if (typeof value !== 'string' || !existsSync(value)) throw new Error(`e2e tool '${key}' is missing (${String(value)}); ${hint}`);
    return value;
  };
  return { node: field('node'), serverMain: field('serverMain'), chromium: field('chromium'), vscodeVersion: String(record.vscodeVersion) };
}
