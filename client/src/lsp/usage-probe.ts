// The vscode side of streamwise-usage.ts: findFiles with small limits, reads of the first bytes.
import * as vscode from 'vscode';
import type { UsageProbe } from './streamwise-usage';

const EXCLUDE = '**/{node_modules,dist,out,.git}/**';

export const workspaceProbe: UsageProbe = {
  async hasConfigFile() {
    return (await vscode.workspace.findFiles('**/streamwise.config.json', EXCLUDE, 1)).length > 0;
  },
  async packageJsons(limit) {
    const uris = await vscode.workspace.findFiles('**/package.json', EXCLUDE, limit);
    return Promise.all(uris.map(async (uri) => readText(uri, 256 * 1024)));
  },
  async *sources(limit, maxBytes) {
    for (const uri of await vscode.workspace.findFiles('**/*.{ts,mts,cts,tsx}', EXCLUDE, limit)) {
      if (/\.d\.[mc]?ts$/.test(uri.path)) continue;
      yield await readText(uri, maxBytes);
    }
  },
};

async function readText(uri: vscode.Uri, maxBytes: number): Promise<string> {
  try {
    const bytes = await vscode.workspace.fs.readFile(uri);
    return new TextDecoder().decode(bytes.subarray(0, maxBytes));
  } catch {
    return '';
  }
}
