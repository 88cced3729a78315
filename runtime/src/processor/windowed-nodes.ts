// Windowed aggregations over window stores, as Kafka's KStreamWindowAggregate: each record updates
// every window it falls in that is not closed yet (window end > stream time - grace); the result is
// stamped with the largest record timestamp of the window.
import type { Windowed } from '../serdes';
import { RuntimeNode, type TaskContext } from './runtime-node';
import type { Aggregator } from './stateful-nodes';
import type { InMemorySessionStore } from './session-store';
import type { InMemoryWindowStore } from './window-store';
import { EmitFinalClock, NO_TIMESTAMP } from './emit-final';

export class TimeWindowedAggregateNode extends RuntimeNode {
  private readonly store: InMemoryWindowStore;
  private observedStreamTime = -Infinity;
  private readonly clock: EmitFinalClock;
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
    private readonly emit: EmitStrategyType = 'ON_WINDOW_UPDATE',
  ) {
    super(name, ctx);
    this.store = ctx.windowStore(storeName);
    this.clock = new EmitFinalClock(ctx, storeName, emit === 'ON_WINDOW_CLOSE');
  }

  protected process(key: unknown, value: unknown): void {
    // Kafka's KStreamWindowAggregate skips null keys only: a null value reaches the aggregator
    // (count counts it; a reduce's first null leaves the window empty).
    if (key === null || key === undefined) return;
    const ts = this.ctx.timestamp;
    if (ts > this.observedStreamTime) this.observedStreamTime = ts;
    const closeTime = this.observedStreamTime - this.graceMs;
    // Windows [start, start + size) with start a multiple of advance that contain ts (Kafka's windowsFor).
    const adv = this.advanceMs;
    const first = Math.floor(Math.max(0, ts - this.sizeMs + adv) / adv) * adv;
    // Closed windows are emitted before this record's puts (Kafka emits after them): the puts go only
    // to open windows, and an in-memory store may drop a window as soon as it closes.
    if (this.emit === 'ON_WINDOW_CLOSE') this.maybeForwardFinal(closeTime, this.store.putExpires(Math.floor(ts / adv) * adv, this.emittedBelow()));
    for (let start = first; start <= ts; start += adv) {
      const end = start + this.sizeMs;
      if (end <= closeTime) continue; // Kafka: "Skipping record for expired window"
      const old = this.store.fetchWithTimestamp(key, start, start)[0]?.[1];
      let next: unknown;
      let stamp = ts;
      // As KStreamWindowAggregate: a new window's old aggregate is the initializer's value (a
      // reduce's is null), and that is the Change's old value a KTable.groupBy subtracts.
      let oldAgg: unknown = null;
      if (old === undefined) {
        if (this.initial === null) next = value;
        else {
          oldAgg = this.initial();
          next = this.aggregator(key, value, oldAgg);
        }
      } else {
        oldAgg = old.value;
        next = this.aggregator(key, value, old.value);
        if (old.timestamp > stamp) stamp = old.timestamp;
      }
      this.store.putWithTimestamp(key, next, start, stamp);
      // With the previous aggregate, as Kafka's Change (read by suppress and KTable.groupBy).
      if (this.emit === 'ON_WINDOW_UPDATE') this.forwardChange({ key, window: { start, end } } satisfies Windowed<unknown>, next, oldAgg, stamp);
    }
  }

  /** Windows starting below this were emitted (or were never closed when nothing was). */
  private emittedBelow(): number {
    const last = this.clock.lastEmitWindowCloseTime;
    return last === NO_TIMESTAMP ? 0 : Math.max(0, last - this.sizeMs) + 1;
  }

  /** Kafka's maybeForwardFinalResult with KStreamWindowAggregate's emit range. */
  private maybeForwardFinal(closeTime: number, force: boolean): void {
    if (!this.clock.shouldEmit(closeTime, force)) return;
    const upper = closeTime - this.sizeMs;
    if (upper < 0) return;
    const lower = this.emittedBelow();
    // shouldRangeFetch: no window ends between the two bounds (windowsFor(upper) == windowsFor(lower - 1)).
    if (this.clock.lastEmitWindowCloseTime !== NO_TIMESTAMP && this.firstWindowStart(upper) === this.firstWindowStart(lower - 1) && this.lastWindowStart(upper) === this.lastWindowStart(lower - 1)) return;
    for (const [wkey, vt] of this.store.fetchAllWithTimestamp(lower, upper)) this.forwardChange(wkey, vt.value, null, vt.timestamp);
    this.clock.lastEmitWindowCloseTime = closeTime;
  }

  private firstWindowStart(ts: number): number {
    return Math.floor(Math.max(0, ts - this.sizeMs + this.advanceMs) / this.advanceMs) * this.advanceMs;
  }

  private lastWindowStart(ts: number): number {
    return Math.floor(ts / this.advanceMs) * this.advanceMs;
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
  private readonly clock: EmitFinalClock;
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
    this.clock = new EmitFinalClock(ctx, storeName, emit === 'ON_WINDOW_CLOSE');
  }

  protected process(key: unknown, value: unknown): void {
    if (key === null || key === undefined) return; // "Skipping record due to null key."
    const ts = this.ctx.timestamp;
    if (ts > this.observedStreamTime) this.observedStreamTime = ts;
    const closeTime = this.observedStreamTime - this.graceMs - this.gapMs;
    // On a cluster the throttle may wait past a session's expiry (retention gap + grace): emit
    // first when this record's session (ending by ts + gap) would drop sessions not yet emitted.
    if (this.emit === 'ON_WINDOW_CLOSE' && this.store.putExpires(ts + this.gapMs, this.emitRangeLowerBound())) this.emitFinal(closeTime, true);
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
        for (const [session, mergedAgg] of merged) {
          this.store.remove(session);
          // As KStreamSessionWindowAggregate: Change(null, the merged session's aggregate).
          if (this.emit === 'ON_WINDOW_UPDATE') this.forwardChange(session, null, mergedAgg, session.window.end);
        }
      }
      agg = this.aggregator(key, value, agg);
      const session: Windowed<unknown> = { key, window: { start, end } };
      this.store.put(session, agg);
      // A session's update is Change(agg, null): the merged sessions were removed above.
      if (this.emit === 'ON_WINDOW_UPDATE') this.forwardChange(session, agg, null, end);
    } // else: "Skipping record for expired window."
    if (this.emit === 'ON_WINDOW_CLOSE') this.emitFinal(closeTime, false);
  }

  private emitRangeLowerBound(): number {
    const last = this.clock.lastEmitWindowCloseTime;
    return last === NO_TIMESTAMP ? 0 : Math.max(0, last);
  }

  /** Kafka's maybeForwardFinalResult: sessions that ended before the close time, once each. */
  private emitFinal(closeTime: number, force: boolean): void {
    if (!this.clock.shouldEmit(closeTime, force)) return;
    const upper = closeTime - 1;
    const lower = this.emitRangeLowerBound();
    if (upper < 0 || upper < lower) return;
    for (const [session, agg] of this.store.sessionsEndingBetween(lower, upper)) this.forwardAt(session, agg, session.window.end);
    this.clock.lastEmitWindowCloseTime = closeTime;
  }
}
