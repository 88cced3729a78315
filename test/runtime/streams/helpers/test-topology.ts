// Test topologies built with the DSL (the real engine runs them): source -> mapValues -> sink,
// or a per-key count backed by the store `counts` and its changelog.
import { Serdes, StreamsBuilder, type Topology } from 'streamwise';

export interface TestTopologyOptions {
  input: string;
  output: string;
  /** groupByKey().count({ name: 'counts' }) and its updates to `output` (values as strings). */
  count?: boolean;
  /** Values equal to this throw in mapValues (node KSTREAM-MAPVALUES-0000000001). */
  poison?: string;
  /** Values equal to this are sent by the topic extractor to `badTopic` (production errors). */
  misrouted?: string;
  badTopic?: string;
  /** Read values with Serdes.JSON (so a non-JSON value is a deserialization error). */
  jsonValues?: boolean;
}

export function testTopology(o: TestTopologyOptions): Topology {
  const builder = new StreamsBuilder();
  if (o.jsonValues === true) {
    builder.stream<string, { n: number }>(o.input, { valueSerde: Serdes.JSON<{ n: number }>() }).mapValues((v) => `N${v.n}`).to(o.output);
    return builder.build();
  }
  const source = builder.stream<string, string>(o.input);
  if (o.count === true) {
    source.groupByKey().count({ name: 'counts' }).toStream().mapValues((n) => String(n)).to(o.output);
    return builder.build();
  }
  source
    .mapValues((v) => {
      if (v === o.poison) throw new Error(`poison record ${v}`);
      return v === o.misrouted ? v : v.toUpperCase();
    })
    .to((_k, v) => (v === o.misrouted ? (o.badTopic ?? '') : o.output), { valueSerde: Serdes.String() });
  return builder.build();
}
