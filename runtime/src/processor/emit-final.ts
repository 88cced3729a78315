// Emit-on-window-close bookkeeping shared by the time- and sliding-window aggregations, as Kafka's
// AbstractKStreamTimeWindowAggregateProcessor: a wall-clock throttle (emit.interval.ms.kstreams.windowed.aggregation),
// and the close time of the last emission so each window is emitted once.
import type { TaskContext } from './runtime-node';

/** Kafka's ConsumerRecord.NO_TIMESTAMP: nothing emitted yet. */
export const NO_TIMESTAMP = -1;

export class EmitFinalClock {
  private last: number | undefined;
  private nextTimeToEmit = 0;
  /** `storeName`: the key of the last emit time in the task's processor metadata (as Kafka's). */
  constructor(
    private readonly ctx: TaskContext,
    private readonly storeName: string,
    emitsFinal: boolean,
  ) {
    if (emitsFinal) ctx.useProcessorMetadata();
  }

  /** Read lazily: the task sets the committed metadata after its stores are restored. */
  get lastEmitWindowCloseTime(): number {
    this.last ??= this.ctx.processorMetadataForKey(this.storeName) ?? NO_TIMESTAMP;
    return this.last;
  }

  set lastEmitWindowCloseTime(closeTime: number) {
    this.last = closeTime;
    this.ctx.addProcessorMetadata(this.storeName, closeTime);
  }

  /** Kafka's shouldEmitFinal; `force` skips the throttle (a put is about to drop windows not yet emitted). */
  shouldEmit(windowCloseTime: number, force: boolean): boolean {
    const now = this.ctx.wallClockMs();
    if (!force && now < this.nextTimeToEmit) return false;
    this.nextTimeToEmit = now + this.ctx.emitIntervalMs;
    return this.lastEmitWindowCloseTime === NO_TIMESTAMP || this.lastEmitWindowCloseTime < windowCloseTime;
  }
}
