// Sinks: serialize with the sink's serdes and hand the record to the collector.
import { windowedBaseKey, type Serde } from '../serdes';
import type { TopicExtractor } from './node-defs';
import { outgoingRecord } from './raw-record';
import { ownHeaders, RuntimeNode, serializeOrThrow, type TaskContext } from './runtime-node';

export class SinkNode extends RuntimeNode {
  /** Windowed key serdes: Kafka's sinks then use WindowedStreamPartitioner (the inner key's partition). */
  private readonly baseKey: ((key: unknown) => Buffer) | undefined;
  constructor(
    name: string,
    ctx: TaskContext,
    private readonly topic: string | undefined,
    private readonly extractor: TopicExtractor | undefined,
    private readonly keySerde: Serde<unknown>,
    private readonly valueSerde: Serde<unknown>,
  ) {
    super(name, ctx);
    this.baseKey = windowedBaseKey(keySerde);
  }
  protected process(key: unknown, value: unknown): void {
    const ctx = this.ctx;
    let topic = this.topic;
    if (topic === undefined) {
      ownHeaders(ctx);
      const chosen: unknown = (this.extractor as TopicExtractor)(key, value, ctx);
      if (typeof chosen !== 'string' || chosen === '') throw new Error(`topic extractor returned ${JSON.stringify(chosen)}, not a topic name`);
      topic = chosen;
    }
    const keyBytes = serializeOrThrow(this.keySerde, key, ctx, topic, 'key');
    const valueBytes = serializeOrThrow(this.valueSerde, value, ctx, topic, 'value');
    const partitionKey = this.baseKey !== undefined && keyBytes !== null ? this.baseKey(key) : undefined;
    ctx.collector.send(outgoingRecord(topic, keyBytes, valueBytes, ctx.headers, ctx.timestamp, undefined, partitionKey));
    this.recordsOut++;
  }
}
