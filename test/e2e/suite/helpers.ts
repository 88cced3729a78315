// Shared by the in-host tests: the extension under test, the fixture's expectations, event waits.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'streamwise.streamwise-vscode';

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder === undefined) throw new Error('the e2e window has no workspace folder');
  return folder.uri.fsPath;
}

export function streamwiseExtension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (ext === undefined) throw new Error(`${EXTENSION_ID} is not installed in this VS Code`);
  return ext;
}

/** Numbers the run measured, written for the runner to print (STREAMWISE_E2E_RESULTS). */
export function recordMeasurement(name: string, value: unknown): void {
  const dir = process.env.STREAMWISE_E2E_RESULTS;
  if (dir === undefined) throw new Error('STREAMWISE_E2E_RESULTS is not set for the extension host');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `measure-${name}.json`), JSON.stringify(value));
}

export interface ExpectedFinding {
  file: string;
  line: number;
  rule: string;
}

/** The fixture marks every line that must carry a finding: `// expect: rule-id[, rule-id]`. */
export function expectedFindings(root: string): ExpectedFinding[] {
  const out: ExpectedFinding[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(path);
      else if (entry.name.endsWith('.ts')) {
        readFileSync(path, 'utf8').split('\n').forEach((text, index) => {
          const match = /\/\/ expect: ([\w-]+(?:, *[\w-]+)*)/.exec(text);
          for (const rule of match?.[1]?.split(',') ?? []) out.push({ file: relative(root, path), line: index + 1, rule: rule.trim() });
        });
      }
    }
  };
  walk(root);
  return out.sort(compareFindings);
}

export function compareFindings(a: ExpectedFinding, b: ExpectedFinding): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule);
}

/** Resolves when `check` holds, re-checked on every `event`; rejects with `describe()` at the deadline. */
export function waitFor<T>(event: vscode.Event<unknown>, check: () => T | undefined, describe: () => string, timeoutMs = 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const first = check();
    if (first !== undefined) {
      resolve(first);
      return;
    }
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`timed out after ${timeoutMs / 1000} s: ${describe()}`));
    }, timeoutMs);
    const listener = event(() => {
      const value = check();
      if (value === undefined) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(value);
    });
  });
}
