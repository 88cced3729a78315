// Sinks: serialize with the sink's serdes and hand the record to the collector.
import { windowedBaseKey, type Serde } from '../serdes';
import type { StreamPartitioner, TopicExtractor } from './node-defs';
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
    private readonly partitioner?: StreamPartitioner,
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
    const partition = this.partitioner === undefined ? undefined : this.partitionOf(topic, key, value);
    ctx.collector.send(outgoingRecord(topic, keyBytes, valueBytes, ctx.headers, ctx.timestamp, partition, partitionKey));
    this.recordsOut++;
  }

  /** As Kafka's RecordCollectorImpl: the partitioner chooses among the topic's partitions; null or
   *  undefined leaves it to the default partitioner. */
  private partitionOf(topic: string, key: unknown, value: unknown): number | undefined {
    const n = this.ctx.partitionCount(topic);
    if (n === undefined) throw new Error(`Could not get partition information for topic ${topic}. This can happen if the topic does not exist.`);
    const p: unknown = (this.partitioner as StreamPartitioner)(topic, key, value, n);
    if (p === null || p === undefined) return undefined;
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p >= n) {
      throw new Error(`stream partitioner returned ${JSON.stringify(p) ?? String(p)} for topic ${topic}, which has ${n} partition${n === 1 ? '' : 's'}: expected an integer from 0 to ${n - 1}, or null for the default partitioner`);
    }
    return p;
  }
}
