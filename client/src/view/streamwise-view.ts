// The Streamwise view (activity bar): cluster -> topics -> partitions and last records; runs ->
// app -> instances; consumer groups -> lag. Polls while visible (streamwise.lag.pollIntervalMs).
// Connecting to brokers needs a trusted workspace; the runs part works either way.
import * as vscode from 'vscode';
import { silentLogger } from 'streamwise';
import type { GroupLagReport } from 'streamwise/model';
import { SetLiveTopicsNotification } from '../../../server/src/protocol';
import type { ViewController } from '../ctx';
import { describeError } from '../log';
import type { DevClusterManager } from '../runs/dev-cluster';
import type { RunManager } from '../runs/run-manager';
import { ClusterBrowser, liveTopicsParams, type RecordRow, type TopicInfo } from './cluster-browser';
import {
  clusterRoot, groupNode, groupPartitionNodes, groupsRoot, instanceNodes, message, recordNode, runChildren, runNode, runsRoot,
  startClusterMessage, topicChildren, topicNode, type ClusterTarget, type ViewNode,
} from './view-nodes';

export const VIEW_ID = 'streamwise.explorer';
/** A topic that keeps moving is re-read at most this often for its last records. */
const RECORDS_MIN_AGE_MS = 5000;

export interface ViewDeps {
  runs: RunManager;
  cluster: DevClusterManager;
  configuredBrokers(): string[];
  recordCount(): number;
  pollIntervalMs(): number;
  log: vscode.LogOutputChannel;
  /** Live topic facts to the language server (live wins over streamwise.config.json). */
  sendNotification(method: string, params: unknown): void;
}

