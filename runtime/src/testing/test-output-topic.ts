// An output topic of the test driver: reads (and consumes) what the topology wrote.
import { SerdeError } from '../errors';
import { NO_HEADERS } from '../processor/raw-record';
import type { Serde } from '../serdes';
import type { CapturedRecord, TopologyTestDriver } from './topology-test-driver';

/** Key and value are null for null bytes (tombstones, null keys): type K/V as `T | null` when they can be. */
export interface TestRecord<K, V> {
  key: K;
  value: V;
  timestamp: number;
  headers: Record<string, Buffer>;
}

export class TestOutputTopic<K, V> {
  /** @internal */
  constructor(
    private readonly driver: TopologyTestDriver,
    readonly topic: string,
    private readonly keySerde: Serde<K>,
    private readonly valueSerde: Serde<V>,
  ) {}

  /** The next record; throws when the topic is empty. */
  readRecord(): TestRecord<K, V> {
    const [r] = this.driver.take(this.topic, 1);
    if (r === undefined) throw new Error(`output topic ${this.topic} is empty: nothing to read`);
    return this.decode(r);
  }

  readKeyValue(): [K, V] {
    const r = this.readRecord();
    return [r.key, r.value];
  }

  readValue(): V {
    return this.readRecord().value;
  }

  readRecordsToList(): TestRecord<K, V>[] {
    return this.driver.take(this.topic, Number.MAX_SAFE_INTEGER).map((r) => this.decode(r));
  }

  readKeyValuesToList(): [K, V][] {
    return this.driver.take(this.topic, Number.MAX_SAFE_INTEGER).map((r) => [this.decodeKey(r), this.decodeValue(r)]);
  }

  readValuesToList(): V[] {
    // Values only: no key decoding, no record objects (the driver benchmark's hot path).
    const records = this.driver.take(this.topic, Number.MAX_SAFE_INTEGER);
    const out = new Array<V>(records.length);
    for (let i = 0; i < records.length; i++) out[i] = this.decodeValue(records[i] as CapturedRecord);
    return out;
  }

  private decodeKey(r: CapturedRecord): K {
    return r.key === null ? (null as K) : this.de(this.keySerde, r, r.key, 'key');
  }

  private decodeValue(r: CapturedRecord): V {
    return r.value === null ? (null as V) : this.de(this.valueSerde, r, r.value, 'value');
  }

  isEmpty(): boolean {
    return this.driver.queueSize(this.topic) === 0;
  }

  getQueueSize(): number {
    return this.driver.queueSize(this.topic);
  }

  private decode(r: CapturedRecord): TestRecord<K, V> {
    return {
      key: this.decodeKey(r),
      value: this.decodeValue(r),
      timestamp: r.timestamp,
      // The shared no-headers object stays internal: each read record gets a mutable one.
      headers: r.headers === NO_HEADERS ? {} : r.headers,
    };
  }

  private de<T>(serde: Serde<T>, r: CapturedRecord, data: Buffer, part: 'key' | 'value'): T {
    try {
      return serde.deserialize(data);
    } catch (e) {
      throw new SerdeError(r.topic, r.partition, r.offset, serde.name, part, 'deserialize', e);
    }
  }
}
