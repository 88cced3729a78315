// Live partition counts of every topic a topology touches (sources, sinks, repartition and
// changelog topics) from the connected cluster's metadata, through the runtime's client adapter.
// Counts change rarely (topics appear when a run starts), so this polls slower than the lag.
// No vscode import: tested in node on the dev cluster.
import { createKafkaClient, type StreamsAdmin } from 'streamwise';

export type MetadataAdmin = Pick<StreamsAdmin, 'connect' | 'disconnect' | 'partitionCounts'>;

export interface TopicPartitionsOptions {
  brokers: string[];
  /** Cluster topic names to ask about. */
  topics(): string[];
  intervalMs: number;
  createAdmin?(brokers: string[]): MetadataAdmin;
  onCounts(counts: Map<string, number>): void;
  log: { info(m: string): void };
}

export class TopicPartitionsPoller {
  private admin: MetadataAdmin | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private last = '';
  private busy = false;
  private again = false;
  readonly brokerKey: string;

  constructor(private readonly options: TopicPartitionsOptions) {
    this.brokerKey = options.brokers.join(',');
  }

  start(): void {
    this.stopped = false;
    void this.tick();
  }

  /** Asks again now (the topology's topics changed). */
  refresh(): void {
    if (this.busy) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    void this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const admin = this.admin;
    this.admin = undefined;
    await admin?.disconnect().catch(() => undefined);
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.busy) return;
    this.busy = true;
    try {
      if (this.admin === undefined) {
        const admin = (this.options.createAdmin ?? defaultAdmin)(this.options.brokers);
        await admin.connect();
        if (this.stopped) {
          await admin.disconnect().catch(() => undefined);
          return;
        }
        this.admin = admin;
      }
      const topics = this.options.topics();
      const counts = topics.length === 0 ? new Map<string, number>() : await this.admin.partitionCounts(topics);
      const key = JSON.stringify([...counts].sort());
      if (!this.stopped && key !== this.last) {
        this.last = key;
        this.options.onCounts(counts);
      }
    } catch (e) {
      // The lag poller reports the connection; here a failure only means "ask again later", with a new client.
      this.options.log.info(`topic metadata from ${this.brokerKey} failed: ${e instanceof Error ? e.message : String(e)}`);
      const admin = this.admin;
      this.admin = undefined;
      await admin?.disconnect().catch(() => undefined);
    } finally {
      this.busy = false;
    }
    if (this.stopped) return;
    const soon = this.again;
    this.again = false;
    this.timer = setTimeout(() => void this.tick(), soon ? 0 : this.options.intervalMs);
    this.timer.unref();
  }
}

function defaultAdmin(brokers: string[]): MetadataAdmin {
  const quiet = (): void => undefined;
  return createKafkaClient({ brokers, clientId: 'streamwise-graph-metadata', logger: { debug: quiet, info: quiet, warn: quiet, error: quiet } }).admin();
}
