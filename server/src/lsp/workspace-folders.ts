// Workspace folders -> FolderContexts: one WorkspaceAnalyzer per folder. A file outside every
// folder gets a context rooted at its own directory, so single files still get diagnostics.
import { dirname, sep } from 'node:path';
import type { WorkspaceFolder } from 'vscode-languageserver/node';
import type { WorkspaceAnalyzer } from '../analysis/workspace-analyzer';
import { FolderContext } from './folder-context';
import { pathToUri, uriToPath } from './uri';

export type AnalyzerFactory = (root: string) => WorkspaceAnalyzer;

export class WorkspaceFolders {
  private readonly folders = new Map<string, FolderContext>();
  /** Contexts for files outside every folder, keyed by directory. */
  private readonly loose = new Map<string, FolderContext>();

  constructor(private readonly createAnalyzer: AnalyzerFactory) {}

  add(folder: WorkspaceFolder): FolderContext | undefined {
    const root = uriToPath(folder.uri);
    if (root === undefined) return undefined;
    const existing = this.folders.get(root);
    if (existing !== undefined) return existing;
    const context = new FolderContext(root, folder.uri, this.createAnalyzer(root));
    this.folders.set(root, context);
    // Loose contexts now inside this folder would analyse the same files twice.
    for (const [dir] of this.loose) if (isInside(dir, root)) this.loose.delete(dir);
    return context;
  }

  remove(folder: WorkspaceFolder): boolean {
    const root = uriToPath(folder.uri);
    return root !== undefined && this.folders.delete(root);
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
    const dir = dirname(file);
    let context = this.loose.get(dir);
    if (context === undefined) {
      context = new FolderContext(dir, pathToUri(dir), this.createAnalyzer(dir));
      this.loose.set(dir, context);
    }
    return context;
  }
}

export function isInside(file: string, root: string): boolean {
  return file === root || file.startsWith(root.endsWith(sep) ? root : root + sep);
}
