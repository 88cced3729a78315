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
}

/** Receives everything a task produces: sink records, repartition records, changelogs, dead letters. */
export interface RecordCollector {
  send(record: OutgoingRecord): void;
}
