// Open editor buffers: every open or changed buffer is overlaid on its folder's analyzer (the
// analyzer sees unsaved text), and dropped again on close (the analyzer reads the disk).
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocuments } from 'vscode-languageserver/node';
import type { FolderContext } from './folder-context';
import { pathToUri, uriToPath } from './uri';
import type { WorkspaceFolders } from './workspace-folders';

export interface OpenDocument {
  uri: string;
  file: string;
  version: number;
  context: FolderContext;
}

export class Documents {
  /** Absolute path -> URI as the client spelled it, for open documents. */
  private readonly uris = new Map<string, string>();

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly folders: WorkspaceFolders,
  ) {}

  /** Overlays the buffer; returns the document when it is a file the server analyses. */
  changed(document: TextDocument): OpenDocument | undefined {
    const file = uriToPath(document.uri);
    if (file === undefined || !isAnalysable(file)) return undefined;
    this.uris.set(file, document.uri);
    const context = this.folders.forFile(file);
    context.setFileText(file, document.getText());
    return { uri: document.uri, file, version: document.version, context };
  }

  closed(document: TextDocument): OpenDocument | undefined {
    const file = uriToPath(document.uri);
    if (file === undefined || !isAnalysable(file)) return undefined;
    this.uris.delete(file);
    const context = this.folders.forFile(file);
    context.setFileText(file, undefined);
    return { uri: document.uri, file, version: document.version, context };
  }

  /** Re-applies every open buffer to its (possibly new) folder context, e.g. after folders change. */
  reapplyAll(): void {
    for (const document of this.documents.all()) this.changed(document);
  }

  get(uri: string): TextDocument | undefined {
    return this.documents.get(uri);
  }

  /** Version of an open document; undefined when it is not open. */
  version(uri: string): number | undefined {
    return this.documents.get(uri)?.version;
  }

  isOpen(file: string): boolean {
    return this.uris.has(file);
  }

  openFiles(): string[] {
    return [...this.uris.keys()];
  }

  /** The URI the client uses for `file`. */
  readonly uriOf = (file: string): string => this.uris.get(file) ?? pathToUri(file);

  /** The file and folder of a request's URI, if the server analyses it. */
  resolve(uri: string): { file: string; context: FolderContext } | undefined {
    const file = uriToPath(uri);
    if (file === undefined || !isAnalysable(file)) return undefined;
    return { file, context: this.folders.forFile(file) };
  }
}

/** TypeScript sources (not declarations, not installed packages): what the analyzer reads. */
export function isAnalysable(file: string): boolean {
  return /\.(m|c)?tsx?$/.test(file) && !/\.d\.(m|c)?tsx?$/.test(file) && !/[\\/]node_modules[\\/]/.test(file);
}
