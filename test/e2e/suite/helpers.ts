// Shared by the in-host tests: the extension under test, the fixture's expectations, event waits.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

export { compareFindings, expectedFindings, type ExpectedFinding } from '../lib/expectations';

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
