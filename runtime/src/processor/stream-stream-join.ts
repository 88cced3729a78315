// Stream-stream windowed joins, as Kafka's KStreamJoinWindow and KStreamKStreamJoin{Left,Right}Side:
// each side puts its records into its own window store and looks the other side's store up;
// left/outer joins hold unmatched records in a shared store and emit them with a null partner
// once their window (plus grace) has closed.
import { OuterJoinStore, type LeftOrRightValue, type TimestampedKeyAndJoinSide } from './outer-join-store';
import { RuntimeNode, type TaskContext } from './runtime-node';
import type { InMemoryWindowStore } from './window-store';

/** KSTREAM-WINDOWED-: forwards the record, then keeps it in this side's window store. */
export class JoinWindowNode extends RuntimeNode {
  private readonly store: InMemoryWindowStore;
  constructor(name: string, ctx: TaskContext, storeName: string) {
    super(name, ctx);
    this.store = ctx.windowStore(storeName);
  }
  protected process(key: unknown, value: unknown): void {
    this.forward(key, value);
    // A null key never joins: it is not kept.
    if (key !== null && key !== undefined) this.store.put(key, value, this.ctx.timestamp);
  }
}

/** Kafka's TimeTracker: stream time over both sides of one join, in one task. */
export interface JoinTimeTracker {
  streamTime: number;
  minTime: number;
  nextTimeToEmit: number;
}

export function newJoinTimeTracker(): JoinTimeTracker {
  return { streamTime: -Infinity, minTime: Infinity, nextTimeToEmit: 0 };
}

export interface StreamJoinSideOptions {
  otherStore: string;
  /** The shared store of unmatched records (left/outer joins), when this side emits them. */
  outerStore: string | undefined;
  /** This side is the join's left (`this`) stream. */
  leftSide: boolean;
  /** This side keeps records without a partner (left join: the left side; outer: both). */
  outer: boolean;
  /** The window on this side: how far back and ahead the other side's records join. */
  joinBeforeMs: number;
  joinAfterMs: number;
  /** JoinWindows' before and after (how long an unmatched record of each side waits). */
  windowsBeforeMs: number;
  windowsAfterMs: number;
  graceMs: number;
  /** (key, leftValue, rightValue) => result. */
  joiner: (key: unknown, left: unknown, right: unknown) => unknown;
  tracker: (ctx: TaskContext) => JoinTimeTracker;
}

/** KSTREAM-JOINTHIS-/JOINOTHER-/OUTERTHIS-/OUTEROTHER-. */
export class StreamJoinSideNode extends RuntimeNode {
  private readonly other: InMemoryWindowStore;
  private readonly outerStore: OuterJoinStore | undefined;
  private readonly time: JoinTimeTracker;
  constructor(
    name: string,
    ctx: TaskContext,
    private readonly o: StreamJoinSideOptions,
  ) {
    super(name, ctx);
    this.other = ctx.windowStore(o.otherStore);
    this.outerStore = o.outerStore === undefined ? undefined : new OuterJoinStore(ctx.store(o.outerStore));
    this.time = o.tracker(ctx);
  }

  private join(key: unknown, thisValue: unknown, otherValue: unknown): unknown {
    return this.o.leftSide ? this.o.joiner(key, thisValue, otherValue) : this.o.joiner(key, otherValue, thisValue);
  }

  protected process(key: unknown, value: unknown): void {
    const ts = this.ctx.timestamp;
    const time = this.time;
    if (ts > time.streamTime) time.streamTime = ts;
    const nullKey = key === null || key === undefined;
    const nullValue = value === null || value === undefined;
    if (this.o.outer && nullKey && !nullValue) {
      this.forward(null, this.join(null, value, null));
      return;
    }
    // Kafka: "Skipping record due to null key or value."
    if (nullKey || nullValue) return;
    if (ts === time.streamTime && this.outerStore !== undefined) this.emitNonJoined(this.outerStore);
    const from = Math.max(0, ts - this.o.joinBeforeMs);
    const to = Math.max(0, ts + this.o.joinAfterMs);
    const matches = this.other.fetch(key, from, to);
    for (const [otherTs, otherValue] of matches) {
      // A record that joined is no longer a candidate for a null-partner result.
      this.outerStore?.removeIfPresent({ timestamp: otherTs, leftSide: !this.o.leftSide, key });
      this.forwardAt(key, this.join(key, value, otherValue), Math.max(ts, otherTs));
    }
    if (this.o.outer && matches.length === 0) {
      // A record too late to wait in the shared store is emitted with a null partner at once.
      if (this.outerStore === undefined || to < time.streamTime) this.forward(key, this.join(key, value, null));
      else {
        if (ts < time.minTime) time.minTime = ts;
        this.outerStore.add({ timestamp: ts, leftSide: this.o.leftSide, key }, { leftSide: this.o.leftSide, value });
      }
    }
  }

  /** Kafka's emitNonJoinedOuterRecords: null-partner results for records whose window closed. */
  private emitNonJoined(store: OuterJoinStore): void {
    const time = this.time;
    const o = this.o;
    // Only when some record might be due. Kafka's minTime starts at Long.MAX_VALUE, whose sum
    // overflows, so an unknown minTime (after a restart, or an emptied store) always looks.
    if (time.minTime !== Infinity && time.minTime + o.joinAfterMs + o.graceMs >= time.streamTime) return;
    // Throttled by wall-clock time (the test driver emits every time, as Kafka's).
    const now = this.ctx.wallClockMs();
    if (now < time.nextTimeToEmit) return;
    time.nextTimeToEmit = now + this.ctx.emitIntervalMs;
    time.minTime = Infinity;
    let leftOpen = false;
    let rightOpen = false;
    for (const [k, values] of store.all()) {
      time.minTime = k.timestamp;
      if (leftOpen && rightOpen) break;
      if (this.windowOpen(k)) {
        if (k.leftSide) leftOpen = true;
        else rightOpen = true;
        continue;
      }
      for (const v of values) this.forwardNonJoined(k, v);
      store.remove(k);
    }
  }

  private windowOpen(k: TimestampedKeyAndJoinSide): boolean {
    const lookBack = k.leftSide ? this.o.windowsAfterMs : this.o.windowsBeforeMs;
    return this.time.minTime + lookBack + this.o.graceMs >= this.time.streamTime;
  }

  private forwardNonJoined(k: TimestampedKeyAndJoinSide, v: LeftOrRightValue): void {
    const result = v.leftSide ? this.o.joiner(k.key, v.value, null) : this.o.joiner(k.key, null, v.value);
    this.forwardAt(k.key, result, k.timestamp);
  }
}
