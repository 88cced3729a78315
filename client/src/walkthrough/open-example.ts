// Streamwise: Open Walkthrough Example: writes the example workspace into a folder the user picks
// and opens it (the walkthrough's first step).
import * as vscode from 'vscode';
import { writeExample } from './example-files';

/** `arg`: `{ parent: string, open?: boolean }` (tests) — otherwise the user picks the parent folder. */
export async function openExample(arg: unknown): Promise<string | undefined> {
  const given = typeof arg === 'object' && arg !== null ? Reflect.get(arg, 'parent') : undefined;
  const openIt = typeof arg === 'object' && arg !== null ? Reflect.get(arg, 'open') !== false : true;
  let parent = typeof given === 'string' ? given : undefined;
  if (parent === undefined) {
    const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Create the example here', title: 'Streamwise: where should the example go?' });
    parent = picked?.[0]?.fsPath;
  }
  if (parent === undefined) return undefined;
  const target = writeExample(parent);
  if (openIt) await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(target), { forceNewWindow: false });
  return target;
}
