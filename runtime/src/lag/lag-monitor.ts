// Polls a group every `intervalMs` and keeps a LagTracker: the graph panel, the Streamwise view and
// `streamwise lag` use it. Never throws: a failed sample is reported through `onError` and the
// polling goes on.
import { GroupSampler, type LagAdmin } from './group-sampler';
import { LagTracker, type GroupLagReport, type LagTrackerOptions } from './lag-tracker';

export interface LagMonitorOptions extends LagTrackerOptions {
  /** Time between samples (default 1000 ms). */
  intervalMs?: number;
  onReport?(report: GroupLagReport): void;
  onError?(error: Error): void;
  now?(): number;
}

export class LagMonitor {
  readonly tracker: LagTracker;
  private readonly sampler: GroupSampler;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private inFlight: Promise<void> | undefined;

  constructor(admin: LagAdmin, readonly groupId: string, private readonly options: LagMonitorOptions = {}) {
    this.tracker = new LagTracker(groupId, options);
    this.sampler = new GroupSampler(admin, groupId, options.now);
  }

  /** Takes one sample now and returns the report (rejects when the sample fails). */
  async sampleOnce(): Promise<GroupLagReport> {
    const report = this.tracker.add(await this.sampler.sample());
    this.options.onReport?.(report);
    return report;
  }

  /** Samples now and then every intervalMs until stop(). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.tick();
  }

  /** Stops polling; resolves once a sample under way finished. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  report(): GroupLagReport { return this.tracker.report(); }

  private tick(): void {
    if (!this.running) return;
    this.inFlight = this.sampleOnce().then(() => undefined, (error: unknown) => {
      this.options.onError?.(error instanceof Error ? error : new Error(String(error)));
    }).finally(() => {
      this.inFlight = undefined;
      if (this.running) this.timer = setTimeout(() => this.tick(), this.options.intervalMs ?? 1000);
    });
  }
}
