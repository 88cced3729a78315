// The webview's last measured text metrics, kept across sessions (globalState): background layouts
// and the next panel size boxes with them before any webview has measured again.
import { parseTextMetrics, sameMetrics, type TextMetrics } from './text-metrics';

export const TEXT_METRICS_KEY = 'streamwise.graph.textMetrics';

export interface MetricsMemento {
  get(key: string): unknown;
  update(key: string, value: unknown): Thenable<void>;
}

export class TextMetricsStore {
  private current: TextMetrics | undefined;
  private waiters: ((m: TextMetrics) => void)[] = [];

  constructor(private readonly memento: MetricsMemento, private readonly warn: (message: string) => void) {
    this.current = parseTextMetrics(memento.get(TEXT_METRICS_KEY));
  }

  get(): TextMetrics | undefined {
    return this.current;
  }

  /** Keeps `metrics`; true when they differ from the ones known (boxes must be sized again). */
  set(metrics: TextMetrics): boolean {
    if (sameMetrics(this.current, metrics)) return false;
    this.current = metrics;
    this.memento.update(TEXT_METRICS_KEY, metrics).then(undefined, (e: unknown) => this.warn(`graph panel: could not keep the text metrics: ${String(e)}`));
    for (const w of this.waiters.splice(0)) w(metrics);
    return true;
  }

  /** The known metrics, else the first a webview sends within `timeoutMs`, else undefined. */
  whenKnown(timeoutMs: number): Promise<TextMetrics | undefined> {
    if (this.current !== undefined) return Promise.resolve(this.current);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        resolve(undefined);
      }, timeoutMs);
      const done = (m: TextMetrics): void => {
        clearTimeout(timer);
        resolve(m);
      };
      this.waiters.push(done);
    });
  }
}
