// The graph panel controller: opens (or restores) the topology graph webview, feeds it laid-out
// view models from `streamwise/topology`, redraws on `streamwise/topologyChanged`, reveals code on
// click, highlights the node under the editor cursor, and forwards live overlays.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AppEntry, TopologyCommandArgs, TopologyChangedParams, TopologyEntry, TopologyParams, TopologyResult } from '../../../server/src/protocol';
import { loadDeploymentConfig } from '../../../server/src/analysis/config';
import type { GraphViewModel, LaidOutGraph } from './graph-model';
import { LiveOverlays, type RunSource } from './live-overlays';
import { LayoutService, PANEL_LAYOUT_DEADLINE_MS } from './layout-service';
import { FileLayoutStore } from './layout-store';
import { GRAPH_VIEW_TYPE, LAG_VIEW_TYPE, parseWebviewMessage, parseWebviewState, type HostMessage, type TopologyChoice, type WebviewMessage, type WebviewState } from './messages';
import { LagPanel, type LagPanelDeps } from './lag-panel';
import { choiceDescription, groupChoices, listClusterGroups, type ClusterGroup } from './group-picker';
import { panelHtml } from './panel-html';
import { TextMetricsStore } from './text-metrics-store';
import { buildViewModel, nodeAtPosition, topologyKey } from './view-model';

export interface GraphLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface GraphPanelDeps {
  /** `streamwise/topology` through the language client; undefined when the server is not running. */
  requestTopology(params: TopologyParams): Promise<TopologyResult | undefined>;
  /** Fires on `streamwise/topologyChanged`. */
  onTopologyChanged: vscode.Event<TopologyChangedParams>;
  /** The run manager (runs the extension started: per-node records/s, errors, assignment). */
  runs?: RunSource;
  /** Brokers of the connected cluster (settings or the dev cluster); [] when none or untrusted. */
  brokers?(): string[];
  /** `streamwise.lag.pollIntervalMs`. */
  pollIntervalMs?(): number;
  log: GraphLog;
}

/** What the graph panel shows right now, for the real-editor tests (the webview DOM is hard to reach there). */
export interface GraphPanelSnapshot {
  open: boolean;
  key?: string;
  nodeIds: string[];
  /** Node ids of the last overlay, with their records/s; source topics with their total lag. */
  overlay?: { nodes: Record<string, number>; topicLag: Record<string, number>; status?: string };
  connection: string;
  /** The last node whose code a click revealed. */
  revealed?: string;
}

export interface GraphPanelApi {
  snapshot(): GraphPanelSnapshot;
  /** `args`: the CodeLens's TopologyCommandArgs; anything else opens the active file's (or workspace's) first topology. */
  showTopology(args?: unknown): Promise<void>;
  showLag(groupId?: string): Promise<void>;
}

/**
 * How long a panel's first layout waits for its webview to measure the fonts, when no webview ever
 * did (first use): the webview cannot draw before it is loaded anyway. Past it, estimated widths.
 */
const METRICS_WAIT_MS = 3000;

/** Topologies laid out ahead of time after a re-analysis (the rest wait until shown). */
const PRELAYOUT_LIMIT = 20;

const isTopologyArgs = (v: unknown): v is TopologyCommandArgs =>
  typeof v === 'object' && v !== null && typeof (v as { uri?: unknown }).uri === 'string' && typeof (v as { topologyIndex?: unknown }).topologyIndex === 'number';

