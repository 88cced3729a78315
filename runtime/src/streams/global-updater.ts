// Keeps an instance's global stores (GlobalKTable) current: before processing starts it reads every
// partition of each global topic up to its end (Kafka restores global stores first), then follows
// the topics on a timer. Every instance reads everything: no consumer group, no tasks.
import type { PartitionReader, StreamsAdmin } from '../kafka/client';
import type { Logger } from '../logger';
import type { GlobalStores } from '../processor/global-stores';

export class GlobalUpdater {
  private readonly next = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly stores: GlobalStores,
    private readonly admin: StreamsAdmin,
    private readonly reader: PartitionReader,
    private readonly logger: Logger,
  ) {}

  /** Restores every global store to the current end of its topic; resolves when done. */
  async restore(): Promise<number> {
    const started = Date.now();
    const n = await this.catchUp();
    this.logger.info(`restored global stores from ${this.stores.topics().join(', ')}`, { records: n, ms: Date.now() - started });
    return n;
  }

  /** Follows the global topics every `intervalMs` (one read at a time). */
  follow(intervalMs: number): void {
    this.timer = setInterval(() => {
      if (this.running !== undefined || this.closed) return;
      this.running = this.catchUp()
        .then(() => undefined)
        .catch((e: unknown) => this.logger.warn(`reading global topics failed; retrying: ${String(e)}`))
        .finally(() => { this.running = undefined; });
    }, intervalMs);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    await this.running;
    await this.reader.close();
  }

  private async catchUp(): Promise<number> {
    let applied = 0;
    for (const topic of this.stores.topics()) {
      for (const p of await this.admin.topicOffsets(topic)) {
        const key = `${topic}\u0000${p.partition}`;
        const from = Math.max(this.next.get(key) ?? p.low, p.low);
        if (p.high > from) {
          await this.reader.read(topic, p.partition, from, p.high, (records) => {
            for (const r of records) this.stores.update(r);
            applied += records.length;
          });
        }
        this.next.set(key, p.high);
      }
    }
    return applied;
  }
}
