// A repartition through `<prefix>-repartition`, named as Kafka's createRepartitionedSource: the
// sink, filter and source names always take counter values, and are used only for generated prefixes.
import type { ProcessorDef, StreamPartitioner } from '../processor/node-defs';
import { RepartitionFilterNode } from '../processor/stateless-nodes';
import type { Serde } from '../serdes';
import type { InternalBuilder } from './internal-builder';
import { REPARTITION_NODES } from '../model/operator-catalog';

const GENERATED = /^KSTREAM.*-[0-9]{10}$/;

export interface RepartitionNames {
  topic: string;
  sinkName: string;
  filterName: string;
  sourceName: string;
}

/** Draws the three counter values a repartition takes, whether or not its nodes are added. */
export function repartitionNames(b: InternalBuilder, prefix: string): RepartitionNames {
  const suffix = REPARTITION_NODES.topicSuffix;
  const topic = prefix.endsWith(suffix) ? prefix : `${prefix}${suffix}`;
  const genSink = b.newProcessorName(REPARTITION_NODES.sink.prefix);
  const genFilter = b.newProcessorName(REPARTITION_NODES.filter.prefix);
  const genSource = b.newProcessorName(REPARTITION_NODES.source.prefix);
  const generated = GENERATED.test(prefix);
  return {
    topic,
    sinkName: generated ? genSink : `${topic}-sink`,
    filterName: generated ? genFilter : `${topic}-filter`,
    sourceName: generated ? genSource : `${topic}-source`,
  };
}

/** Adds filter -> internal sink | internal source; returns the source's name. The filter drops
 *  null keys unless a left join downstream keeps them (set at build, as Kafka's rewriteRepartitionNodes). */
export function addRepartition(
  b: InternalBuilder,
  parent: string,
  prefix: string,
  keySerde: Serde<unknown> | undefined,
  valueSerde: Serde<unknown> | undefined,
  what: string,
  serdeHint: string,
  topicProps: { numberOfPartitions?: number; partitioner?: StreamPartitioner } = {},
): string {
  return addRepartitionNodes(b, parent, repartitionNames(b, prefix), keySerde, valueSerde, what, serdeHint, topicProps);
}

/** Kafka's Repartitioned: `name` names the topic `<name>-repartition` (and draws no counter value);
 *  `numberOfPartitions` creates it with that count, which no writer or join changes (a join with
 *  topics of another count fails at start); `streamPartitioner` chooses each record's partition. */
export interface RepartitionedOptions<K, V> {
  name?: string;
  keySerde?: Serde<K>;
  valueSerde?: Serde<V>;
  numberOfPartitions?: number;
  /** A StreamPartitioner (method syntax: bivariant, as the serdes). */
  streamPartitioner?(topic: string, key: K, value: V, numPartitions: number): number | null | undefined;
}

/** The topic properties of a repartition() (checked as Kafka's InternalTopicConfig). */
export function repartitionedTopic(b: InternalBuilder, what: string, options: { numberOfPartitions?: unknown; streamPartitioner?: unknown }): { numberOfPartitions?: number; partitioner?: StreamPartitioner } {
  const out: { numberOfPartitions?: number; partitioner?: StreamPartitioner } = {};
  const n = options.numberOfPartitions;
  if (n !== undefined) {
    if (typeof n !== 'number' || !Number.isInteger(n)) b.problems.push(`${what}: numberOfPartitions must be an integer, got ${JSON.stringify(n) ?? String(n)}`);
    else if (n < 1) b.problems.push(`${what}: Number of partitions must be at least 1. (numberOfPartitions: ${n})`);
    else out.numberOfPartitions = n;
  }
  const p = options.streamPartitioner;
  if (p !== undefined) {
    if (typeof p !== 'function') b.problems.push(`${what}: streamPartitioner must be a function (topic, key, value, numPartitions) => partition, got ${typeof p}`);
    else out.partitioner = p as StreamPartitioner;
  }
  return out;
}

export function addRepartitionNodes(
  b: InternalBuilder,
  parent: string,
  names: RepartitionNames,
  keySerde: Serde<unknown> | undefined,
  valueSerde: Serde<unknown> | undefined,
  what: string,
  serdeHint: string,
  topicProps: { numberOfPartitions?: number; partitioner?: StreamPartitioner } = {},
): string {
  const { topic, sinkName, filterName, sourceName } = names;
  if (keySerde === undefined) {
    b.problems.push(`${what}: repartition topic ${topic} needs a key serde; pass { keySerde } to ${serdeHint} (the builder has no default key serde)`);
  }
  if (valueSerde === undefined) {
    b.problems.push(`${what}: repartition topic ${topic} needs a value serde; pass { valueSerde } to ${serdeHint} (the builder has no default value serde)`);
  }
  const filter: ProcessorDef = b.addProcessor(filterName, REPARTITION_NODES.filter.operator, [parent], (ctx) => new RepartitionFilterNode(filterName, ctx, filter.keepNullKeys === true));
  b.add({ kind: 'sink', name: sinkName, topic, extractor: undefined, keySerde, valueSerde, internal: true, predecessors: [filterName], ...topicProps });
  b.add({ kind: 'source', name: sourceName, topics: [topic], keySerde, valueSerde, internal: true, predecessors: [] });
  return sourceName;
}