export function registerGraphPanel(context: vscode.ExtensionContext, deps: GraphPanelDeps): GraphPanelApi {
  const layouts = new LayoutService({
    workerPath: vscode.Uri.joinPath(context.extensionUri, 'dist', 'graph-layout-worker.js').fsPath,
    // Past this the quick layout is drawn first (first paint stays fast); ELK's follows.
    deadlineMs: PANEL_LAYOUT_DEADLINE_MS,
    store: new FileLayoutStore(vscode.Uri.joinPath(context.globalStorageUri, 'graph-layouts').fsPath, 64, deps.log),
    log: deps.log,
  });
  const live = new LiveOverlays({
    ...(deps.runs === undefined ? {} : { runs: deps.runs }),
    // Connecting to brokers only in trusted workspaces (SPEC section 7).
    brokers: () => (vscode.workspace.isTrusted ? deps.brokers?.() ?? [] : []),
    pollIntervalMs: () => deps.pollIntervalMs?.() ?? 2000,
    log: deps.log,
  });
  context.subscriptions.push({ dispose: () => live.dispose() });
  const metrics = new TextMetricsStore(context.globalState, (m) => deps.log.warn(m));
  // Pre-warm off the activation path: ELK's start-up is paid before the first panel opens, and
  // after each re-analysis the workspace's topologies are laid out in the background, so opening
  // the panel (or its redraw) usually finds the layout in the cache.
  setTimeout(() => void layouts.prewarm(), 0);
  let prelaying = false;
  const prelayout = async (): Promise<void> => {
    if (prelaying) return;
    prelaying = true;
    try {
      const result = await deps.requestTopology({});
      for (const entry of (result?.topologies ?? []).slice(0, PRELAYOUT_LIMIT)) {
        const measured = metrics.get();
        const model = buildViewModel(entry, measured === undefined ? {} : { metrics: measured });
        if (layouts.cached(model) === undefined) await layouts.layout(model);
      }
    } catch (e) {
      deps.log.warn(`graph panel: background layout failed: ${String(e)}`);
    } finally {
      prelaying = false;
    }
  };
  context.subscriptions.push(deps.onTopologyChanged(() => void prelayout()));
  let panel: GraphPanel | undefined;
  const open = (restore?: { webview: vscode.WebviewPanel; state: WebviewState | undefined }): GraphPanel => {
    if (panel !== undefined && restore === undefined) return panel;
    const created = new GraphPanel(context, deps, layouts, live, metrics, (groupId) => api.showLag(groupId), restore);
    panel = created;
    created.onDispose(() => { if (panel === created) panel = undefined; });
    return created;
  };
  let lag: LagPanel | undefined;
  const lagDeps: LagPanelDeps = { brokers: () => deps.brokers?.() ?? [], pollIntervalMs: () => deps.pollIntervalMs?.() ?? 2000, log: deps.log };
  const openLag = (restored?: vscode.WebviewPanel): LagPanel => {
    if (lag !== undefined && restored === undefined) return lag;
    const created = new LagPanel(context, lagDeps, restored);
    lag = created;
    created.onDispose(() => { if (lag === created) lag = undefined; });
    return created;
  };
  context.subscriptions.push(
    { dispose: () => lag?.dispose() },
    vscode.window.registerWebviewPanelSerializer(LAG_VIEW_TYPE, {
      deserializeWebviewPanel: async (webview, state: unknown) => {
        try {
          const groupId = parseWebviewState(state)?.groupId;
          const panel = openLag(webview);
          if (groupId !== undefined) await panel.show(groupId);
        } catch (e) {
          deps.log.error(`lag panel: restore failed: ${String(e)}`);
        }
      },
    }),
    { dispose: () => layouts.dispose() },
    { dispose: () => panel?.dispose() },
    vscode.window.registerWebviewPanelSerializer(GRAPH_VIEW_TYPE, {
      deserializeWebviewPanel: async (webview, state: unknown) => {
        try {
          open({ webview, state: parseWebviewState(state) });
        } catch (e) {
          deps.log.error(`graph panel: restore failed: ${String(e)}`);
        }
      },
    }),
  );
  const api: GraphPanelApi = {
    snapshot: () => panel?.snapshot() ?? { open: false, nodeIds: [], connection: live.connection().state },
    async showTopology(args?: unknown) {
      try {
        const p = open();
        p.reveal();
        await p.load(isTopologyArgs(args) ? topologyKey(args.uri, args.topologyIndex) : undefined, isTopologyArgs(args) ? args.uri : vscode.window.activeTextEditor?.document.uri.toString());
      } catch (e) {
        deps.log.error(`graph panel: showTopology failed: ${String(e)}`);
      }
    },
    async showLag(groupId?: string) {
      try {
        const group = typeof groupId === 'string' && groupId !== '' ? groupId : await pickGroup(deps);
        if (group === undefined) return;
        await openLag().show(group);
      } catch (e) {
        deps.log.error(`graph panel: showLag failed: ${String(e)}`);
      }
    },
  };
  return api;
}

const OTHER_GROUP = 'Another consumer group…';

/**
 * The group for Show Lag: the connected cluster's consumer groups and the application ids of the
 * runs and apps Streamwise knows, or one typed in (the filter text itself is offered as a group).
 */
