// Language server entry point: wiring only; logic lives in ./lsp/. Transport from the command
// line (`--stdio`, `--node-ipc` when launched by the client, `--socket=N`).
import type { LiveTopics } from './analysis/types';
import {
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
} from 'vscode-languageserver/node';
import type { InitializeParams, InitializeResult } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { join } from 'node:path';
import { mergeRuleLevels } from './analysis/rule-severity';
import { AnalysisHost } from './lsp/analysis-host';
import { clientSupport, initializationOptions, serverCapabilities } from './lsp/capabilities';
import type { ClientSupport } from './lsp/capabilities';
import { codeLenses } from './lsp/code-lens';
import { codeActions } from './lsp/code-actions';
import { liveTopicFacts, onNotification, onRequest, parseLiveTopics, parseTopologyParams, sendNotification } from './lsp/custom-protocol';
import { DiagnosticsScheduler, emptyReport, isCancellationError } from './lsp/diagnostics';
import { Documents } from './lsp/documents';
import { FolderContext } from './lsp/folder-context';
import { registerWatchers, watchedFilesChanged } from './lsp/file-watching';
import { describeError, guard, guardVoid } from './lsp/guard';
import { hover } from './lsp/hover';
import { connectionLogger } from './lsp/logger';
import { Settings } from './lsp/settings';
import { emptyTopologyResult, topologyRequest } from './lsp/topology';
import { uriToPath } from './lsp/uri';
import { workspaceDiagnostics } from './lsp/workspace-diagnostics';
import { WorkspaceFolders } from './lsp/workspace-folders';
import { SetLiveTopicsNotification, TopologyChangedNotification, TopologyRequest } from './protocol';

const connection = createConnection(ProposedFeatures.all);
const textDocuments = new TextDocuments(TextDocument);
const log = connection.console;

process.on('uncaughtException', (error) => log.error(`streamwise: uncaught: ${describeError(error)}`));
process.on('unhandledRejection', (error) => log.error(`streamwise: unhandled rejection: ${describeError(error)}`));

let settings: Settings | undefined;
let liveTopics: LiveTopics = {};
const logger = connectionLogger(log, () => settings?.verbose === true);
// ts-morph runs in a worker (built beside this file): the LSP thread keeps reading messages.
const host = new AnalysisHost(join(__dirname, 'analysis-worker.js'), logger);
// Rule levels: the folder's streamwise.config.json `rules`, with the editor's streamwise.rules
// (read for the folder) winning per rule.
const ruleLevels = async (context: FolderContext) => mergeRuleLevels(context.configRuleLevels(), (await settings?.forResource(context.uri))?.rules ?? {});
const folders = new WorkspaceFolders((root, uri) => new FolderContext(root, uri, host, liveTopics, ruleLevels));
const documents = new Documents(textDocuments, folders);
host.onRestart = () => {
  documents.reapplyAll();
  for (const context of folders.all()) diagnostics?.folderChanged(context);
};
let diagnostics: DiagnosticsScheduler | undefined;
let support: ClientSupport | undefined;

connection.onInitialize((params: InitializeParams): InitializeResult => {
  try {
    return initialize(params);
  } catch (error) {
    // Still start: every handler copes with missing state and answers empty.
    log.error(`streamwise: initialize failed: ${describeError(error)}`);
    return { capabilities: serverCapabilities(clientSupport({})), serverInfo: { name: 'streamwise', version: '0.1.0' } };
  }
});

function initialize(params: InitializeParams): InitializeResult {
  support = clientSupport(params.capabilities ?? {});
  settings = new Settings(connection, support.configuration);
  const options = initializationOptions(params);
  diagnostics = new DiagnosticsScheduler(connection, documents, {
    pull: support.pullDiagnostics,
    refreshSupport: support.diagnosticRefresh,
    codeLensRefreshSupport: support.codeLensRefresh,
    ...options,
  });
  for (const folder of params.workspaceFolders ?? []) folders.add(folder);
  if ((params.workspaceFolders ?? []).length === 0 && params.rootUri !== null && params.rootUri !== undefined) {
    folders.add({ uri: params.rootUri, name: 'root' });
  }
  return { capabilities: serverCapabilities(support), serverInfo: { name: 'streamwise', version: '0.1.0' } };
}

