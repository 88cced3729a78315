// Sinks: serialize with the sink's serdes and hand the record to the collector.
import { windowedBaseKey, type Serde } from '../serdes';
import type { TopicExtractor } from './node-defs';
import type { OutgoingRecord } from './raw-record';
import { RuntimeNode, serializeOrThrow, type TaskContext } from './runtime-node';

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
      const chosen: unknown = (this.extractor as TopicExtractor)(key, value, ctx);
      if (typeof chosen !== 'string' || chosen === '') throw new Error(`topic extractor returned ${JSON.stringify(chosen)}, not a topic name`);
      topic = chosen;
    }
    const keyBytes = serializeOrThrow(this.keySerde, key, ctx, topic, 'key');
    const record: OutgoingRecord = { topic, key: keyBytes, value: serializeOrThrow(this.valueSerde, value, ctx, topic, 'value'), headers: ctx.headers, timestamp: ctx.timestamp };
    if (this.baseKey !== undefined && keyBytes !== null) record.partitionKey = this.baseKey(key);
    ctx.collector.send(record);
    this.recordsOut++;
  }
}
