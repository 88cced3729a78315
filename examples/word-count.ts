// The classic word count: split lines into words, group by word, count into the `word-counts` store.
import { Serdes, StreamsBuilder, type Topology } from 'streamwise';

export const INPUT_TOPIC = 'text-lines';
export const OUTPUT_TOPIC = 'word-counts';

export function buildWordCount(): Topology {
  const builder = new StreamsBuilder();
  builder
    .stream<string, string>(INPUT_TOPIC)
    .flatMapValues((line) => line.toLowerCase().split(/\W+/).filter((w) => w !== ''))
    .groupBy((_k, word) => word)
    .count({ name: 'word-counts' })
    .toStream()
    .to(OUTPUT_TOPIC, { valueSerde: Serdes.Long() });
  return builder.build();
}

export default buildWordCount();
