// A node instantiated inside one task. Records move as (key, value) arguments; the rest of the
// record (topic, offset, timestamp, headers) lives on the task context, so forwarding allocates nothing.
import { SerdeError, StreamsProcessingError } from '../errors';
import type { Serde } from '../serdes';
import type { RecordContext } from './node-defs';
import type { RecordCollector } from './raw-record';
import type { KeyValueStore } from './key-value-store';

/** Wall-clock time (advanced by the runner) or stream time (advanced by record timestamps). */
export type PunctuationType = 'WALL_CLOCK_TIME' | 'STREAM_TIME';

export interface TaskContext extends RecordContext {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  headers: Record<string, Buffer>;
  readonly applicationId: string;
  readonly collector: RecordCollector;
  /** Highest record timestamp seen by this task. */
  streamTime: number;
  internalTopicName(name: string): string;
  store(name: string): KeyValueStore<unknown, unknown>;
  /** Registers a punctuation for `node` (Processor API `schedule`). */
  schedule(node: string, type: PunctuationType, intervalMs: number, callback: (timestamp: number) => void): { cancel(): void };
}

export abstract class RuntimeNode {
  children: RuntimeNode[] = [];
  constructor(
    readonly name: string,
    protected readonly ctx: TaskContext,
  ) {}

  /** Called once the node's children are connected. */
  init(): void {}
  close(): void {}

  protected abstract process(key: unknown, value: unknown): void;

  /** Records this node received, and errors that started in it (pull-based metrics: no cost per read). */
  recordsIn = 0;
  errors = 0;

  receive(key: unknown, value: unknown): void {
    this.recordsIn++;
    try {
      this.process(key, value);
    } catch (e) {
      if (!(e instanceof StreamsProcessingError || e instanceof SerdeError)) this.errors++;
      throw attribute(e, this.ctx, this.name);
    }
  }

  forward(key: unknown, value: unknown): void {
    for (const child of this.children) child.receive(key, value);
  }

  child(name: string): RuntimeNode {
    const found = this.children.find((c) => c.name === name);
    if (found === undefined) throw new Error(`node ${this.name} has no child ${name}`);
    return found;
  }
}

/** The innermost node that saw an error names it; outer nodes pass it on unchanged. */
export function attribute(e: unknown, ctx: RecordContext, node: string): Error {
  if (e instanceof StreamsProcessingError || e instanceof SerdeError) return e;
  return new StreamsProcessingError(ctx.topic, ctx.partition, ctx.offset, node, e);
}

export function serializeOrThrow(
  serde: Serde<unknown>,
  data: unknown,
  ctx: RecordContext,
  topic: string,
  part: 'key' | 'value',
): Buffer | null {
  if (data === null || data === undefined) return null;
  try {
    return serde.serialize(data);
  } catch (e) {
    throw new SerdeError(topic, ctx.partition, ctx.offset, serde.name, part, 'serialize', e);
  }
}
