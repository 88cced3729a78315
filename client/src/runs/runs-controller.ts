// The vscode side of local runs and the dev cluster: Run Topology / Stop Run / Start and Stop Dev
// Cluster, a status bar item per run and one for the dev cluster, messages when something dies.
import { dirname, isAbsolute, resolve } from 'node:path';
import * as vscode from 'vscode';
import { Commands, type TopologyResult } from '../../../server/src/protocol';
import { setContextKeys } from '../register-commands';
import type { ExtensionConfig } from '../config';
import type { DevClusterController, RunsController } from '../ctx';
import { describeError } from '../log';
import { locateCli } from './cli-locator';
import { DevClusterManager } from './dev-cluster';
import { currentNode } from './node-command';
import { RunManager, type RunInfo } from './run-manager';
import { configuredInputs, parseRunArgs, sourceTopics, topicForFile, type RunTopologyArgs } from './run-target';
import { devClusterText, runStatusText, runTooltip } from './status-text';

export interface RunsDeps {
  extensionPath: string;
  logs: { runs: vscode.LogOutputChannel; devCluster: vscode.LogOutputChannel };
  config(scope?: vscode.Uri): ExtensionConfig;
  topologies(uri?: string): Promise<TopologyResult | undefined>;
}

export class RunsFeature implements RunsController, DevClusterController, vscode.Disposable {
  readonly manager: RunManager;
  readonly cluster: DevClusterManager;
  private readonly bundledCli: string;
  private readonly runItems = new Map<string, vscode.StatusBarItem>();
  private readonly clusterItem: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly deps: RunsDeps) {
    this.bundledCli = resolve(deps.extensionPath, 'dist', 'cli.js');
    const node = currentNode();
    this.manager = new RunManager({
      node,
      log: deps.logs.runs,
      createOutput: (name) => vscode.window.createOutputChannel(`Streamwise Run: ${name}`),
    });
    this.cluster = new DevClusterManager(deps.logs.devCluster);
    this.clusterItem = vscode.window.createStatusBarItem('streamwise.devCluster', vscode.StatusBarAlignment.Left, 10);
    this.clusterItem.name = 'Streamwise Dev Cluster';
    this.subscriptions.push(
      this.clusterItem,
      this.manager.onDidChangeRun((run) => this.renderRun(run)),
      this.manager.onDidEndRun((run) => this.ended(run)),
      this.cluster.onDidChangeState(() => this.renderCluster()),
    );
    this.updateContext();
  }

  // -- commands --------------------------------------------------------------------------------

  async runTopology(raw: unknown): Promise<void> {
    const args = parseRunArgs(raw);
    const entry = await this.pickTopology(args);
    if (entry === undefined) return;
    const uri = vscode.Uri.parse(entry.uri);
    const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? dirname(uri.fsPath);
    const inputs = await this.pickInputs(args, entry, folder);
    if (inputs === undefined) return;
    const config = this.deps.config(uri);
    let brokers = config.brokers;
    const onDevCluster = brokers.length === 0;
    if (onDevCluster) {
      brokers = await this.startCluster(config);
      if (brokers.length === 0) return;
    }
    const cli = locateCli(dirname(uri.fsPath), this.bundledCli);
    if (cli.source === 'workspace') this.deps.logs.runs.info(`using the workspace's streamwise ${cli.version ?? ''} (${cli.cli})`);
    const run = this.manager.start({
      file: uri.fsPath, cwd: folder, brokers, defaultInstances: config.instances, inputs,
      cli: cli.cli, cliSource: cli.source, name: vscode.workspace.asRelativePath(uri, false),
      // The dev cluster starts empty: the CLI creates the topology's topics with the config's partitions.
      createTopics: onDevCluster,
    });
    this.deps.logs.runs.info(`Run Topology: ${run.name} on ${brokers.join(',')}`);
  }

  async stopRun(arg: unknown): Promise<void> {
    const active = this.manager.active();
    const id = runIdOf(arg);
    let target: RunInfo | undefined = id === undefined ? undefined : this.manager.get(id);
    if (id !== undefined && target === undefined) {
      void vscode.window.showWarningMessage(`Streamwise: there is no run ${id}.`);
      return;
    }
    if (target === undefined) {
      if (active.length === 0) {
        void vscode.window.showInformationMessage('Streamwise: no run is active.');
        return;
      }
      target = active.length === 1 ? active[0] : await pickRun(active, 'Stop which run?');
    }
    if (target === undefined) return;
    await this.manager.stop(target.id);
  }

  async showOutput(arg: unknown): Promise<void> {
    const id = runIdOf(arg);
    if (id !== undefined && this.manager.showOutput(id)) {
      this.dismissFailed(id);
      return;
    }
    const runs = this.manager.list();
    const pick = runs.length === 0 ? undefined : runs.length === 1 ? runs[0] : await pickRun(runs, 'Show the output of which run?');
    if (pick === undefined) return;
    this.manager.showOutput(pick.id);
    this.dismissFailed(pick.id);
  }

  async startCommand(): Promise<void> {
    const servers = await this.startCluster(this.deps.config());
    if (servers.length > 0) void vscode.window.showInformationMessage(`Streamwise: dev cluster running on ${servers.join(',')}.`);
  }

  async stopCommand(): Promise<void> {
    if (this.cluster.state === 'stopped') {
      void vscode.window.showInformationMessage('Streamwise: the dev cluster is not running.');
      return;
    }
    const onIt = this.manager.active().filter((r) => r.spec.brokers.some((b) => this.cluster.bootstrapServers.includes(b)));
    if (onIt.length > 0) {
      const choice = await vscode.window.showWarningMessage(`Streamwise: ${onIt.length} run(s) use the dev cluster. Stop them and the cluster?`, { modal: true }, 'Stop');
      if (choice !== 'Stop') return;
      await Promise.all(onIt.map((r) => this.manager.stop(r.id)));
    }
    await this.cluster.stop();
  }

  /** Brokers the Streamwise view talks to: the configured ones, else the dev cluster if running. */
  brokers(): string[] {
    const configured = this.deps.config().brokers;
    return configured.length > 0 ? configured : this.cluster.bootstrapServers;
  }

  dispose(): void {
    this.manager.dispose();
    this.cluster.dispose();
    for (const item of this.runItems.values()) item.dispose();
    for (const s of this.subscriptions) s.dispose();
  }

  // -- helpers ---------------------------------------------------------------------------------

  private async startCluster(config: ExtensionConfig): Promise<string[]> {
    const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? this.deps.extensionPath;
    try {
      return await this.cluster.ensureStarted({ node: currentNode(), cli: this.bundledCli, port: config.devCluster.port, dataDir: config.devCluster.dataDir, cwd });
    } catch (error) {
      const message = `Streamwise: the dev cluster did not start: ${describeError(error)}`;
      void vscode.window.showErrorMessage(message, 'Show Output').then((choice) => {
        if (choice !== undefined) this.deps.logs.devCluster.show();
      });
      return [];
    }
  }

  private async pickTopology(args: RunTopologyArgs): Promise<RunTarget | undefined> {
    const editorUri = vscode.window.activeTextEditor?.document.uri.toString();
    const inFile = args.uri ?? (editorUri !== undefined && /\.[mc]?tsx?$/.test(editorUri) ? editorUri : undefined);
    if (inFile !== undefined) {
      const result = await this.deps.topologies(inFile);
      const entries = result?.topologies ?? [];
      const chosen = entries.find((t) => t.topologyIndex === (args.topologyIndex ?? 0)) ?? entries[0];
      if (chosen !== undefined) return { uri: chosen.uri, topics: sourceTopics(chosen.model) };
      // The lens' file may not be analysed yet (or the server is down): run it as the CLI sees it.
      if (args.uri !== undefined) return { uri: args.uri, topics: [] };
    }
    const all = (await this.deps.topologies())?.topologies ?? [];
    if (all.length === 0) {
      void vscode.window.showInformationMessage('Streamwise: no topology found in this workspace (a module whose default export is a KafkaStreams, a Topology or a function returning one).');
      return undefined;
    }
    const only = all.length === 1 ? all[0] : undefined;
    if (only !== undefined) return { uri: only.uri, topics: sourceTopics(only.model) };
    const picked = await vscode.window.showQuickPick(
      all.map((entry) => ({
        label: vscode.workspace.asRelativePath(vscode.Uri.parse(entry.uri), false),
        description: `topology ${entry.topologyIndex + 1}, line ${entry.range.start.line + 1}`,
        detail: `reads ${sourceTopics(entry.model).join(', ') || '—'}`,
        entry,
      })),
      { title: 'Streamwise: Run Topology', placeHolder: 'Which topology?' },
    );
    return picked === undefined ? undefined : { uri: picked.entry.uri, topics: sourceTopics(picked.entry.model) };
  }

  /** Input files picked as topic/file pairs; [] for none (the CLI then feeds the config's
   *  `inputs`); undefined when the user cancelled or the config is broken. */
  private async pickInputs(args: RunTopologyArgs, target: RunTarget, folder: string): Promise<{ topic: string; file: string }[] | undefined> {
    if (args.inputs === 'none' || args.inputs === 'config') return [];
    if (typeof args.inputs === 'object') return Object.entries(args.inputs).map(([topic, file]) => ({ topic, file: isAbsolute(file) ? file : resolve(folder, file) }));
    const configured = configuredInputs(vscode.Uri.parse(target.uri).fsPath, folder);
    if ('error' in configured) {
      void vscode.window.showErrorMessage(`Streamwise: cannot run ${vscode.workspace.asRelativePath(vscode.Uri.parse(target.uri), false)}: ${configured.error}`);
      return undefined;
    }
    const fromConfig = Object.entries(configured.inputs);
    if (fromConfig.length > 0) {
      this.deps.logs.runs.info(`inputs from streamwise.config.json (fed by the CLI): ${fromConfig.map(([topic, file]) => `${topic}=${file}`).join(', ')}`);
      return [];
    }
    const choice = await vscode.window.showQuickPick(
      [
        { label: '$(play) Run without input files', value: 'none' as const },
        { label: '$(file) Pick JSONL input files…', value: 'pick' as const, detail: 'Each line {"key","value","headers"?,"timestamp"?} or any JSON value; or set "inputs" in streamwise.config.json' },
      ],
      { title: 'Streamwise: Run Topology', placeHolder: 'Feed records into the topology?' },
    );
    if (choice === undefined) return undefined;
    if (choice.value === 'none') return [];
    const files = await vscode.window.showOpenDialog({ canSelectMany: true, openLabel: 'Use as input', filters: { 'JSON Lines': ['jsonl', 'ndjson', 'json'] }, defaultUri: vscode.Uri.file(folder) });
    if (files === undefined || files.length === 0) return undefined;
    const topics = target.topics;
    const out: { topic: string; file: string }[] = [];
    for (const file of files) {
      let topic = topicForFile(file.fsPath, topics);
      if (topic === undefined) {
        topic = topics.length > 0
          ? await vscode.window.showQuickPick(topics, { title: `Streamwise: topic for ${vscode.workspace.asRelativePath(file)}` })
          : await vscode.window.showInputBox({ title: `Streamwise: topic for ${vscode.workspace.asRelativePath(file)}`, validateInput: (t) => (/^[A-Za-z0-9._-]{1,249}$/.test(t) ? undefined : 'a topic name: letters, digits, . _ -') });
      }
      if (topic === undefined) return undefined;
      out.push({ topic, file: file.fsPath });
    }
    return out;
  }

  private renderRun(run: RunInfo): void {
    let item = this.runItems.get(run.id);
    if (item === undefined) {
      item = vscode.window.createStatusBarItem(`streamwise.run.${run.id}`, vscode.StatusBarAlignment.Left, 9);
      item.name = `Streamwise Run ${run.name}`;
      this.runItems.set(run.id, item);
    }
    item.text = runStatusText(run);
    item.tooltip = runTooltip(run);
    item.command = { title: 'Show Run Output', command: Commands.showRunOutput, arguments: [run.id] };
    item.backgroundColor = run.status === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    if (run.status === 'stopped') {
      item.dispose();
      this.runItems.delete(run.id);
    } else {
      item.show();
    }
    this.updateContext();
  }

  private ended(run: RunInfo): void {
    this.updateContext();
    if (run.status !== 'failed') return;
    void vscode.window.showErrorMessage(`Streamwise: run ${run.name} failed: ${run.lastError ?? 'it exited'}`, 'Show Output').then((choice) => {
      if (choice !== undefined) void this.showOutput(run.id);
    });
  }

  private dismissFailed(id: string): void {
    if (this.manager.get(id)?.status !== 'failed') return;
    this.runItems.get(id)?.dispose();
    this.runItems.delete(id);
  }

  private renderCluster(): void {
    const text = devClusterText(this.cluster.state, this.cluster.port);
    if (text === undefined) this.clusterItem.hide();
    else {
      this.clusterItem.text = text;
      this.clusterItem.tooltip = this.cluster.state === 'running' ? `Streamwise dev cluster on ${this.cluster.bootstrapServers.join(',')}. Click to stop it.` : this.cluster.lastError ?? 'Streamwise dev cluster';
      this.clusterItem.command = this.cluster.state === 'running' ? Commands.stopDevCluster : undefined;
      this.clusterItem.show();
    }
    if (this.cluster.state === 'failed') {
      void vscode.window.showErrorMessage(`Streamwise: the dev cluster stopped: ${this.cluster.lastError ?? 'it exited'}`);
    }
    this.updateContext();
  }

  private updateContext(): void {
    setContextKeys({ hasRuns: this.manager.active().length > 0, devClusterRunning: this.cluster.state === 'running' || this.cluster.state === 'starting' });
  }
}

/** A topology module to run and the topics it reads (empty when unknown). */
interface RunTarget {
  uri: string;
  topics: string[];
}

function runIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'object' && arg !== null) {
    const id: unknown = Reflect.get(arg, 'runId');
    if (typeof id === 'string') return id;
  }
  return undefined;
}

async function pickRun(runs: readonly RunInfo[], placeHolder: string): Promise<RunInfo | undefined> {
  const picked = await vscode.window.showQuickPick(
    runs.map((run) => ({ label: run.name, description: `${run.status}${run.live.state === undefined ? '' : ` · ${run.live.state}`}`, detail: run.spec.file, run })),
    { title: 'Streamwise', placeHolder },
  );
  return picked?.run;
}
