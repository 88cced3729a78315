// Layout in the extension host: ELK in a worker thread, pre-warmed, with a deadline (past it the
// cheap fallback layout is used and the ELK one follows when ready) and a cache per topology
// structure (a re-analysis that changes no node, size or edge costs nothing).
// Why not in the webview: workers inside webviews are unreliable (CSP, blob/worker-src quirks and
// throttled hidden panels), and layout on the webview's own thread would freeze drawing.
import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { ElkNode } from 'elkjs/lib/elk-api';
import { fromElkGraph, toElkGraph } from './elk-graph';
import { fallbackLayout } from './fallback-layout';
import type { GraphLayout, GraphViewModel } from './graph-model';
import type { LayoutStore } from './layout-store';

/**
 * The panel's deadline: past it the quick layout is drawn first and ELK's replaces it when done.
 * Short, so a topology never laid out before still paints well inside 300 ms; small graphs make it.
 */
export const PANEL_LAYOUT_DEADLINE_MS = 120;

export interface LayoutLog { warn(message: string): void }

export interface LayoutOptions {
  /** Path of dist/graph-layout-worker.js. */
  workerPath: string;
  /** Past this the fallback layout answers (ELK keeps going and `onLate` gets its result). */
  deadlineMs?: number;
  /** A layout still running after this is abandoned and the worker restarted. */
  hardLimitMs?: number;
  cacheSize?: number;
  /** Layouts kept across sessions (read on a memory miss, written after each ELK layout). */
  store?: LayoutStore;
  log?: LayoutLog;
}

interface Pending { resolve(result: ElkNode): void; reject(error: Error): void; timer: NodeJS.Timeout }

export function layoutKey(model: GraphViewModel): string {
  const shape = {
    n: model.nodes.map((n) => [n.id, n.group ?? '', n.width, n.height, (n.outlets ?? []).map((o) => o.id)]),
    e: model.edges.map((e) => [e.source, e.sourcePort ?? '', e.target]),
    g: model.groups.map((g) => g.id),
  };
  return createHash('sha1').update(JSON.stringify(shape)).digest('hex');
}

export class LayoutService {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly cache = new Map<string, GraphLayout>();
  private readonly inFlight = new Map<string, Promise<GraphLayout>>();
  private readonly deadlineMs: number;
  private readonly hardLimitMs: number;
  private readonly cacheSize: number;

  constructor(private readonly options: LayoutOptions) {
    this.deadlineMs = options.deadlineMs ?? 1500;
    this.hardLimitMs = options.hardLimitMs ?? 30_000;
    this.cacheSize = options.cacheSize ?? 32;
  }

  /** Starts the worker and lays out a tiny graph so the first real layout does not pay ELK's start-up. */
  prewarm(): Promise<void> {
    const tiny: GraphViewModel = {
      key: 'prewarm', title: '', groups: [{ id: 'g', label: '' }], badges: [],
      nodes: [{ id: 'a', kind: 'topic', label: 'a', operator: '', badges: [], width: 100, height: 40 }, { id: 'b', kind: 'source', label: 'b', operator: '', group: 'g', badges: [], width: 100, height: 40 }],
      edges: [{ id: 'a->b', source: 'a', target: 'b', kind: 'topic' }],
    };
    return this.runElk(toElkGraph(tiny)).then(() => undefined, (e: unknown) => this.options.log?.warn(`graph layout prewarm failed: ${String(e)}`));
  }

  /** Cached layout for this structure, if any. */
  cached(model: GraphViewModel): GraphLayout | undefined {
    return this.lookup(layoutKey(model));
  }

  private lookup(key: string): GraphLayout | undefined {
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const stored = this.options.store?.read(key);
    if (stored !== undefined) this.remember(key, stored, false);
    return stored;
  }

  /**
   * The layout of `model`: cached, ELK's within the deadline, or the fallback. When the fallback
   * answered and ELK finishes later, `onLate` receives ELK's layout (also cached by then).
   */
  async layout(model: GraphViewModel, onLate?: (layout: GraphLayout) => void): Promise<GraphLayout> {
    const key = layoutKey(model);
    const hit = this.lookup(key);
    if (hit !== undefined) return hit;
    let run = this.inFlight.get(key);
    if (run === undefined) {
      run = this.runElk(toElkGraph(model)).then(fromElkGraph);
      this.inFlight.set(key, run);
      run.then((l) => this.remember(key, l), () => undefined).finally(() => this.inFlight.delete(key));
    }
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'late'>((resolve) => { timer = setTimeout(() => resolve('late'), this.deadlineMs); });
    try {
      const winner = await Promise.race([run, deadline]);
      if (winner !== 'late') return winner;
      if (onLate !== undefined) run.then(onLate, () => undefined);
      this.options.log?.warn(`graph layout of ${model.nodes.length} nodes missed its ${this.deadlineMs} ms deadline: drawing the quick layout first`);
      return fallbackLayout(model);
    } catch (e) {
      this.options.log?.warn(`graph layout failed (${e instanceof Error ? e.message : String(e)}): using the quick layout`);
      return fallbackLayout(model);
    } finally {
      clearTimeout(timer);
    }
  }

  dispose(): void {
    const worker = this.worker;
    this.worker = undefined;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error('layout service disposed'));
    }
    this.pending.clear();
    if (worker !== undefined) void worker.terminate();
  }

  private remember(key: string, layout: GraphLayout, persist = true): void {
    if (persist) this.options.store?.write(key, layout);
    this.cache.delete(key);
    this.cache.set(key, layout);
    while (this.cache.size > this.cacheSize) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
  }

  private ensureWorker(): Worker {
    if (this.worker !== undefined) return this.worker;
    const worker = new Worker(this.options.workerPath);
    worker.unref();
    worker.on('message', (msg: { id: number; result?: ElkNode; error?: string }) => {
      const p = this.pending.get(msg.id);
      if (p === undefined) return;
      this.pending.delete(msg.id);
      clearTimeout(p.timer);
      if (msg.result !== undefined) p.resolve(msg.result);
      else p.reject(new Error(msg.error ?? 'layout failed'));
    });
    const fail = (error: Error): void => {
      if (this.worker === worker) this.worker = undefined;
      for (const p of this.pending.values()) {
        clearTimeout(p.timer);
        p.reject(error);
      }
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`layout worker exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }

  private runElk(graph: ElkNode): Promise<ElkNode> {
    return new Promise<ElkNode>((resolve, reject) => {
      let worker: Worker;
      try {
        worker = this.ensureWorker();
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
        return;
      }
      const id = this.nextId++;
      const timer = setTimeout(() => {
        // Stuck: abandon this worker (its other layouts fail over to the fallback) and start afresh.
        this.pending.delete(id);
        reject(new Error(`no layout after ${this.hardLimitMs} ms`));
        if (this.worker === worker) this.worker = undefined;
        void worker.terminate();
      }, this.hardLimitMs);
      timer.unref();
      this.pending.set(id, { resolve, reject, timer });
      worker.postMessage({ id, graph });
    });
  }
}
