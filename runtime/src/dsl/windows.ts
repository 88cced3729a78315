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

/**
 * Windows of a stream-stream join (Kafka's JoinWindows): two records join when their timestamps
 * differ by at most `before` (other record earlier) or `after` (other record later); records are
 * kept `before + after + grace` ms of stream time for late records of the other side.
 */
export class JoinWindows {
  private constructor(
    readonly beforeMs: number,
    readonly afterMs: number,
    readonly graceMs: number,
  ) {
    if (beforeMs + afterMs < 0) throw new RangeError('Window interval (ie, beforeMs+afterMs) must not be negative.');
  }

  /** Records join when |t1 - t2| <= timeDifferenceMs; no grace for late records. */
  static ofTimeDifferenceWithNoGrace(timeDifferenceMs: number): JoinWindows {
    return JoinWindows.ofTimeDifferenceAndGrace(timeDifferenceMs, 0);
  }

  /** As ofTimeDifferenceWithNoGrace, accepting out-of-order records up to `graceMs` late. */
  static ofTimeDifferenceAndGrace(timeDifferenceMs: number, graceMs: number): JoinWindows {
    checkNonNegative('timeDifference', timeDifferenceMs);
    checkNonNegative('grace', graceMs);
    return new JoinWindows(timeDifferenceMs, timeDifferenceMs, graceMs);
  }

  /** How much earlier the other stream's record may be (may be negative, as Kafka's). */
  before(timeDifferenceMs: number): JoinWindows {
    checkInteger('timeDifference', timeDifferenceMs);
    return new JoinWindows(timeDifferenceMs, this.afterMs, this.graceMs);
  }

  /** How much later the other stream's record may be (may be negative, as Kafka's). */
  after(timeDifferenceMs: number): JoinWindows {
    checkInteger('timeDifference', timeDifferenceMs);
    return new JoinWindows(this.beforeMs, timeDifferenceMs, this.graceMs);
  }

  /** before + after: the join stores' window size. */
  size(): number {
    return this.beforeMs + this.afterMs;
  }

  toString(): string {
    return `JoinWindows{beforeMs=${this.beforeMs}, afterMs=${this.afterMs}, graceMs=${this.graceMs}}`;
  }
}

function checkInteger(what: string, ms: number): void {
  if (!Number.isInteger(ms)) throw new RangeError(`${what} must be an integer of ms, got ${ms}`);
}

function checkNonNegative(what: string, ms: number): void {
  if (!Number.isInteger(ms) || ms < 0) throw new RangeError(`${what} must be a non-negative integer of ms, got ${ms}`);
}

/**
 * Session windows (Kafka's SessionWindows): a key's records belong to one session while each is
 * within `inactivityGapMs` of the next; sessions that come closer merge.
 */
export class SessionWindows {
  private constructor(
    readonly inactivityGapMs: number,
    readonly graceMs: number,
  ) {}

  static ofInactivityGapWithNoGrace(inactivityGapMs: number): SessionWindows {
    return SessionWindows.ofInactivityGapAndGrace(inactivityGapMs, 0);
  }

  /** Also accepts records up to `graceMs` after a session would have closed. */
  static ofInactivityGapAndGrace(inactivityGapMs: number, graceMs: number): SessionWindows {
    checkPositive('inactivity gap', inactivityGapMs);
    checkNonNegative('grace', graceMs);
    return new SessionWindows(inactivityGapMs, graceMs);
  }
}

/**
 * Sliding windows (Kafka's SlidingWindows): windows of `timeDifferenceMs` (both ends inclusive)
 * that a key's records create as they arrive, one ending at each record and one starting just
 * after it, so every distinct set of records within the time difference has one window.
 */
export class SlidingWindows {
  private constructor(
    readonly timeDifferenceMs: number,
    readonly graceMs: number,
  ) {}

  static ofTimeDifferenceWithNoGrace(timeDifferenceMs: number): SlidingWindows {
    return SlidingWindows.ofTimeDifferenceAndGrace(timeDifferenceMs, 0);
  }

  /** As ofTimeDifferenceWithNoGrace, accepting out-of-order records up to `graceMs` after a window ends. */
  static ofTimeDifferenceAndGrace(timeDifferenceMs: number, graceMs: number): SlidingWindows {
    // Kafka's messages (SlidingWindows constructor).
    if (!Number.isInteger(timeDifferenceMs) || timeDifferenceMs < 0) throw new RangeError(`Window time difference must not be negative (an integer of ms), got ${timeDifferenceMs}`);
    if (!Number.isInteger(graceMs) || graceMs < 0) throw new RangeError(`Window grace period must not be negative (an integer of ms), got ${graceMs}`);
    return new SlidingWindows(timeDifferenceMs, graceMs);
  }

  toString(): string {
    return `SlidingWindows{timeDifferenceMs=${this.timeDifferenceMs}, graceMs=${this.graceMs}}`;
  }
}