async function pickGroup(deps: GraphPanelDeps): Promise<string | undefined> {
  const known: string[] = [];
  for (const r of deps.runs?.list() ?? []) if (r.live.applicationId !== undefined) known.push(r.live.applicationId);
  try {
    for (const a of (await deps.requestTopology({}))?.apps ?? []) if (a.app.applicationId !== undefined) known.push(a.app.applicationId);
  } catch (e) {
    deps.log.warn(`Show Lag: could not list the workspace's applications: ${String(e)}`);
  }
  const brokers = vscode.workspace.isTrusted ? deps.brokers?.() ?? [] : [];
  if (known.length === 0 && brokers.length === 0) return typedGroup();
  interface Item extends vscode.QuickPickItem { groupId?: string }
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = 'Show Lag';
  pick.placeholder = brokers.length === 0 ? 'Consumer group (application id); no cluster connected' : `Consumer group on ${brokers.join(',')} or application id`;
  pick.matchOnDescription = true;
  let cluster: ClusterGroup[] = [];
  let listed = false;
  const render = (): void => {
    const typed = pick.value.trim();
    const choices = groupChoices(known, cluster);
    const items: Item[] = choices.map((c) => ({ label: c.groupId, description: choiceDescription(c, listed), groupId: c.groupId }));
    // What is typed is a group too, when it is none of the listed ones.
    if (typed !== '' && !choices.some((c) => c.groupId === typed)) items.unshift({ label: typed, description: 'typed group id', alwaysShow: true, groupId: typed });
    items.push({ label: OTHER_GROUP, alwaysShow: true });
    // The cluster's groups arrive while the user may be moving through the list: keep their place (unfiltered only).
    const active = typed === '' ? pick.activeItems[0]?.label : undefined;
    pick.items = items;
    const keep = items.find((i) => i.label === active);
    if (keep !== undefined) pick.activeItems = [keep];
  };
  render();
  pick.busy = brokers.length > 0;
  if (brokers.length > 0) {
    listClusterGroups(brokers, 5000).then((groups) => {
      cluster = groups;
      listed = true;
    }, (e: unknown) => {
      deps.log.warn(`Show Lag: could not list the cluster's groups: ${e instanceof Error ? e.message : String(e)}`);
    }).finally(() => {
      pick.busy = false;
      render();
    });
  }
  pick.onDidChangeValue(() => render());
  const chosen = await new Promise<Item | undefined>((resolve) => {
    pick.onDidAccept(() => resolve(pick.selectedItems[0]));
    pick.onDidHide(() => resolve(undefined));
    pick.show();
  });
  pick.dispose();
  if (chosen === undefined) return undefined;
  return chosen.groupId ?? typedGroup();
}

async function typedGroup(): Promise<string | undefined> {
  const typed = await vscode.window.showInputBox({ title: 'Show Lag', prompt: 'Consumer group id', validateInput: (v) => (v.trim() === '' ? 'A group id is required' : undefined) });
  return typed?.trim() || undefined;
}

class GraphPanel {
  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposeListeners: (() => void)[] = [];
  private key: string | undefined;
  private fileUri: string | undefined;
  private entries: TopologyEntry[] = [];
  private apps: AppEntry[] = [];
  private model: GraphViewModel | undefined;
  private ready = false;
  private readonly latest = new Map<string, HostMessage>();
  private lastEditorColumn: vscode.ViewColumn = vscode.ViewColumn.One;
  private loadSeq = 0;
  private revealed: string | undefined;

