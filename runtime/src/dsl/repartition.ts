// A repartition through `<prefix>-repartition`, named as Kafka's createRepartitionedSource: the
// sink, filter and source names always take counter values, and are used only for generated prefixes.
import type { ProcessorDef } from '../processor/node-defs';
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
): string {
  return addRepartitionNodes(b, parent, repartitionNames(b, prefix), keySerde, valueSerde, what, serdeHint);
}

export function addRepartitionNodes(
  b: InternalBuilder,
  parent: string,
  names: RepartitionNames,
  keySerde: Serde<unknown> | undefined,
  valueSerde: Serde<unknown> | undefined,
  what: string,
  serdeHint: string,
): string {
  const { topic, sinkName, filterName, sourceName } = names;
  if (keySerde === undefined) {
    b.problems.push(`${what}: repartition topic ${topic} needs a key serde; pass { keySerde } to ${serdeHint} (the builder has no default key serde)`);
  }
  if (valueSerde === undefined) {
    b.problems.push(`${what}: repartition topic ${topic} needs a value serde; pass { valueSerde } to ${serdeHint} (the builder has no default value serde)`);
  }
  const filter: ProcessorDef = b.addProcessor(filterName, REPARTITION_NODES.filter.operator, [parent], (ctx) => new RepartitionFilterNode(filterName, ctx, filter.keepNullKeys === true));
  b.add({ kind: 'sink', name: sinkName, topic, extractor: undefined, keySerde, valueSerde, internal: true, predecessors: [filterName] });
  b.add({ kind: 'source', name: sourceName, topics: [topic], keySerde, valueSerde, internal: true, predecessors: [] });
  return sourceName;
}
