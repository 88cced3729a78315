// An input topic of the test driver: serializes with its serdes and pipes through the topology.
import { SerdeError } from '../errors';
import { NO_HEADERS } from '../processor/raw-record';
import type { Serde } from '../serdes';
import type { TopologyTestDriver } from './topology-test-driver';

export class TestInputTopic<K, V> {
  /** @internal */
  constructor(
    private readonly driver: TopologyTestDriver,
    readonly topic: string,
    private readonly keySerde: Serde<K>,
    private readonly valueSerde: Serde<V>,
  ) {}

  /** Pipes one record; the timestamp defaults to the driver's wall clock. */
  pipeInput(key: K | null, value: V | null, timestamp?: number, headers: Record<string, Buffer> = NO_HEADERS): void {
    this.driver.pipe(
      this.topic,
      key === null || key === undefined ? null : this.ser(this.keySerde, key, 'key'),
      value === null || value === undefined ? null : this.ser(this.valueSerde, value, 'value'),
      timestamp ?? this.driver.wallClockTime,
      headers,
    );
  }

  pipeKeyValueList(records: readonly (readonly [K | null, V | null])[], timestamp?: number): void {
    for (const [k, v] of records) this.pipeInput(k, v, timestamp);
  }

  /** Pipes values with null keys. */
  pipeValueList(values: readonly (V | null)[], timestamp?: number): void {
    for (const v of values) this.pipeInput(null, v, timestamp);
  }

  private ser<T>(serde: Serde<T>, data: T, part: 'key' | 'value'): Buffer {
    try {
      return serde.serialize(data);
    } catch (e) {
      throw new SerdeError(this.topic, 0, -1, serde.name, part, 'serialize', e);
    }
  }
}
