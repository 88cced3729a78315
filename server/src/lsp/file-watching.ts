// Watched files: streamwise.config.json (reload deployment facts) and TypeScript sources changed
// on disk outside the editor (drop stale overlays so the analyzer rereads them).
import { basename, join } from 'node:path';
import { DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver/node';
import type { Connection, DidChangeWatchedFilesParams } from 'vscode-languageserver/node';
import type { DiagnosticsScheduler } from './diagnostics';
import { isAnalysable } from './documents';
import type { Documents } from './documents';
import type { FolderContext } from './folder-context';
import { uriToPath } from './uri';
import type { WorkspaceFolders } from './workspace-folders';

export const CONFIG_FILE = 'streamwise.config.json';

export const WATCHERS = [{ globPattern: `**/${CONFIG_FILE}` }, { globPattern: '**/*.{ts,mts,cts,tsx}' }, { globPattern: '**/tsconfig.json' }];

/** Registers the watchers dynamically when the client can; else the client must watch on its own. */
export async function registerWatchers(connection: Connection): Promise<void> {
  await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHERS });
}

export function watchedFilesChanged(
  params: DidChangeWatchedFilesParams,
  folders: WorkspaceFolders,
  documents: Documents,
  diagnostics: DiagnosticsScheduler,
): void {
  const touched = new Set<FolderContext>();
  for (const change of params.changes) {
    const file = uriToPath(change.uri);
    if (file === undefined) continue;
    const context = folders.forFile(file);
    const name = basename(file);
    if (name === CONFIG_FILE) {
      if (file !== join(context.root, CONFIG_FILE)) continue; // only a folder's own config counts
      context.reloadConfig();
      touched.add(context);
    } else if (name === 'tsconfig.json') {
      touched.add(context);
    } else if (isAnalysable(file) && !documents.isOpen(file)) {
      // An open buffer wins over the disk; otherwise the analyzer must reread (or forget) the file.
      context.setFileText(file, undefined);
      touched.add(context);
    } else if (change.type === FileChangeType.Deleted && isAnalysable(file)) {
      touched.add(context);
    }
  }
  for (const context of touched) diagnostics.folderChanged(context);
}
