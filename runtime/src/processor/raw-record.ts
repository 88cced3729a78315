// Records as they sit on topics: bytes. The engine's only contact with the outside world.

export interface RawRecord {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer>;
}

export interface OutgoingRecord {
  topic: string;
  /** Unset: the producer's partitioner chooses (murmur2 of the key, as Kafka). */
  partition?: number;
  /** With no partition: the bytes the partitioner hashes instead of the key (a windowed key's inner
   *  key, as Kafka's WindowedStreamPartitioner), so every window of a key lands on one partition. */
  partitionKey?: Buffer | null;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer>;
  timestamp: number;
  /** Set by a collector that stores the record (the test driver's captured offset). */
  offset?: number;
}

/** Headers of a record piped without any (test driver): one shared frozen object instead of one
 *  `{}` per record. Code that hands headers to user code swaps it for a fresh object first
 *  (`ownHeaders`), so users still get a mutable object of their own. */
export const NO_HEADERS: Record<string, Buffer> = Object.freeze({}) as Record<string, Buffer>;

/** A sink's record with every field in place, so collectors that complete it (partition, offset)
 *  add no properties (no per-record property-array allocation). */
export function outgoingRecord(topic: string, key: Buffer | null, value: Buffer | null, headers: Record<string, Buffer>, timestamp: number, partition: number | undefined, partitionKey: Buffer | null | undefined): OutgoingRecord {
  return { topic, partition, partitionKey, key, value, headers, timestamp, offset: undefined };
}

/** Receives everything a task produces: sink records, repartition records, changelogs, dead letters. */
export interface RecordCollector {
  send(record: OutgoingRecord): void;
}
