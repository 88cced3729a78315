// Streamwise: Open Walkthrough Example: copies the bundled example workspace into a folder the user
// picks and opens it (the walkthrough's first step).
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

/** `arg`: `{ parent: string, open?: boolean }` (tests) — otherwise the user picks the parent folder. */
export async function openExample(extensionPath: string, arg: unknown): Promise<string | undefined> {
  const given = typeof arg === 'object' && arg !== null ? Reflect.get(arg, 'parent') : undefined;
  const openIt = typeof arg === 'object' && arg !== null ? Reflect.get(arg, 'open') !== false : true;
  let parent = typeof given === 'string' ? given : undefined;
  if (parent === undefined) {
    const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Create the example here', title: 'Streamwise: where should the example go?' });
    parent = picked?.[0]?.fsPath;
  }
  if (parent === undefined) return undefined;
  let target = join(parent, 'streamwise-example');
  for (let i = 2; existsSync(target); i++) target = join(parent, `streamwise-example-${i}`);
  cpSync(join(extensionPath, 'client', 'media', 'walkthrough', 'example'), target, { recursive: true });
  if (openIt) await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(target), { forceNewWindow: false });
  return target;
}
