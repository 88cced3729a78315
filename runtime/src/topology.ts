// A built topology: immutable node and store definitions, described in Kafka Streams' format.
import { TopologyDescription } from './describe/topology-description';
import type { TopologyDefs } from './processor/node-defs';

export class Topology {
  /** @internal The definitions the engine runs; use planOf()/describe() outside the runtime. */
  readonly defs: TopologyDefs;
  constructor(defs: TopologyDefs) {
    this.defs = defs;
  }

  /** `describe().toString()` is Kafka Streams' text; `describe().toJSON()` the shared model. */
  describe(): TopologyDescription {
    return new TopologyDescription(this.defs);
  }
}
