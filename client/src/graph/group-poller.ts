// Polls one consumer group on a cluster with runtime/src/lag's LagMonitor over the runtime client
// adapter, and keeps at it: a failed connect is retried at the poll interval, and after a few
// failed samples in a row the client is replaced (kafkajs can hold on to a dead connection).
// The graph overlay and the Show Lag panel both use it. No vscode import: tested in node.
import { createKafkaClient } from 'streamwise';
import { LagMonitor, type GroupLagReport, type LagAdmin } from 'streamwise/model';
import type { ConnectionState } from './graph-model';

export interface AdminLike extends LagAdmin { connect(): Promise<void>; disconnect(): Promise<void> }

export interface GroupPollerOptions {
  groupId: string;
  brokers: string[];
  intervalMs: number;
  assumedCommitIntervalMs?: number;
  createAdmin?(brokers: string[]): AdminLike;
  onReport(report: GroupLagReport): void;
  onState(state: ConnectionState, detail: string): void;
  log: { info(m: string): void };
}

/** Consecutive failed samples before the admin client is thrown away and made again. */
const RECONNECT_AFTER = 3;

export class GroupPoller {
  private admin: AdminLike | undefined;
  private monitor: LagMonitor | undefined;
  private generation = 0;
  private failures = 0;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;
  readonly brokerKey: string;

  constructor(private readonly options: GroupPollerOptions) {
    this.brokerKey = options.brokers.join(',');
  }

  get groupId(): string {
    return this.options.groupId;
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.generation++;
    clearTimeout(this.retry);
    await this.teardown();
  }

  private connect(): void {
    if (this.stopped) return;
    const generation = ++this.generation;
    const admin = (this.options.createAdmin ?? defaultAdmin)(this.options.brokers);
    const monitor = new LagMonitor(admin, this.options.groupId, {
      ...(this.options.assumedCommitIntervalMs === undefined ? {} : { assumedCommitIntervalMs: this.options.assumedCommitIntervalMs }),
      intervalMs: Math.max(100, this.options.intervalMs),
      onReport: (report) => {
        if (generation !== this.generation) return;
        this.failures = 0;
        this.options.onState('connected', this.brokerKey);
        this.options.onReport(report);
      },
      onError: (error) => {
        if (generation !== this.generation) return;
        this.failures += 1;
        this.options.onState('lost', `${this.brokerKey}: ${error.message}`);
        if (this.failures >= RECONNECT_AFTER) this.reconnect(`${this.failures} failed samples`);
      },
    });
    this.admin = admin;
    this.monitor = monitor;
    this.options.onState('connecting', this.brokerKey);
    admin.connect().then(() => {
      if (generation === this.generation) monitor.start();
    }, (error: unknown) => {
      if (generation !== this.generation) return;
      this.options.onState('lost', `${this.brokerKey}: ${error instanceof Error ? error.message : String(error)}`);
      this.reconnect('connect failed');
    });
  }

  private reconnect(why: string): void {
    this.generation++;
    this.failures = 0;
    this.options.log.info(`lag poller ${this.options.groupId}: reconnecting to ${this.brokerKey} (${why})`);
    void this.teardown();
    clearTimeout(this.retry);
    this.retry = setTimeout(() => this.connect(), Math.max(250, this.options.intervalMs));
    this.retry.unref();
  }

  private async teardown(): Promise<void> {
    const monitor = this.monitor;
    const admin = this.admin;
    this.monitor = undefined;
    this.admin = undefined;
    await monitor?.stop();
    await admin?.disconnect().catch(() => undefined);
  }
}

function defaultAdmin(brokers: string[]): AdminLike {
  const quiet = (): void => undefined;
  return createKafkaClient({ brokers, clientId: 'streamwise-graph', logger: { debug: quiet, info: quiet, warn: quiet, error: quiet } }).admin();
}
