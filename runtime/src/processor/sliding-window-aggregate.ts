// Sliding-window count/reduce/aggregate, ported from Kafka's KStreamSlidingWindowAggregate (the
// reverse-iterator path, which its in-memory and RocksDB stores both take): each record updates the
// windows that contain it, creates its left window [ts - d, ts] and, when later records exist, its
// right window [ts + 1, ts + 1 + d], and the right window of the record before it. Windows are
// inclusive at both ends and stored by start with the largest record timestamp in them.
import type { Windowed } from '../serdes';
import { EmitFinalClock, NO_TIMESTAMP } from './emit-final';
import type { ValueAndTimestamp } from './key-value-store';
import { RuntimeNode, type TaskContext } from './runtime-node';
import type { Aggregator } from './stateful-nodes';
import type { EmitStrategyType } from './windowed-nodes';
import type { InMemoryWindowStore } from './window-store';

type Agg = ValueAndTimestamp<unknown> | null;

export class SlidingWindowedAggregateNode extends RuntimeNode {
  private readonly store: InMemoryWindowStore;
  private observedStreamTime = NO_TIMESTAMP;
  private readonly clock: EmitFinalClock;
  constructor(
    name: string,
    ctx: TaskContext,
    storeName: string,
    private readonly timeDifferenceMs: number,
    private readonly graceMs: number,
    /** Returns the initial aggregate (null for reduce: the first value is the aggregate). */
    private readonly initializer: () => unknown,
    /** Kafka's aggregator (a reduce's is aggregatorForReducer: null aggregate -> the value). */
    private readonly aggregator: Aggregator,
    private readonly emit: EmitStrategyType,
  ) {
    super(name, ctx);
    this.store = ctx.windowStore(storeName);
    this.clock = new EmitFinalClock(ctx, storeName, emit === 'ON_WINDOW_CLOSE');
  }

  protected process(key: unknown, value: unknown): void {
    // "Skipping record due to null key or value."
    if (key === null || key === undefined || value === null || value === undefined) return;
    const ts = this.ctx.timestamp;
    if (ts > this.observedStreamTime) this.observedStreamTime = ts;
    const closeTime = this.observedStreamTime - this.graceMs;
    if (ts + this.timeDifferenceMs < closeTime) return; // "Skipping record for expired window."
    // On a cluster the throttle may wait past a window's expiry: emit first when this record's
    // puts (up to its right window) would drop windows not yet emitted.
    if (this.emit === 'ON_WINDOW_CLOSE' && this.store.putExpires(ts + 1, this.emitRangeLowerBound())) this.maybeForwardFinal(closeTime, true);
    if (ts < this.timeDifferenceMs) {
      this.processEarly(key, value, ts, closeTime);
      return; // Kafka returns here without looking for closed windows.
    }
    this.processReverse(key, value, ts, closeTime);
    if (this.emit === 'ON_WINDOW_CLOSE') this.maybeForwardFinal(closeTime, false);
  }

  private processReverse(key: unknown, value: unknown, ts: number, closeTime: number): void {
    const d = this.timeDifferenceMs;
    const starts = new Set<number>();
    let leftWinAgg: Agg = null;
    let rightWinAgg: Agg = null;
    let leftWinAlreadyCreated = false;
    let rightWinAlreadyCreated = false;
    let previousRecordTimestamp: number | undefined;
    const found = this.store.fetchWithTimestamp(key, Math.max(0, ts - 2 * d), ts + 1);
    for (let i = found.length - 1; i >= 0; i--) {
      const [startTime, agg] = found[i] as [number, ValueAndTimestamp<unknown>];
      starts.add(startTime);
      const endTime = startTime + d;
      if (startTime === ts + 1) rightWinAlreadyCreated = true;
      else if (endTime > ts) {
        if (rightWinAgg === null) rightWinAgg = agg;
        this.updateWindowAndForward(key, value, ts, startTime, agg, closeTime);
      } else if (endTime === ts) {
        leftWinAlreadyCreated = true;
        this.updateWindowAndForward(key, value, ts, startTime, agg, closeTime);
        if (agg.timestamp < ts) previousRecordTimestamp = agg.timestamp;
        else return;
      } else {
        leftWinAgg = agg;
        previousRecordTimestamp = agg.timestamp;
        break;
      }
    }
    this.createWindows(key, value, ts, closeTime, starts, rightWinAgg, leftWinAgg, leftWinAlreadyCreated, rightWinAlreadyCreated, previousRecordTimestamp);
  }

