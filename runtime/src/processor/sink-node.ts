// Sinks: serialize with the sink's serdes and hand the record to the collector.
import type { Serde } from '../serdes';
import type { TopicExtractor } from './node-defs';
import { RuntimeNode, serializeOrThrow, type TaskContext } from './runtime-node';

export class SinkNode extends RuntimeNode {
  constructor(
    name: string,
    ctx: TaskContext,
    private readonly topic: string | undefined,
    private readonly extractor: TopicExtractor | undefined,
    private readonly keySerde: Serde<unknown>,
    private readonly valueSerde: Serde<unknown>,
  ) {
    super(name, ctx);
  }
  protected process(key: unknown, value: unknown): void {
    const ctx = this.ctx;
    let topic = this.topic;
    if (topic === undefined) {
      const chosen: unknown = (this.extractor as TopicExtractor)(key, value, ctx);
      if (typeof chosen !== 'string' || chosen === '') throw new Error(`topic extractor returned ${JSON.stringify(chosen)}, not a topic name`);
      topic = chosen;
    }
    ctx.collector.send({
      topic,
      key: serializeOrThrow(this.keySerde, key, ctx, topic, 'key'),
      value: serializeOrThrow(this.valueSerde, value, ctx, topic, 'value'),
      headers: ctx.headers,
      timestamp: ctx.timestamp,
    });
    this.recordsOut++;
  }
}
