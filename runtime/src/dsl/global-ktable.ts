// GlobalKTable: a table every instance holds whole (all partitions of its topic), for joins by a
// key selected from the stream record, without co-partitioning.
import type { Serde } from '../serdes';
import type { InternalBuilder } from './internal-builder';

export class GlobalKTable<K, V> {
  /** @internal */
  constructor(
    /** @internal */ readonly builder: InternalBuilder,
    /** The store (queryable by this name with app.store() and the test driver). */
    readonly storeName: string,
    /** @internal */ readonly keySerde: Serde<unknown> | undefined,
    /** @internal */ readonly valueSerde: Serde<unknown> | undefined,
  ) {}

  /** Kafka's queryableStoreName(): global tables are always materialized. */
  queryableStoreName(): string {
    return this.storeName;
  }

  /** Phantom for type inference. @internal */
  declare readonly __types?: [K, V];
}
