// Global stores (GlobalKTable): every instance holds all partitions of the global topic; records
// are applied as they are read (Kafka's GlobalStateUpdateTask with a KTableSource), never through
// tasks. The topic itself is the changelog: a restart re-reads it before processing starts.
import { SerdeError } from '../errors';
import { Serdes, type Serde } from '../serdes';
import type { Topology } from '../topology';
import { InMemoryKeyValueStore, type ReadOnlyKeyValueStore, type TimestampedKeyValueStore } from './key-value-store';
import type { RawRecord } from './raw-record';
import { defsOf } from './topology-internals';

export interface GlobalStorePlan {
  store: string;
  topic: string;
  source: string;
}

interface Entry {
  store: InMemoryKeyValueStore;
  keySerde: Serde<unknown>;
  valueSerde: Serde<unknown>;
}

/** The global stores of a topology: which topic feeds which store. */
export function globalStoresOf(topology: Topology): GlobalStorePlan[] {
  const defs = defsOf(topology);
  const out: GlobalStorePlan[] = [];
  for (const n of defs.nodes) {
    if (n.kind !== 'source' || n.global !== true) continue;
    const proc = defs.nodes.find((p) => p.kind === 'processor' && p.predecessors.includes(n.name));
    const store = proc?.kind === 'processor' ? proc.stores[0] : undefined;
    const topic = n.topics[0];
    if (store !== undefined && topic !== undefined) out.push({ store, topic, source: n.name });
  }
  return out;
}

export class GlobalStores {
  private readonly byTopic = new Map<string, Entry>();
  private readonly byName = new Map<string, InMemoryKeyValueStore>();

  constructor(topology: Topology) {
    const defs = defsOf(topology);
    for (const g of globalStoresOf(topology)) {
      const def = defs.stores.find((s) => s.name === g.store);
      const source = defs.nodes.find((n) => n.name === g.source);
      if (def === undefined || source?.kind !== 'source') continue;
      const store = new InMemoryKeyValueStore(g.store, def.keySerde ?? Serdes.String(), def.valueSerde ?? Serdes.String(), undefined);
      this.byTopic.set(g.topic, { store, keySerde: source.keySerde ?? Serdes.String(), valueSerde: source.valueSerde ?? Serdes.String() });
      this.byName.set(g.store, store);
    }
  }

  /** Topics (as named by the user) that feed global stores. */
  topics(): string[] {
    return [...this.byTopic.keys()];
  }

  /** Applies one record of a global topic: the latest value per key; a null value deletes; a
   *  record without a key is skipped. A bad key or value is a SerdeError. */
  update(record: RawRecord): void {
    const e = this.byTopic.get(record.topic);
    if (e === undefined) throw new Error(`topic ${record.topic} feeds no global store`);
    if (record.key === null) return;
    let part: 'key' | 'value' = 'key';
    let serde = e.keySerde;
    try {
      const key = serde.deserialize(record.key);
      part = 'value';
      serde = e.valueSerde;
      const value = record.value === null ? null : serde.deserialize(record.value);
      e.store.putWithTimestamp(key, value, record.timestamp);
    } catch (err) {
      throw new SerdeError(record.topic, record.partition, record.offset, serde.name, part, 'deserialize', err);
    }
  }

  store(name: string): (ReadOnlyKeyValueStore<unknown, unknown> & TimestampedKeyValueStore<unknown, unknown>) | undefined {
    return this.byName.get(name);
  }
}