export class StreamwiseView implements vscode.TreeDataProvider<ViewNode>, ViewController, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ViewNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly tree: vscode.TreeView<ViewNode>;
  private browser: ClusterBrowser | undefined;
  private topics = new Map<string, TopicInfo>();
  private readonly records = new Map<string, { key: string; rows: RecordRow[]; time: number }>();
  /** The root nodes, kept as the same objects so that a refresh of one part can name it. */
  private roots: { cluster: ViewNode; runs: ViewNode; groups: ViewNode } | undefined;
  private readonly reports = new Map<string, GroupLagReport>();
  private lastLive = '';
  private timer: NodeJS.Timeout | undefined;
  private runRefresh: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly deps: ViewDeps) {
    this.tree = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.subscriptions.push(
      this.tree,
      this.changed,
      this.tree.onDidChangeVisibility(() => this.schedulePoll()),
      deps.runs.onDidChangeRun(() => this.refreshRunsSoon()),
      deps.cluster.onDidChangeState(() => void this.refresh()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.refresh()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('streamwise')) void this.refresh();
      }),
    );
    this.schedulePoll();
  }

  async refresh(): Promise<void> {
    this.records.clear();
    this.changed.fire(undefined);
  }

  getTreeItem(node: ViewNode): vscode.TreeItem {
    const state = node.collapsible === 'none' ? vscode.TreeItemCollapsibleState.None : node.collapsible === 'expanded' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(node.label, state);
    item.id = node.id;
    item.contextValue = node.contextValue;
    if (node.description !== undefined) item.description = node.description;
    if (node.tooltip !== undefined) item.tooltip = node.tooltip;
    if (node.icon !== undefined) item.iconPath = new vscode.ThemeIcon(node.icon);
    if (node.command !== undefined) item.command = node.command;
    return item;
  }

  async getChildren(node?: ViewNode): Promise<ViewNode[]> {
    try {
      if (node === undefined) {
        this.roots = { cluster: clusterRoot(this.target()), runs: runsRoot(this.deps.runs.list()), groups: groupsRoot() };
        return [this.roots.cluster, this.roots.runs, this.roots.groups];
      }
      switch (node.kind) {
        case 'cluster':
          return await this.clusterChildren();
        case 'topic': {
          const topic = node.topic === undefined ? undefined : this.topics.get(node.topic);
          return topic === undefined ? [] : topicChildren(topic, this.deps.recordCount());
        }
        case 'records':
          return await this.recordChildren(node.topic ?? '');
        case 'runs': {
          const runs = this.deps.runs.list().reverse();
          return runs.length === 0 ? [message('runs/none', 'No runs yet: Run Topology (CodeLens ▶ Run or the command palette)')] : runs.map(runNode);
        }
        case 'run': {
          const run = node.runId === undefined ? undefined : this.deps.runs.get(node.runId);
          return run === undefined ? [] : runChildren(run);
        }
        case 'app': {
          const run = node.runId === undefined ? undefined : this.deps.runs.get(node.runId);
          return run === undefined ? [] : instanceNodes(run);
        }
        case 'groups':
          return await this.groupChildren();
        case 'group': {
          const report = node.groupId === undefined ? undefined : this.reports.get(node.groupId);
          return report === undefined ? [] : groupPartitionNodes(report);
        }
        default:
          return [];
      }
    } catch (error) {
      this.deps.log.warn(`Streamwise view: ${describeError(error)}`);
      return [message(`${node?.id ?? 'root'}/error`, describeError(error), { icon: 'error' })];
    }
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.runRefresh !== undefined) clearTimeout(this.runRefresh);
    void this.browser?.dispose();
    for (const s of this.subscriptions) s.dispose();
  }

  // ---------------------------------------------------------------------------------------------

  private target(): ClusterTarget {
    const configured = this.deps.configuredBrokers();
    if (configured.length > 0) return { source: 'configured', brokers: configured };
    return { source: 'dev', brokers: this.deps.cluster.bootstrapServers, devState: this.deps.cluster.state };
  }

  /** The browser for the current brokers; undefined when there is nothing to connect to. */
  private currentBrowser(): ClusterBrowser | undefined {
    const brokers = this.target().brokers;
    if (brokers.length === 0) {
      void this.browser?.dispose();
      this.browser = undefined;
      return undefined;
    }
    if (this.browser === undefined || this.browser.brokers.join(',') !== brokers.join(',')) {
      void this.browser?.dispose();
      this.browser = new ClusterBrowser(brokers, silentLogger);
      this.topics.clear();
      this.reports.clear();
    }
    return this.browser;
  }

  private async clusterChildren(): Promise<ViewNode[]> {
    if (!vscode.workspace.isTrusted) return [untrusted('cluster')];
    const browser = this.currentBrowser();
    if (browser === undefined) return this.deps.cluster.state === 'starting' ? [message('cluster/starting', 'starting…', { icon: 'sync~spin' })] : [startClusterMessage()];
    const topics = (await browser.topics()).filter((t) => !t.internal);
    this.topics = new Map(topics.map((t) => [t.name, t]));
    this.shareLiveTopics(topics);
    return topics.length === 0 ? [message('cluster/empty', 'No topics yet')] : topics.map(topicNode);
  }

  private async recordChildren(topic: string): Promise<ViewNode[]> {
    const browser = this.currentBrowser();
    const info = this.topics.get(topic);
    if (browser === undefined || info === undefined) return [];
    const count = this.deps.recordCount();
    // Re-read only when the topic moved: each read joins a throwaway group.
    const key = `${count}:${info.partitions.map((p) => `${p.low}-${p.high}`).join(',')}`;
    let cached = this.records.get(topic);
    if (cached === undefined || (cached.key !== key && Date.now() - cached.time >= RECORDS_MIN_AGE_MS)) {
      cached = { key, rows: await browser.lastRecords(topic, count), time: Date.now() };
      this.records.set(topic, cached);
    }
    return cached.rows.map(recordNode);
  }

  private async groupChildren(): Promise<ViewNode[]> {
    if (!vscode.workspace.isTrusted) return [untrusted('groups')];
    const browser = this.currentBrowser();
    if (browser === undefined) return [message('groups/none', 'No cluster connected')];
    const groups = await browser.groups();
    const nodes: ViewNode[] = [];
    for (const group of groups) {
      let report: GroupLagReport | undefined;
      try {
        report = await browser.lag(group.groupId);
        this.reports.set(group.groupId, report);
      } catch (error) {
        this.deps.log.warn(`lag of ${group.groupId}: ${describeError(error)}`);
      }
      nodes.push(groupNode(group, report));
    }
    return nodes.length === 0 ? [message('groups/empty', 'No consumer groups')] : nodes;
  }

  private shareLiveTopics(topics: readonly TopicInfo[]): void {
    const params = liveTopicsParams(topics, { replication: this.target().source === 'configured' });
    const key = JSON.stringify(params);
    if (key === this.lastLive) return;
    this.lastLive = key;
    this.deps.sendNotification(SetLiveTopicsNotification.method, params);
  }

  /** Run events arrive with every metrics line: redraw the runs part at most once a second. */
  private refreshRunsSoon(): void {
    if (this.runRefresh !== undefined) return;
    this.runRefresh = setTimeout(() => {
      this.runRefresh = undefined;
      const root = this.roots?.runs;
      if (root === undefined) return;
      Object.assign(root, runsRoot(this.deps.runs.list()));
      this.changed.fire(root);
    }, 1000);
  }

  private schedulePoll(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.tree.visible) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.changed.fire(undefined);
      this.schedulePoll();
    }, this.deps.pollIntervalMs());
  }
}

function untrusted(where: string): ViewNode {
  return message(`${where}/untrusted`, 'Connecting to brokers needs a trusted workspace', {
    icon: 'shield', tooltip: 'Streamwise connects to brokers only in trusted workspaces.', command: { command: 'workbench.trust.manage', title: 'Manage Workspace Trust' },
  });
}
