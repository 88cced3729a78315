// What part of the graph is on screen, and work deferred to idle time: a big graph draws the
// visible nodes in full at once and the rest in small idle slices, so first paint and every
// overlay update cost what the screen shows, not what the topology holds.
import type { Rect } from '../../client/src/graph/graph-model';

export interface Transform { x: number; y: number; k: number }
export interface Size { width: number; height: number }

/** The visible area in graph coordinates, grown by `margin` (a fraction of its size) on each side. */
export function visibleArea(t: Transform, size: Size, margin = 0.5): Rect {
  const width = size.width / t.k;
  const height = size.height / t.k;
  return { x: -t.x / t.k - width * margin, y: -t.y / t.k - height * margin, width: width * (1 + 2 * margin), height: height * (1 + 2 * margin) };
}

export const intersects = (a: Rect, b: Rect): boolean => a.x < b.x + b.width && a.x + a.width > b.x && a.y < b.y + b.height && a.y + a.height > b.y;

interface IdleDeadlineLike { timeRemaining(): number }

/** Runs `slice` whenever the page is idle until it returns false (done). One loop at a time. */
export class IdleLoop {
  private handle: number | undefined;

  constructor(private readonly slice: (deadline: IdleDeadlineLike) => boolean) {}

  start(): void {
    if (this.handle !== undefined) return;
    const step = (deadline: IdleDeadlineLike): void => {
      this.handle = undefined;
      if (this.slice(deadline)) this.start();
    };
    this.handle = typeof requestIdleCallback === 'function'
      ? requestIdleCallback(step, { timeout: 500 })
      : window.setTimeout(() => step({ timeRemaining: () => 8 }), 16);
  }

  stop(): void {
    if (this.handle === undefined) return;
    if (typeof cancelIdleCallback === 'function') cancelIdleCallback(this.handle);
    window.clearTimeout(this.handle);
    this.handle = undefined;
  }
}
