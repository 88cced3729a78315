// Time windows for windowedBy(): tumbling (advance = size) or hopping (advanceBy).

export class TimeWindows {
  private constructor(
    readonly sizeMs: number,
    readonly advanceMs: number,
    readonly graceMs: number,
  ) {}

  /** Tumbling windows of `sizeMs`; a window closes as soon as stream time reaches its end. */
  static ofSizeWithNoGrace(sizeMs: number): TimeWindows {
    checkPositive('window size', sizeMs);
    return new TimeWindows(sizeMs, sizeMs, 0);
  }

  /** Tumbling windows that still accept records up to `graceMs` after they end. */
  static ofSizeAndGrace(sizeMs: number, graceMs: number): TimeWindows {
    checkPositive('window size', sizeMs);
    if (!Number.isInteger(graceMs) || graceMs < 0) throw new RangeError(`grace must be a non-negative integer of ms, got ${graceMs}`);
    return new TimeWindows(sizeMs, sizeMs, graceMs);
  }

  /** Hopping windows: a new window every `advanceMs` (0 < advance <= size). */
  advanceBy(advanceMs: number): TimeWindows {
    checkPositive('window advance', advanceMs);
    if (advanceMs > this.sizeMs) throw new RangeError(`window advance (${advanceMs} ms) must not exceed the window size (${this.sizeMs} ms)`);
    return new TimeWindows(this.sizeMs, advanceMs, this.graceMs);
  }
}

function checkPositive(what: string, ms: number): void {
  if (!Number.isInteger(ms) || ms <= 0) throw new RangeError(`${what} must be a positive integer of ms, got ${ms}`);
}