  constructor(
    context: vscode.ExtensionContext,
    private readonly deps: GraphPanelDeps,
    private readonly layouts: LayoutService,
    private readonly live: LiveOverlays,
    private readonly metrics: TextMetricsStore,
    private readonly showLag: (groupId: string) => Promise<void>,
    restore?: { webview: vscode.WebviewPanel; state: WebviewState | undefined },
  ) {
    const root = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview');
    const options: vscode.WebviewPanelOptions & vscode.WebviewOptions = { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: [root] };
    this.panel = restore?.webview ?? vscode.window.createWebviewPanel(GRAPH_VIEW_TYPE, 'Topology Graph', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, options);
    this.panel.webview.options = options;
    const webview = this.panel.webview;
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'graph.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'graph.css')).toString(),
    }, 'graph', 'Topology Graph');
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      this.panel.onDidDispose(() => this.dispose()),
      deps.onTopologyChanged(() => void this.refresh()),
      vscode.window.onDidChangeTextEditorSelection((e) => this.cursorMoved(e.textEditor)),
      vscode.window.onDidChangeActiveTextEditor((e) => { if (e?.viewColumn !== undefined) this.lastEditorColumn = e.viewColumn; }),
    );
    this.disposables.push(live.onDidChange(() => this.pushOverlay()));
    const active = vscode.window.activeTextEditor;
    if (active?.viewColumn !== undefined) this.lastEditorColumn = active.viewColumn;
    if (restore?.state?.key !== undefined) {
      const key = restore.state.key;
      void this.load(key, key.slice(0, key.lastIndexOf('#')));
    }
  }

  onDispose(listener: () => void): void {
    this.disposeListeners.push(listener);
  }

  snapshot(): GraphPanelSnapshot {
    const out: GraphPanelSnapshot = { open: true, nodeIds: this.model?.nodes.map((n) => n.id) ?? [], connection: this.live.connection().state };
    if (this.key !== undefined) out.key = this.key;
    if (this.revealed !== undefined) out.revealed = this.revealed;
    const o = this.key === undefined ? undefined : this.live.current(this.key);
    if (o !== undefined) {
      out.overlay = {
        nodes: Object.fromEntries(Object.entries(o.nodes).map(([id, n]) => [id, n.recordsPerSecond])),
        topicLag: Object.fromEntries(Object.values(o.topics).map((t) => [t.topic, t.totalLag])),
        ...(o.status === undefined ? {} : { status: o.status }),
      };
    }
    return out;
  }

  reveal(): void {
    this.panel.reveal(undefined, true);
  }

  /** Loads topologies of `uri` (or the workspace) and shows `key`, else the first one. */
  async load(key: string | undefined, uri: string | undefined): Promise<void> {
    this.fileUri = uri;
    if (key !== undefined) this.key = key;
    await this.refresh();
  }

  async refresh(): Promise<void> {
    const seq = ++this.loadSeq;
    let result: TopologyResult | undefined;
    try {
      result = await this.deps.requestTopology(this.fileUri === undefined ? {} : { uri: this.fileUri });
      if (result !== undefined && result.topologies.length === 0 && this.fileUri !== undefined) result = await this.deps.requestTopology({});
      if (result === undefined) {
        this.post({ type: 'empty', message: 'The Streamwise language server is not running: open a TypeScript file that uses streamwise, or run "Streamwise: Restart Language Server".', choices: [] });
        return;
      }
    } catch (e) {
      this.post({ type: 'empty', message: `The language server did not answer: ${e instanceof Error ? e.message : String(e)}`, choices: [] });
      return;
    }
    if (seq !== this.loadSeq) return; // a newer refresh started meanwhile
    this.entries = result.topologies;
    this.apps = result.apps;
    const entry = this.entries.find((t) => topologyKey(t.uri, t.topologyIndex) === this.key) ?? (this.key === undefined ? this.entries[0] : undefined);
    if (entry === undefined) {
      const why = result.fileErrors[0] !== undefined ? ` (${result.fileErrors[0].message})` : '';
      this.model = undefined;
      this.post({ type: 'empty', message: this.entries.length === 0 ? `No topology found in this workspace${why}.` : `That topology is no longer in the code${why}: pick another one.`, choices: this.choices() });
      return;
    }
    await this.show(entry, seq);
  }

  private partitionsFor(entry: TopologyEntry): Record<string, number> {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(entry.uri));
    const out: Record<string, number> = {};
    if (folder === undefined) return out;
    for (const [topic, facts] of Object.entries(loadDeploymentConfig(folder.uri.fsPath).facts.topics)) {
      if (facts.partitions !== undefined) out[topic] = facts.partitions;
    }
    return out;
  }

  private choices(): TopologyChoice[] {
    return this.entries.map((t) => ({ key: topologyKey(t.uri, t.topologyIndex), title: `${path.basename(vscode.Uri.parse(t.uri).fsPath)} · topology ${t.topologyIndex + 1}` }));
  }

  private async show(entry: TopologyEntry, seq: number): Promise<void> {
    const key = topologyKey(entry.uri, entry.topologyIndex);
    // Boxes sized for the full names in the webview's fonts (measured there; the layout runs here).
    const measured = this.metrics.get() ?? await this.metrics.whenKnown(METRICS_WAIT_MS);
    if (seq !== this.loadSeq) return;
    const model = buildViewModel(entry, { partitions: this.partitionsFor(entry), title: this.choices().find((c) => c.key === key)?.title ?? key, ...(measured === undefined ? {} : { metrics: measured }) });
    const layout = await this.layouts.layout(model, (late) => {
      if (this.model === model) this.post({ type: 'graph', graph: { model, layout: late }, choices: this.choices() });
    });
    if (seq !== this.loadSeq) return;
    this.key = key;
    this.model = model;
    this.panel.title = `Topology: ${model.title}`;
    const graph: LaidOutGraph = { model, layout };
    this.post({ type: 'graph', graph, choices: this.choices() });
    const file = vscode.Uri.parse(entry.uri).fsPath;
    const applicationId = this.apps.find((a) => a.uri === entry.uri && a.app.applicationId !== undefined)?.app.applicationId;
    this.live.watch({ key, model, file, ...(applicationId === undefined ? {} : { applicationId }) });
    this.pushOverlay();
    const editor = vscode.window.activeTextEditor;
    if (editor !== undefined) this.cursorMoved(editor);
  }

  private pushOverlay(): void {
    if (this.key === undefined) return;
    const c = this.live.connection();
    this.post({ type: 'connection', state: c.state, ...(c.detail === undefined ? {} : { detail: c.detail }) });
    this.post({ type: 'overlay', overlay: this.live.current(this.key) });
  }

  private cursorMoved(editor: vscode.TextEditor): void {
    if (this.model === undefined || editor.document.uri.scheme !== 'file') return;
    const pos = editor.selection.active;
    this.post({ type: 'highlight', nodeId: nodeAtPosition(this.model, editor.document.uri.fsPath, pos.line, pos.character) });
  }

  private post(message: HostMessage): void {
    // The latest message of each kind is kept: a hidden panel's webview is destroyed (no
    // retainContextWhenHidden) and the new one says `ready` again when shown, so it gets them all.
    if (message.type !== 'requestSvg') this.latest.set(message.type === 'empty' ? 'graph' : message.type, message);
    if (this.ready && this.panel.visible) this.send(message);
  }

  private send(message: HostMessage): void {
    void this.panel.webview.postMessage(message).then(undefined, (e: unknown) => this.deps.log.warn(`graph panel: post failed: ${String(e)}`));
  }

  /** Everything the webview shows, again (first `ready`, and each time it is re-created after being hidden). */
  private resend(): void {
    for (const slot of ['graph', 'overlay', 'connection', 'highlight']) {
      const m = this.latest.get(slot);
      if (m !== undefined) this.send(m);
    }
  }

  private receive(raw: unknown): void {
    const parsed = parseWebviewMessage(raw);
    if ('error' in parsed) {
      this.deps.log.warn(`graph panel: ignored a message from the webview: ${parsed.error}`);
      return;
    }
    void this.handle(parsed.message).catch((e: unknown) => this.deps.log.error(`graph panel: ${parsed.message.type} failed: ${String(e)}`));
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.resend();
        return;
      case 'metrics':
        // Other fonts than the boxes were sized for: size and lay out again.
        if (this.metrics.set(message.metrics) && this.model !== undefined) {
          this.deps.log.info('graph panel: the webview measured other fonts than the boxes were sized for: sizing and laying out again');
          await this.refresh();
        }
        return;
      case 'reveal':
        return this.revealNode(message.nodeId);
      case 'selectTopology': {
        if (!this.entries.some((t) => topologyKey(t.uri, t.topologyIndex) === message.key)) {
          this.deps.log.warn(`graph panel: selectTopology: unknown key ${message.key}`);
          return;
        }
        this.key = message.key;
        return this.refresh();
      }
      case 'exportSvg':
        this.post({ type: 'requestSvg' });
        return;
      case 'showLag': {
        const groupId = this.key === undefined ? undefined : this.live.current(this.key)?.groupId;
        if (groupId === undefined) return this.deps.log.warn('graph panel: showLag: the graph shows no group');
        return this.showLag(groupId);
      }
      case 'svg':
        return this.saveSvg(message.svg);
      case 'log':
        this.deps.log[message.level](`graph webview: ${message.message}`);
        return;
    }
  }

  private async revealNode(nodeId: string): Promise<void> {
    const node = this.model?.nodes.find((n) => n.id === nodeId);
    const loc = node?.location;
    if (loc === undefined) {
      this.deps.log.info(`graph panel: no source location for ${nodeId}`);
      return;
    }
    const range = new vscode.Range(loc.start.line, loc.start.character, loc.end.line, loc.end.character);
    this.revealed = nodeId;
    await vscode.window.showTextDocument(vscode.Uri.file(loc.file), { selection: range, viewColumn: this.lastEditorColumn, preserveFocus: false });
  }

  private async saveSvg(svg: string): Promise<void> {
    const name = (this.model?.title ?? 'topology').replace(/[^\w.-]+/g, '-');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      filters: { SVG: ['svg'] },
      ...(folder === undefined ? {} : { defaultUri: vscode.Uri.joinPath(folder, `${name}.svg`) }),
    });
    if (target === undefined) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(svg));
    void vscode.window.showInformationMessage(`Topology graph saved to ${target.fsPath}`);
  }

  dispose(): void {
    this.live.watch(undefined);
    for (const d of this.disposables.splice(0)) d.dispose();
    for (const l of this.disposeListeners.splice(0)) l();
    this.panel.dispose();
  }
}
