// Windowed aggregations over window stores, as Kafka's KStreamWindowAggregate: each record updates
// every window it falls in that is not closed yet (window end > stream time - grace); the result is
// stamped with the largest record timestamp of the window.
import type { Windowed } from '../serdes';
import { RuntimeNode, type TaskContext } from './runtime-node';
import type { Aggregator } from './stateful-nodes';
import type { InMemorySessionStore } from './session-store';
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

/** Kafka's EmitStrategy: every update (default), or one final result when the window closes. */
export type EmitStrategyType = 'ON_WINDOW_UPDATE' | 'ON_WINDOW_CLOSE';

/**
 * Session-windowed count/reduce/aggregate (Kafka's KStreamSessionWindowAggregate): a record's
 * session merges every session of its key within the inactivity gap; merged sessions are removed
 * (a null result downstream, at the old session's end) and the new one is emitted at its end time.
 */
export class SessionWindowedAggregateNode extends RuntimeNode {
  private readonly store: InMemorySessionStore;
  private observedStreamTime = -Infinity;
  private lastEmitWindowCloseTime = -Infinity;
  private nextTimeToEmit = 0;
  constructor(
    name: string,
    ctx: TaskContext,
    storeName: string,
    private readonly gapMs: number,
    private readonly graceMs: number,
    /** Returns the initial aggregate (null for reduce: the first value is the aggregate). */
    private readonly initial: () => unknown,
    private readonly aggregator: Aggregator,
    private readonly merger: (key: unknown, a: unknown, b: unknown) => unknown,
    private readonly emit: EmitStrategyType,
  ) {
    super(name, ctx);
    this.store = ctx.sessionStore(storeName);
  }

  protected process(key: unknown, value: unknown): void {
    if (key === null || key === undefined) return; // "Skipping record due to null key."
    const ts = this.ctx.timestamp;
    if (ts > this.observedStreamTime) this.observedStreamTime = ts;
    const closeTime = this.observedStreamTime - this.graceMs - this.gapMs;
    const merged = this.store.findSessions(key, ts - this.gapMs, ts + this.gapMs);
    let agg = this.initial();
    let start = ts;
    let end = ts;
    for (const [session, sessionAgg] of merged) {
      agg = this.merger(key, agg, sessionAgg);
      if (session.window.start < start) start = session.window.start;
      if (session.window.end > end) end = session.window.end;
    }
    if (end >= closeTime) {
      if (start !== ts || end !== ts) {
        for (const [session] of merged) {
          this.store.remove(session);
          if (this.emit === 'ON_WINDOW_UPDATE') this.forwardAt(session, null, session.window.end);
        }
      }
      agg = this.aggregator(key, value, agg);
      const session: Windowed<unknown> = { key, window: { start, end } };
      this.store.put(session, agg);
      if (this.emit === 'ON_WINDOW_UPDATE') this.forwardAt(session, agg, end);
    } // else: "Skipping record for expired window."
    if (this.emit === 'ON_WINDOW_CLOSE') this.emitFinal(closeTime);
  }

  /** Kafka's maybeForwardFinalResult: sessions that ended before the close time, once each. */
  private emitFinal(closeTime: number): void {
    const now = this.ctx.wallClockMs();
    if (now < this.nextTimeToEmit) return;
    this.nextTimeToEmit = now + this.ctx.emitIntervalMs;
    if (!(this.lastEmitWindowCloseTime < closeTime)) return;
    const upper = closeTime - 1;
    const lower = Math.max(0, this.lastEmitWindowCloseTime);
    if (upper < 0 || upper < lower) return;
    for (const [session, agg] of this.store.sessionsEndingBetween(lower, upper)) this.forwardAt(session, agg, session.window.end);
    this.lastEmitWindowCloseTime = closeTime;
  }
}
