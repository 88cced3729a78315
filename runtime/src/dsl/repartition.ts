// A repartition through `<prefix>-repartition`, named as Kafka's createRepartitionedSource: the
// sink, filter and source names always take counter values, and are used only for generated prefixes.
import { NonNullKeyFilterNode } from '../processor/stateless-nodes';
import type { Serde } from '../serdes';
import type { InternalBuilder } from './internal-builder';
import { N } from './names';

const GENERATED = /^KSTREAM.*-[0-9]{10}$/;

/** Adds filter (drops null keys) -> internal sink | internal source; returns the source's name. */
export function addRepartition(
  b: InternalBuilder,
  parent: string,
  prefix: string,
  keySerde: Serde<unknown> | undefined,
  valueSerde: Serde<unknown> | undefined,
  what: string,
  serdeHint: string,
): string {
  const topic = prefix.endsWith('-repartition') ? prefix : `${prefix}-repartition`;
  const genSink = b.newProcessorName(N.SINK);
  const genFilter = b.newProcessorName(N.FILTER);
  const genSource = b.newProcessorName(N.SOURCE);
  const generated = GENERATED.test(prefix);
  const sinkName = generated ? genSink : `${topic}-sink`;
  const filterName = generated ? genFilter : `${topic}-filter`;
  const sourceName = generated ? genSource : `${topic}-source`;
  if (keySerde === undefined) {
    b.problems.push(`${what}: repartition topic ${topic} needs a key serde; pass { keySerde } to ${serdeHint} (the builder has no default key serde)`);
  }
  if (valueSerde === undefined) {
    b.problems.push(`${what}: repartition topic ${topic} needs a value serde; pass { valueSerde } to ${serdeHint} (the builder has no default value serde)`);
  }
  b.addProcessor(filterName, 'repartitionFilter', [parent], (ctx) => new NonNullKeyFilterNode(filterName, ctx));
  b.add({ kind: 'sink', name: sinkName, topic, extractor: undefined, keySerde, valueSerde, internal: true, predecessors: [filterName] });
  b.add({ kind: 'source', name: sourceName, topics: [topic], keySerde, valueSerde, internal: true, predecessors: [] });
  return sourceName;
}
