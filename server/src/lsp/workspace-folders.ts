// Workspace folders -> FolderContexts: one WorkspaceAnalyzer per folder. A file outside every
// folder gets a context rooted at its own directory, so single files still get diagnostics.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import type { WorkspaceFolder } from 'vscode-languageserver/node';
import type { FolderContext } from './folder-context';
import { pathToUri, uriToPath } from './uri';

export type ContextFactory = (root: string, uri: string) => FolderContext;

export class WorkspaceFolders {
  private readonly folders = new Map<string, FolderContext>();
  /** Contexts for files outside every folder, keyed by directory. */
  private readonly loose = new Map<string, FolderContext>();

  constructor(private readonly createContext: ContextFactory) {}

  add(folder: WorkspaceFolder): FolderContext | undefined {
    const root = uriToPath(folder.uri);
    if (root === undefined) return undefined;
    const existing = this.folders.get(root);
    if (existing !== undefined) return existing;
    const context = this.createContext(root, folder.uri);
    this.folders.set(root, context);
    // Loose contexts now inside this folder would analyse the same files twice.
    for (const [dir, loose] of this.loose) {
      if (!isInside(dir, root)) continue;
      loose.close();
      this.loose.delete(dir);
    }
    return context;
  }

  remove(folder: WorkspaceFolder): boolean {
    const root = uriToPath(folder.uri);
    const context = root === undefined ? undefined : this.folders.get(root);
    if (root === undefined || context === undefined) return false;
    context.close();
    return this.folders.delete(root);
  }

  all(): FolderContext[] {
    return [...this.folders.values(), ...this.loose.values()];
  }

  byUri(uri: string): FolderContext | undefined {
    const root = uriToPath(uri);
    return root === undefined ? undefined : (this.folders.get(root) ?? this.loose.get(root));
  }

  /** The innermost folder containing `file`, else a loose context for its directory. */
  forFile(file: string): FolderContext {
    let best: FolderContext | undefined;
    for (const context of this.folders.values()) {
      if (isInside(file, context.root) && (best === undefined || context.root.length > best.root.length)) best = context;
    }
    if (best !== undefined) return best;
    const dir = looseRoot(file);
    let context = this.loose.get(dir);
    if (context === undefined) {
      context = this.createContext(dir, pathToUri(dir));
      this.loose.set(dir, context);
    }
    return context;
  }
}

/**
 * Root for a file outside every folder: its nearest enclosing project (a directory with a
 * tsconfig.json or package.json, below the home directory), else its own directory. Never the
 * home directory or `/` by accident: the analyzer reads everything under its root.
 */
export function looseRoot(file: string): string {
  const home = homedir();
  let dir = dirname(file);
  for (;;) {
    if (existsSync(join(dir, 'tsconfig.json')) || existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir || parent === home || dir === home) return dirname(file);
    dir = parent;
  }
}

export function isInside(file: string, root: string): boolean {
  return file === root || file.startsWith(root.endsWith(sep) ? root : root + sep);
}
