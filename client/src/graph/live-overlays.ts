// Feeds the graph's live overlay: watches the run manager for a run of the shown topology and
// polls the application's consumer group on the connected cluster (runtime/src/lag's LagMonitor
// over the runtime client adapter). Without a cluster, a run's own committed/end offsets go
// through the same LagTracker, so there is one verdict either way. No vscode import: tested in node.
import { LagTracker, type GroupLagReport, type GroupSnapshot } from 'streamwise/model';
import type { LiveRunState } from '../runs/live-state';
import type { ConnectionState, GraphOverlay, GraphViewModel } from './graph-model';
import { GroupPoller, type AdminLike } from './group-poller';
import { buildOverlay, recordTrends, type Trends } from './overlay-builder';

export interface RunLike { spec: { file: string }; status: string; live: LiveRunState }

export interface RunSource {
  onDidChangeRun(listener: () => void): { dispose(): void };
  list(): RunLike[];
}

export interface LiveOverlayOptions {
  runs?: RunSource;
  /** Brokers to poll ([] for none: untrusted workspace, no cluster). Read at every watch(). */
  brokers(): string[];
  pollIntervalMs(): number;
  createAdmin?(brokers: string[]): AdminLike;
  log: { info(m: string): void; warn(m: string): void };
  /** Kafka Streams' commit interval assumed before one is seen (default 30 s; our runtime's runs commit sooner). */
  assumedCommitIntervalMs?: number;
}

export interface WatchTarget {
  key: string;
  model: GraphViewModel;
  /** Absolute path of the topology's file (runs are matched on it). */
  file: string;
  /** From the app model, when the analyzer found one for this topology. */
  applicationId?: string;
}

const ACTIVE = new Set(['starting', 'running', 'stopping']);

export class LiveOverlays {
  private target: WatchTarget | undefined;
  private overlay: GraphOverlay | undefined;
  private report: GroupLagReport | undefined;
  private monitor: GroupPoller | undefined;
  private runTracker: { groupId: string; tracker: LagTracker } | undefined;
  private readonly trends: Trends = new Map();
  private readonly listeners = new Set<() => void>();
  private state: { state: ConnectionState; detail?: string } = { state: 'none' };
  private readonly runSub: { dispose(): void } | undefined;

  constructor(private readonly options: LiveOverlayOptions) {
    this.runSub = options.runs?.onDidChangeRun(() => this.refresh());
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  current(key: string): GraphOverlay | undefined {
    return this.target?.key === key ? this.overlay : undefined;
  }

  connection(): { state: ConnectionState; detail?: string } {
    return this.state;
  }

  /** Shows live data for this topology (or none). Restarts the poller when the group or brokers change. */
  watch(target: WatchTarget | undefined): void {
    const keyChanged = this.target?.key !== target?.key;
    this.target = target;
    if (keyChanged) {
      this.trends.clear();
      this.report = undefined;
      this.runTracker = undefined;
    }
    this.refresh();
  }

  dispose(): void {
    this.runSub?.dispose();
    void this.stopMonitor();
    this.listeners.clear();
  }

  private run(): RunLike | undefined {
    const file = this.target?.file;
    if (file === undefined) return undefined;
    const runs = this.options.runs?.list() ?? [];
    return runs.find((r) => r.spec.file === file && ACTIVE.has(r.status)) ?? runs.find((r) => r.spec.file === file);
  }

  private refresh(): void {
    try {
      this.update();
    } catch (e) {
      this.options.log.warn(`graph overlay: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private update(): void {
    const target = this.target;
    if (target === undefined) {
      void this.stopMonitor();
      this.setOverlay(undefined, { state: 'none' });
      return;
    }
    const run = this.run();
    const groupId = run?.live.applicationId ?? target.applicationId;
    const brokers = this.options.brokers();
    if (groupId !== undefined && brokers.length > 0) {
      this.ensureMonitor(groupId, brokers);
    } else {
      void this.stopMonitor();
      if (run !== undefined && groupId !== undefined) this.report = this.reportFromRun(groupId, run.live);
    }
    if (run === undefined && this.monitor === undefined) {
      this.setOverlay(undefined, { state: 'none' });
      return;
    }
    const inputs = { model: target.model, trends: this.trends, ...(groupId === undefined ? {} : { applicationId: groupId }), ...(run === undefined ? {} : { live: run.live }), ...(this.report === undefined ? {} : { report: this.report }) };
    const state = this.monitor === undefined ? { state: 'connected' as const, detail: 'run metrics' } : this.state;
    this.setOverlay(buildOverlay(inputs), state);
  }

  /** The run's own offsets as group snapshots, judged by the same LagTracker the poller uses. */
  private reportFromRun(groupId: string, live: LiveRunState): GroupLagReport | undefined {
    if (live.partitions.length === 0) return this.report;
    if (this.runTracker?.groupId !== groupId) this.runTracker = { groupId, tracker: new LagTracker(groupId, this.trackerOptions()) };
    const snapshot: GroupSnapshot = {
      groupId,
      time: live.updatedAt,
      state: live.state === 'RUNNING' ? 'Stable' : live.state === 'REBALANCING' ? 'PreparingRebalance' : live.state === undefined ? null : 'Empty',
      members: live.assignment.map((a) => ({ memberId: `${a.instance}/${a.thread}`, clientId: a.instance, host: 'local', assignment: a.partitions.map((p) => ({ ...p })) })),
      partitions: live.partitions.map((p) => ({ topic: p.topic, partition: p.partition, committed: p.committedOffset < 0 ? null : p.committedOffset, end: p.highWatermark })),
    };
    const report = this.runTracker.tracker.add(snapshot);
    recordTrends(this.trends, report.partitions.map((p) => ({ topic: p.topic, partition: p.partition, lag: p.lag ?? 0 })));
    return report;
  }

  private trackerOptions(): { assumedCommitIntervalMs?: number } {
    return this.options.assumedCommitIntervalMs === undefined ? {} : { assumedCommitIntervalMs: this.options.assumedCommitIntervalMs };
  }

  private ensureMonitor(groupId: string, brokers: string[]): void {
    const brokerKey = brokers.join(',');
    if (this.monitor?.groupId === groupId && this.monitor.brokerKey === brokerKey) return;
    void this.stopMonitor();
    const poller: GroupPoller = new GroupPoller({
      groupId, brokers,
      intervalMs: this.options.pollIntervalMs(),
      ...(this.options.createAdmin === undefined ? {} : { createAdmin: this.options.createAdmin }),
      ...this.trackerOptions(),
      log: this.options.log,
      onReport: (report) => {
        if (this.monitor !== poller) return;
        this.report = report;
        recordTrends(this.trends, report.partitions.map((p) => ({ topic: p.topic, partition: p.partition, lag: p.lag ?? 0 })));
        this.refresh();
      },
      onState: (state, detail) => {
        if (this.monitor !== poller) return;
        this.state = { state, detail };
        if (state !== 'connected') this.refresh();
      },
    });
    this.monitor = poller;
    poller.start();
  }

  private async stopMonitor(): Promise<void> {
    const m = this.monitor;
    if (m === undefined) return;
    this.monitor = undefined;
    await m.stop();
  }

  private setOverlay(overlay: GraphOverlay | undefined, state: { state: ConnectionState; detail?: string }): void {
    this.overlay = overlay;
    this.state = state;
    for (const l of this.listeners) l();
  }
}