connection.onInitialized(
  guardVoid(log, 'initialized', async () => {
    // Analyse every folder once, early, so lenses, the graph and cross-file findings are ready.
    for (const context of folders.all()) diagnostics?.folderChanged(context);
    if (support?.configurationRegistration === true) await connection.client.register(DidChangeConfigurationNotification.type, undefined);
    if (support?.workspaceFolders === true) {
      connection.workspace.onDidChangeWorkspaceFolders(
        guardVoid(log, 'workspace folders', (event) => {
          for (const removed of event.removed) folders.remove(removed);
          for (const added of event.added) folders.add(added);
          documents.reapplyAll();
          for (const context of folders.all()) diagnostics?.folderChanged(context);
        }),
      );
    }
    if (support?.watchedFilesRegistration === true) await registerWatchers(connection);
  }),
);

// Fires for didOpen too (TextDocuments raises both events on open).
textDocuments.onDidChangeContent(guardVoid(log, 'didOpen/didChange', (event) => whenOpenOrChanged(event.document)));
textDocuments.onDidClose(
  guardVoid(log, 'didClose', (event) => {
    const closed = documents.closed(event.document);
    if (closed !== undefined) diagnostics?.closed(closed);
  }),
);

function whenOpenOrChanged(document: TextDocument): void {
  const changed = documents.changed(document);
  if (changed !== undefined) diagnostics?.changed(changed);
}

connection.languages.diagnostics.on(
  guard(log, 'diagnostics', emptyReport, (params, token) => (diagnostics === undefined ? emptyReport() : diagnostics.pull(params, token)), isCancellationError),
);

connection.languages.diagnostics.onWorkspace(
  guard(log, 'workspace diagnostics', () => ({ items: [] }), (params, token) => workspaceDiagnostics(params, token, folders, documents), isCancellationError),
);

connection.onCodeAction(guard(log, 'codeAction', () => [], (params) => (diagnostics === undefined ? [] : codeActions(params, diagnostics, documents))));
connection.onHover(guard(log, 'hover', () => null, (params) => hover(params, documents)));
connection.onCodeLens(guard(log, 'codeLens', () => [], (params) => codeLenses(params, documents)));

onRequest(
  connection,
  TopologyRequest,
  parseTopologyParams,
  guard(log, TopologyRequest.method, emptyTopologyResult, (params) =>
    settings === undefined ? emptyTopologyResult() : topologyRequest(params, folders, documents, settings),
  ),
);

onNotification(
  connection,
  SetLiveTopicsNotification,
  parseLiveTopics,
  guardVoid(log, SetLiveTopicsNotification.method, (params) => {
    const target = params.folderUri === undefined ? undefined : uriToPath(params.folderUri);
    const topics = liveTopicFacts(params);
    if (target === undefined) liveTopics = topics; // folders added later start from these
    for (const context of folders.all()) {
      if (target !== undefined && context.root !== target) continue;
      context.setLiveTopics(topics);
      diagnostics?.folderChanged(context);
    }
  }),
);

connection.onDidChangeConfiguration(
  guardVoid(log, 'didChangeConfiguration', (params) => {
    settings?.changed(params.settings);
    // streamwise.rules may have changed: every folder's findings are filtered again.
    for (const context of folders.all()) diagnostics?.folderChanged(context);
    void sendNotification(connection, TopologyChangedNotification, { folderUris: folders.all().map((c) => c.uri) });
  }),
);

connection.onDidChangeWatchedFiles(
  guardVoid(log, 'didChangeWatchedFiles', (params) => {
    if (diagnostics !== undefined) watchedFilesChanged(params, folders, documents, diagnostics);
  }),
);

connection.onShutdown(async () => {
  diagnostics?.dispose();
  await host.dispose();
});

textDocuments.listen(connection);
connection.listen();
