// Windowed aggregations over window stores, as Kafka's KStreamWindowAggregate: each record updates
// every window it falls in that is not closed yet (window end > stream time - grace); the result is
// stamped with the largest record timestamp of the window.
import type { Windowed } from '../serdes';
import { RuntimeNode, type TaskContext } from './runtime-node';
import type { Aggregator } from './stateful-nodes';
import type { InMemoryWindowStore } from './window-store';

export class TimeWindowedAggregateNode extends RuntimeNode {
  private readonly store: InMemoryWindowStore;
  private observedStreamTime = -Infinity;
  constructor(
    name: string,
    ctx: TaskContext,
    storeName: string,
    private readonly sizeMs: number,
    private readonly advanceMs: number,
    private readonly graceMs: number,
    /** null: reduce (the first value is the aggregate). */
    private readonly initial: (() => unknown) | null,
    private readonly aggregator: Aggregator,
  ) {
    super(name, ctx);
    this.store = ctx.windowStore(storeName);
  }

  protected process(key: unknown, value: unknown): void {
    if (key === null || key === undefined || value === null || value === undefined) return;
    const ts = this.ctx.timestamp;
    if (ts > this.observedStreamTime) this.observedStreamTime = ts;
    const closeTime = this.observedStreamTime - this.graceMs;
    // Windows [start, start + size) with start a multiple of advance that contain ts (Kafka's windowsFor).
    const adv = this.advanceMs;
    for (let start = Math.floor(Math.max(0, ts - this.sizeMs + adv) / adv) * adv; start <= ts; start += adv) {
      const end = start + this.sizeMs;
      if (end <= closeTime) continue; // Kafka: "Skipping record for expired window"
      const old = this.store.fetchWithTimestamp(key, start, start)[0]?.[1];
      let next: unknown;
      let stamp = ts;
      if (old === undefined) next = this.initial === null ? value : this.aggregator(key, value, this.initial());
      else {
        next = this.aggregator(key, value, old.value);
        if (old.timestamp > stamp) stamp = old.timestamp;
      }
      this.store.putWithTimestamp(key, next, start, stamp);
      const wkey: Windowed<unknown> = { key, window: { start, end } };
      this.forwardAt(wkey, next, stamp);
    }
  }
}
