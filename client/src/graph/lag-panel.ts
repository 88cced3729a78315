// `Show Lag`: a panel for any consumer group on the connected cluster: status with window
// completeness, members, the partition table and total lag over time. Polled by GroupPoller
// (runtime/src/lag's LagMonitor); waits for a cluster when none is connected and recovers by itself.
import * as vscode from 'vscode';
import type { GroupLagReport } from 'streamwise/model';
import { GroupPoller } from './group-poller';
import { LAG_VIEW_TYPE, parseWebviewMessage, type HostMessage } from './messages';
import { lagViewFromReport, recordTrends, HISTORY_POINTS, type Trends } from './overlay-builder';
import { panelHtml } from './panel-html';

export interface LagPanelDeps {
  brokers(): string[];
  pollIntervalMs(): number;
  log: { info(m: string): void; warn(m: string): void; error(m: string): void };
}

export class LagPanel {
  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private poller: GroupPoller | undefined;
  private waiting: NodeJS.Timeout | undefined;
  private ready = false;
  private readonly latest = new Map<string, HostMessage>();
  private trends: Trends = new Map();
  private history: { time: number; lag: number }[] = [];
  private groupId: string | undefined;
  private readonly disposeListeners: (() => void)[] = [];

  constructor(context: vscode.ExtensionContext, private readonly deps: LagPanelDeps, restored?: vscode.WebviewPanel) {
    const root = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview');
    const options: vscode.WebviewPanelOptions & vscode.WebviewOptions = { enableScripts: true, localResourceRoots: [root] };
    this.panel = restored ?? vscode.window.createWebviewPanel(LAG_VIEW_TYPE, 'Lag', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, options);
    this.panel.webview.options = options;
    const webview = this.panel.webview;
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'graph.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'graph.css')).toString(),
    }, 'lag', 'Consumer group lag');
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => {
        const parsed = parseWebviewMessage(raw);
        if ('error' in parsed) return this.deps.log.warn(`lag panel: ignored a message from the webview: ${parsed.error}`);
        if (parsed.message.type === 'ready') {
          this.ready = true;
          for (const m of this.latest.values()) this.send(m);
        } else if (parsed.message.type === 'log') {
          this.deps.log[parsed.message.level](`lag webview: ${parsed.message.message}`);
        }
      }),
      this.panel.onDidDispose(() => this.dispose()),
    );
  }

  onDispose(listener: () => void): void {
    this.disposeListeners.push(listener);
  }

  async show(groupId: string): Promise<void> {
    this.panel.reveal(undefined, true);
    this.panel.title = `Lag: ${groupId}`;
    if (groupId === this.groupId && (this.poller !== undefined || this.waiting !== undefined)) return;
    // The old poller is detached at once (its late samples are dropped) and the webview told the
    // new group before anything waits: nothing kept for the group before is shown (or replayed on
    // `ready`) under the new title, not even while a sample of the old group is still in flight.
    const stopping = this.stopPolling();
    this.groupId = groupId;
    this.trends = new Map();
    this.history = [];
    this.latest.clear();
    const brokers = vscode.workspace.isTrusted ? this.deps.brokers() : [];
    this.post({ type: 'lagGroup', groupId, detail: brokers.length === 0 ? 'waiting for a cluster connection…' : `connecting to ${brokers.join(',')}…` });
    await stopping;
    // Another show() meanwhile owns the panel now.
    if (this.groupId !== groupId || this.poller !== undefined || this.waiting !== undefined) return;
    this.startWhenConnected();
  }

  /** Polls once brokers are known; until then says so and checks again at the poll interval. */
  private startWhenConnected(): void {
    const groupId = this.groupId;
    if (groupId === undefined) return;
    const brokers = vscode.workspace.isTrusted ? this.deps.brokers() : [];
    if (brokers.length === 0) {
      this.post({ type: 'connection', state: 'none', detail: vscode.workspace.isTrusted ? 'no cluster: start the dev cluster or set streamwise.brokers' : 'untrusted workspace: no cluster connection' });
      this.waiting = setTimeout(() => { this.waiting = undefined; this.startWhenConnected(); }, Math.max(500, this.deps.pollIntervalMs()));
      return;
    }
    const poller: GroupPoller = new GroupPoller({
      groupId, brokers, intervalMs: this.deps.pollIntervalMs(), log: this.deps.log,
      onReport: (report) => { if (this.poller === poller) this.report(report); },
      onState: (state, detail) => { if (this.poller === poller) this.post({ type: 'connection', state, detail }); },
    });
    this.poller = poller;
    poller.start();
  }

  private report(report: GroupLagReport): void {
    recordTrends(this.trends, report.partitions.map((p) => ({ topic: p.topic, partition: p.partition, lag: p.lag ?? 0 })));
    this.history.push({ time: report.time, lag: report.totalLag });
    if (this.history.length > HISTORY_POINTS) this.history.splice(0, this.history.length - HISTORY_POINTS);
    this.post({ type: 'lag', lag: lagViewFromReport(report, this.trends, this.history) });
  }

  private post(message: HostMessage): void {
    // The latest of each kind is kept and sent again on every `ready` (a hidden panel's webview is re-created when shown).
    this.latest.set(message.type, message);
    if (this.ready && this.panel.visible) this.send(message);
  }

  private send(message: HostMessage): void {
    void this.panel.webview.postMessage(message).then(undefined, (e: unknown) => this.deps.log.warn(`lag panel: post failed: ${String(e)}`));
  }

  private async stopPolling(): Promise<void> {
    clearTimeout(this.waiting);
    this.waiting = undefined;
    const p = this.poller;
    this.poller = undefined;
    await p?.stop();
  }

  dispose(): void {
    void this.stopPolling();
    for (const d of this.disposables.splice(0)) d.dispose();
    for (const l of this.disposeListeners.splice(0)) l();
    this.panel.dispose();
  }
}
