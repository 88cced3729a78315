// The main-thread side of the analysis worker: posts requests, matches replies, and restarts
// the worker if it dies (an analyzer crash must not take the language server down).
import type { LiveTopics } from '../analysis/types';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'streamwise';
import { GENERATION_SLOTS } from './analysis-messages';
import type { WorkerInit, WorkerReply, WorkerRequest } from './analysis-messages';
import { describeError } from './guard';

type Query = Extract<WorkerRequest, { id: number }>;
type QueryWithoutId = Query extends infer Q ? (Q extends Query ? Omit<Q, 'id'> : never) : never;

const MAX_RESTARTS = 5;
const WORKER_HEAP_MB = 4096;

export class AnalysisHost {
  private worker: Worker | undefined;
  private readonly generations = new Int32Array(new SharedArrayBuffer(GENERATION_SLOTS * Int32Array.BYTES_PER_ELEMENT));
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  /** Folders and their live topics, to reopen them in a restarted worker. */
  private readonly folders = new Map<string, LiveTopics>();
  private nextId = 1;
  private nextSlot = 0;
  private restarts = 0;
  private disposed = false;
  /** Called after a restart: the new worker has no editor overlays yet. */
  onRestart: () => void = () => {};

  constructor(
    private readonly workerFile: string,
    private readonly logger: Logger,
  ) {}

  allocateSlot(): number {
    return this.nextSlot++ % GENERATION_SLOTS;
  }

  /** Marks everything computed for the slot's folder stale, including work running right now. */
  bump(slot: number): number {
    return Atomics.add(this.generations, slot, 1) + 1;
  }

  generation(slot: number): number {
    return Atomics.load(this.generations, slot);
  }

  openFolder(root: string, liveTopics: LiveTopics): void {
    this.folders.set(root, liveTopics);
    this.post({ kind: 'openFolder', root, liveTopics });
  }

  closeFolder(root: string): void {
    this.folders.delete(root);
    this.post({ kind: 'closeFolder', root });
  }

  setLiveTopics(root: string, topics: LiveTopics): void {
    this.folders.set(root, topics);
    this.post({ kind: 'setLiveTopics', root, topics });
  }

  post(request: WorkerRequest): void {
    this.ensureWorker()?.postMessage(request);
  }

  /** Resolves with the worker's value, `undefined` for null (stale or nothing found). */
  query<T>(request: QueryWithoutId): Promise<T | undefined> {
    const worker = this.ensureWorker();
    if (worker === undefined) return Promise.reject(new Error('the analysis worker is not running'));
    const id = this.nextId++;
    return new Promise<T | undefined>((resolve, reject) => {
      this.pending.set(id, { resolve: (value) => resolve(value === null ? undefined : (value as T)), reject });
      worker.postMessage({ ...request, id });
    });
  }

  /** Ends the worker the way a crash would: pending work fails and a new worker starts. */
  async kill(): Promise<void> {
    await this.worker?.terminate();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const worker = this.worker;
    this.worker = undefined;
    if (worker !== undefined) await worker.terminate();
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker !== undefined || this.disposed) return this.worker;
    const workerData: WorkerInit = { generations: this.generations.buffer as SharedArrayBuffer };
    // A heap limit makes running out of memory end the worker (restarted) instead of the process.
    const worker = new Worker(this.workerFile, { workerData, stdout: true, stderr: true, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    // Worker stdio must never reach the LSP channel; forward it to the log instead.
    worker.stdout.on('data', (chunk: Buffer) => this.logger.info(chunk.toString('utf8').trimEnd()));
    worker.stderr.on('data', (chunk: Buffer) => this.logger.warn(chunk.toString('utf8').trimEnd()));
    worker.on('message', (reply: WorkerReply) => this.onReply(reply));
    worker.on('error', (error) => this.logger.error(`streamwise: analysis worker failed: ${describeError(error)}`));
    worker.on('exit', (code) => this.onExit(worker, code));
    this.worker = worker;
    for (const [root, liveTopics] of this.folders) worker.postMessage({ kind: 'openFolder', root, liveTopics } satisfies WorkerRequest);
    return worker;
  }

  private onReply(reply: WorkerReply): void {
    if (reply.kind === 'log') {
      this.logger[reply.level](reply.message, reply.fields);
      return;
    }
    const waiter = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    if (reply.kind === 'result') waiter?.resolve(reply.value);
    else waiter?.reject(new Error(reply.error));
  }

  private onExit(worker: Worker, code: number): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    for (const waiter of this.pending.values()) waiter.reject(new Error(`the analysis worker exited (code ${code})`));
    this.pending.clear();
    if (this.disposed) return;
    if (++this.restarts > MAX_RESTARTS) {
      this.logger.error(`streamwise: the analysis worker exited ${this.restarts} times; not restarting it`);
      this.disposed = true;
      return;
    }
    this.logger.warn(`streamwise: the analysis worker exited (code ${code}); restarting it`);
    this.ensureWorker();
    this.onRestart();
  }
}