  /** Records before the time difference: their left windows would start before 0, so one window [0, d] holds them. */
  private processEarly(key: unknown, value: unknown, ts: number, closeTime: number): void {
    let combined: [number, ValueAndTimestamp<unknown>] | undefined;
    let rightWinAgg: Agg = null;
    let rightWinAlreadyCreated = false;
    const starts = new Set<number>();
    let previousRecordTimestamp: number | undefined;
    for (const [startTime, agg] of this.store.fetchWithTimestamp(key, 0, ts + 1)) {
      starts.add(startTime);
      if (startTime === 0) {
        combined = [startTime, agg];
        if (agg.timestamp < ts) previousRecordTimestamp = agg.timestamp;
      } else if (startTime <= ts) {
        rightWinAgg = agg;
        this.updateWindowAndForward(key, value, ts, startTime, agg, closeTime);
      } else if (startTime === ts + 1) rightWinAlreadyCreated = true;
    }
    if (rightWinAgg === null && combined !== undefined && combined[1].timestamp > ts) rightWinAgg = combined[1];
    if (!rightWinAlreadyCreated && rightWinAgg !== null && rightWinAgg.timestamp > ts) this.createCurrentRecordRightWindow(key, ts, rightWinAgg);
    if (previousRecordTimestamp !== undefined && !starts.has(previousRecordTimestamp + 1)) this.createPreviousRecordRightWindow(key, value, ts, previousRecordTimestamp + 1, closeTime);
    if (combined === undefined) this.updateWindowAndForward(key, value, ts, 0, this.initial(ts), closeTime);
    else this.updateWindowAndForward(key, value, ts, combined[0], combined[1], closeTime);
  }

  private createWindows(
    key: unknown,
    value: unknown,
    ts: number,
    closeTime: number,
    starts: Set<number>,
    rightWinAgg: Agg,
    leftWinAgg: Agg,
    leftWinAlreadyCreated: boolean,
    rightWinAlreadyCreated: boolean,
    previousRecordTimestamp: number | undefined,
  ): void {
    const d = this.timeDifferenceMs;
    if (previousRecordTimestamp !== undefined) {
      const previousRightWinStart = previousRecordTimestamp + 1;
      if (!starts.has(previousRightWinStart) && previousRightWinStart + d >= ts) this.createPreviousRecordRightWindow(key, value, ts, previousRightWinStart, closeTime);
    }
    if (!leftWinAlreadyCreated) {
      // The left window holds the records within d before this one: the aggregate of the window ending before it.
      const leftNotEmpty = previousRecordTimestamp !== undefined && ts - d <= previousRecordTimestamp && leftWinAgg !== null;
      const agg = leftNotEmpty && leftWinAgg !== null ? make(leftWinAgg.value, ts) : this.initial(ts);
      this.updateWindowAndForward(key, value, ts, ts - d, agg, closeTime);
    }
    if (!rightWinAlreadyCreated && rightWinAgg !== null && rightWinAgg.timestamp > ts) this.createCurrentRecordRightWindow(key, ts, rightWinAgg);
  }

  private createCurrentRecordRightWindow(key: unknown, ts: number, rightWinAgg: ValueAndTimestamp<unknown>): void {
    const start = ts + 1;
    this.store.putWithTimestamp(key, rightWinAgg.value, start, rightWinAgg.timestamp);
    this.maybeForwardUpdate(key, start, rightWinAgg.value, null, rightWinAgg.timestamp);
  }

  private createPreviousRecordRightWindow(key: unknown, value: unknown, ts: number, windowStart: number, closeTime: number): void {
    this.updateWindowAndForward(key, value, ts, windowStart, this.initial(ts), closeTime);
  }

  /** ValueAndTimestamp.make(initializer(), ts): null for a reduce, whose initializer returns null. */
  private initial(ts: number): Agg {
    return make(this.initializer(), ts);
  }

  private updateWindowAndForward(key: unknown, value: unknown, ts: number, windowStart: number, valueAndTime: Agg, closeTime: number): void {
    if (windowStart + this.timeDifferenceMs < closeTime) return; // "Skipping record for expired window."
    const oldAgg = valueAndTime === null ? null : valueAndTime.value;
    const newAgg = this.aggregator(key, value, oldAgg);
    const newTimestamp = oldAgg === null || valueAndTime === null ? ts : Math.max(ts, valueAndTime.timestamp);
    this.store.putWithTimestamp(key, newAgg, windowStart, newTimestamp);
    this.maybeForwardUpdate(key, windowStart, newAgg, oldAgg, newTimestamp);
  }

  /** With the previous aggregate, as Kafka's Change (read by suppress and KTable.groupBy). */
  private maybeForwardUpdate(key: unknown, windowStart: number, agg: unknown, oldAgg: unknown, timestamp: number): void {
    if (this.emit === 'ON_WINDOW_CLOSE') return;
    this.forwardChange({ key, window: { start: windowStart, end: windowStart + this.timeDifferenceMs } } satisfies Windowed<unknown>, agg, oldAgg, timestamp);
  }

  private emitRangeLowerBound(): number {
    const last = this.clock.lastEmitWindowCloseTime;
    return last === NO_TIMESTAMP ? 0 : Math.max(0, last - this.timeDifferenceMs);
  }

  /** Windows that ended before the close time, once each (the sliding emit range of Kafka). */
  private maybeForwardFinal(closeTime: number, force: boolean): void {
    if (!this.clock.shouldEmit(closeTime, force)) return;
    const upper = closeTime - this.timeDifferenceMs - 1;
    if (upper < 0) return;
    const lower = this.emitRangeLowerBound();
    for (const [wkey, vt] of this.store.fetchAllWithTimestamp(lower, upper)) this.forwardChange(wkey, vt.value, null, vt.timestamp);
    this.clock.lastEmitWindowCloseTime = closeTime;
  }
}

function make(value: unknown, timestamp: number): Agg {
  return value === null || value === undefined ? null : { value, timestamp };
}
