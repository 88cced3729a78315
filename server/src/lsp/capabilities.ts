// What the client can do (from initialize) and what the server offers in return.
import { TextDocumentSyncKind } from 'vscode-languageserver/node';
import type { ClientCapabilities, InitializeParams, ServerCapabilities } from 'vscode-languageserver/node';
import type { StreamwiseInitializationOptions } from '../protocol';

export interface ClientSupport {
  pullDiagnostics: boolean;
  diagnosticRefresh: boolean;
  codeLensRefresh: boolean;
  configuration: boolean;
  workspaceFolders: boolean;
  watchedFilesRegistration: boolean;
  configurationRegistration: boolean;
}

export function clientSupport(capabilities: ClientCapabilities): ClientSupport {
  return {
    pullDiagnostics: capabilities.textDocument?.diagnostic !== undefined,
    diagnosticRefresh: capabilities.workspace?.diagnostics?.refreshSupport === true,
    codeLensRefresh: capabilities.workspace?.codeLens?.refreshSupport === true,
    configuration: capabilities.workspace?.configuration === true,
    workspaceFolders: capabilities.workspace?.workspaceFolders === true,
    watchedFilesRegistration: capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    configurationRegistration: capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true,
  };
}

export function serverCapabilities(support: ClientSupport): ServerCapabilities {
  const capabilities: ServerCapabilities = {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
    codeActionProvider: { codeActionKinds: ['quickfix'], resolveProvider: false },
    hoverProvider: true,
    codeLensProvider: { resolveProvider: false },
    workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
  };
  if (support.pullDiagnostics) {
    // interFileDependencies: an edit in one file can change another's findings (duplicate ids);
    // workspaceDiagnostics: findings in files that are not open (the other colliding app).
    capabilities.diagnosticProvider = { identifier: 'streamwise', interFileDependencies: true, workspaceDiagnostics: true };
  }
  return capabilities;
}

export function initializationOptions(params: InitializeParams): Required<StreamwiseInitializationOptions> {
  const raw: unknown = params.initializationOptions;
  const read = (key: keyof StreamwiseInitializationOptions, fallback: number): number => {
    if (typeof raw !== 'object' || raw === null || !(key in raw)) return fallback;
    const value: unknown = Reflect.get(raw, key);
    return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
  };
  return { pullDelayMs: read('pullDelayMs', 0), pushDelayMs: read('pushDelayMs', 150), workspaceDelayMs: read('workspaceDelayMs', 300) };
}
