// Feeds the graph's live overlay: watches the run manager for a run of the shown topology and
// polls the application's consumer group on the connected cluster (runtime/src/lag's LagMonitor
// over the runtime client adapter). Without a cluster, a run's own committed/end offsets go
// through the same LagTracker, so there is one verdict either way. No vscode import: tested in node.
import { LagTracker, type GroupLagReport, type GroupSnapshot } from 'streamwise/model';
import type { LiveRunState } from '../runs/live-state';
import type { ConnectionState, GraphOverlay, GraphViewModel } from './graph-model';
import { GroupPoller, type AdminLike } from './group-poller';
import { buildOverlay, realTopicName, recordTrends, type Trends } from './overlay-builder';
import { TopicPartitionsPoller, type MetadataAdmin } from './topic-partitions';

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
  createMetadataAdmin?(brokers: string[]): MetadataAdmin;
  /** How often topic metadata (partition counts) is asked for; default 3 poll intervals, at least 3 s. */
  metadataIntervalMs?: number;
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
  private metadata: TopicPartitionsPoller | undefined;
  /** Cluster topic name -> partition count, from the metadata poller. */
  private counts = new Map<string, number>();

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
    this.metadata?.refresh();
  }

  dispose(): void {
    this.runSub?.dispose();
    void this.stopMonitor();
    void this.stopMetadata();
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
      void this.stopMetadata();
      this.setOverlay(undefined, { state: 'none' });
      return;
    }
    const run = this.run();
    const groupId = run?.live.applicationId ?? target.applicationId;
    const brokers = this.options.brokers();
    if (brokers.length > 0) this.ensureMetadata(brokers);
    else void this.stopMetadata();
    const partitionCounts = this.partitionCounts(target, groupId);
    if (groupId !== undefined && brokers.length > 0) {
      this.ensureMonitor(groupId, brokers);
    } else {
      void this.stopMonitor();
      if (run !== undefined && groupId !== undefined) this.report = this.reportFromRun(groupId, run.live);
    }
    if (run === undefined && this.monitor === undefined) {
      // No run and no group to watch: at most the cluster's partition counts.
      const counts = Object.keys(partitionCounts).length === 0 ? undefined : { source: 'cluster' as const, time: Date.now(), nodes: {}, topics: {}, threads: [], partitionCounts };
      this.setOverlay(counts, { state: 'none' });
      return;
    }
    const inputs = { model: target.model, trends: this.trends, ...(groupId === undefined ? {} : { applicationId: groupId }), ...(run === undefined ? {} : { live: run.live }), ...(this.report === undefined ? {} : { report: this.report }) };
    const state = this.monitor === undefined ? { state: 'connected' as const, detail: 'run metrics' } : this.state;
    const overlay = buildOverlay(inputs);
    if (Object.keys(partitionCounts).length > 0) overlay.partitionCounts = partitionCounts;
    this.setOverlay(overlay, state);
  }

  /** Cluster names of the topology's topics (internal ones carry the application id), by node id. */
  private clusterTopics(target: WatchTarget, applicationId: string | undefined): Map<string, string> {
    const out = new Map<string, string>();
    for (const n of target.model.nodes) {
      if (n.kind === 'topic' || n.kind === 'repartition' || n.kind === 'changelog') out.set(n.id, realTopicName(n.label, n.kind, applicationId));
    }
    return out;
  }

  private groupOf(target: WatchTarget): string | undefined {
    return this.run()?.live.applicationId ?? target.applicationId;
  }

  private partitionCounts(target: WatchTarget, applicationId: string | undefined): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [id, topic] of this.clusterTopics(target, applicationId)) {
      const n = this.counts.get(topic);
      if (n !== undefined) out[id] = n;
    }
    return out;
  }

  private ensureMetadata(brokers: string[]): void {
    if (this.metadata?.brokerKey === brokers.join(',')) return;
    void this.stopMetadata();
    const poller: TopicPartitionsPoller = new TopicPartitionsPoller({
      brokers,
      topics: () => {
        const target = this.target;
        return target === undefined ? [] : [...new Set(this.clusterTopics(target, this.groupOf(target)).values())];
      },
      intervalMs: this.options.metadataIntervalMs ?? Math.max(3000, 3 * this.options.pollIntervalMs()),
      ...(this.options.createMetadataAdmin === undefined ? {} : { createAdmin: this.options.createMetadataAdmin }),
      onCounts: (counts) => {
        if (this.metadata !== poller) return;
        this.counts = counts;
        this.refresh();
      },
      log: this.options.log,
    });
    this.metadata = poller;
    poller.start();
  }

  private async stopMetadata(): Promise<void> {
    const m = this.metadata;
    if (m === undefined) return;
    this.metadata = undefined;
    this.counts = new Map();
    await m.stop();
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
