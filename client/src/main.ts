// Extension entry point, rust-analyzer style: build the context object, register the command
// table, start what is needed. Features live in the modules beside it.
import * as vscode from 'vscode';
import { Commands, TopologyRequest, type TopologyResult } from '../../server/src/protocol';
import { readConfig, type ExtensionConfig, type SettingKey } from './config';
import type { Ctx, Logs } from './ctx';
import { describeError } from './log';
import { registerLanguageStatus } from './lsp/language-status';
import { LanguageServer } from './lsp/language-server';
import { detectStreamwiseUsage, importsStreamwise } from './lsp/streamwise-usage';
import { workspaceProbe } from './lsp/usage-probe';
import { registerGraphPanel } from './graph/graph-panel';
import { registerCommands, setContextKeys } from './register-commands';
import type { RunManager } from './runs/run-manager';
import type { DevClusterManager } from './runs/dev-cluster';
import { RunsFeature } from './runs/runs-controller';
import { StreamwiseView, VIEW_ID } from './view/streamwise-view';
import { registerCheckTasks } from './tasks/check-task';
import { openExample } from './walkthrough/open-example';

/** What activate() returns: for in-host tests (test/e2e) and other extensions. */
export interface StreamwiseApi {
  ctx: Ctx;
  languageServer: LanguageServer;
  /** Local runs: list(), get(id), onDidChangeRun, onDidEndRun, stop(id). */
  runs: RunManager;
  /** The window's dev cluster: state, bootstrapServers, port. */
  devCluster: DevClusterManager;
  /** Why the language server started (or 'none' yet). */
  usage(): Promise<string>;
  /** How long activate() took (ms), as measured inside it; the e2e suite prints it. */
  activationMs: number;
}

export async function activate(context: vscode.ExtensionContext): Promise<StreamwiseApi | undefined> {
  const started = performance.now();
  const logs: ChannelLogs = (() => {
    const languageServer = vscode.window.createOutputChannel('Streamwise Language Server', { log: true });
    const runs = vscode.window.createOutputChannel('Streamwise Runs', { log: true });
    const devCluster = vscode.window.createOutputChannel('Streamwise Dev Cluster', { log: true });
    return { languageServer, runs, devCluster, all: [languageServer, runs, devCluster] };
  })();
  context.subscriptions.push(...logs.all);
  try {
    const api = await start(context, logs);
    api.activationMs = performance.now() - started;
    logs.languageServer.info(`activated in ${api.activationMs.toFixed(0)} ms`);
    return api;
  } catch (error) {
    const message = `Streamwise could not start: ${describeError(error)}`;
    logs.languageServer.error(message);
    void vscode.window.showErrorMessage(message, 'Show Log').then((choice) => {
      if (choice !== undefined) logs.languageServer.show();
    });
    return undefined;
  }
}

interface ChannelLogs extends Logs {
  languageServer: vscode.LogOutputChannel;
  runs: vscode.LogOutputChannel;
  devCluster: vscode.LogOutputChannel;
  all: vscode.LogOutputChannel[];
}

async function start(context: vscode.ExtensionContext, logs: ChannelLogs): Promise<StreamwiseApi> {
  const languageServer = new LanguageServer(context.asAbsolutePath('dist/server.js'), logs.languageServer);
  context.subscriptions.push(languageServer);

  let reported = '';
  const config = (scope?: vscode.Uri): ExtensionConfig => {
    const section = vscode.workspace.getConfiguration('streamwise', scope);
    const { config: read, problems } = readConfig((key: SettingKey) => section.get(key));
    const key = problems.join('\n');
    if (key !== reported) {
      reported = key;
      for (const problem of problems) logs.languageServer.warn(problem);
    }
    return read;
  };

  const topologies = async (uri?: string): Promise<TopologyResult | undefined> => {
    const client = await languageServer.ensureStarted();
    return client?.sendRequest<TopologyResult>(TopologyRequest.method, uri === undefined ? {} : { uri });
  };

  const runs = new RunsFeature({ extensionPath: context.extensionPath, logs, config, topologies });
  context.subscriptions.push(runs);
  const graphPanel = registerGraphPanel(context, {
    requestTopology: async (params) => {
      const client = await languageServer.ensureStarted();
      return client?.sendRequest<TopologyResult>(TopologyRequest.method, params);
    },
    onTopologyChanged: languageServer.onDidChangeTopology,
    // Live overlays: runs the extension started, and the cluster the workspace is connected to.
    runs: runs.manager,
    brokers: () => (config().brokers.length > 0 ? config().brokers : runs.cluster.bootstrapServers),
    pollIntervalMs: () => config().lag.pollIntervalMs,
    log: logs.languageServer,
  });
  const view = new StreamwiseView({
    runs: runs.manager,
    cluster: runs.cluster,
    configuredBrokers: () => config().brokers,
    recordCount: () => config().view.recordCount,
    pollIntervalMs: () => config().lag.pollIntervalMs,
    log: logs.runs,
    sendNotification: (method, params) => languageServer.notify(method, params),
  });
  context.subscriptions.push(view);
  const graph = {
    showTopology: (args: unknown) => graphPanel.showTopology(args),
    async showLag(groupId?: string): Promise<void> {
      // The Streamwise view lists every group with its lag; the lag panel adds the history.
      await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
      await graphPanel.showLag(groupId);
    },
  };
  context.subscriptions.push(languageServer.onDidChangeState((state) => setContextKeys({ serverRunning: state === 'running' })));
  const ctx: Ctx = {
    logs,
    config: () => config(),
    runs,
    devCluster: runs,
    graph,
    view,
    openExample: async (arg) => {
      await openExample(arg);
    },
    languageServer: { restart: () => languageServer.restart(), showLog: async () => logs.languageServer.show() },
  };
  context.subscriptions.push(registerCommands(ctx), registerCheckTasks(context.asAbsolutePath('dist/cli.js')));
  context.subscriptions.push(registerLanguageStatus(languageServer, Commands.showServerLog));
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('streamwise')) config();
    }),
  );

  const usage = startWhenUsed(languageServer, logs, context);
  return { ctx, languageServer, runs: runs.manager, devCluster: runs.cluster, usage: () => usage, activationMs: 0 };
}

/**
 * Starts the language server when the workspace uses Streamwise (see streamwise-usage.ts), or
 * later, when a TypeScript document importing it is opened. Commands start it on demand.
 */
function startWhenUsed(server: LanguageServer, logs: Logs, context: vscode.ExtensionContext): Promise<string> {
  const decided = detectStreamwiseUsage(workspaceProbe).catch((error: unknown) => {
    logs.languageServer.warn(`could not scan the workspace for Streamwise code: ${describeError(error)}`);
    return 'none' as const;
  });
  void decided.then((reason) => {
    if (reason !== 'none') {
      logs.languageServer.info(`starting the language server (${reason})`);
      void server.ensureStarted();
      return;
    }
    logs.languageServer.info('no Streamwise code found: the language server starts when a file importing streamwise is opened');
    const check = (document: vscode.TextDocument): void => {
      if (server.state !== 'not started' || !/^typescript/.test(document.languageId)) return;
      if (!importsStreamwise(document.getText())) return;
      logs.languageServer.info(`starting the language server (${vscode.workspace.asRelativePath(document.uri)} imports streamwise)`);
      void server.ensureStarted();
    };
    vscode.workspace.textDocuments.forEach(check);
    context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(check), vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.some((c) => c.text.includes('streamwise'))) check(e.document);
      }));
  });
  return decided;
}

export function deactivate(): void {
  // Everything is in context.subscriptions: vscode disposes it (runs and the dev cluster included).
}
