// One look at a consumer group: what kafka-consumer-groups --describe shows, at one instant.
// Plain JSON so it can cross process and webview boundaries and be recorded as a fixture.

export interface LagTopicPartition { topic: string; partition: number }

export interface LagGroupMember {
  /** Kafka's member id (kafka-consumer-groups' CONSUMER-ID). */
  memberId: string;
  clientId: string;
  /** As the broker reports it, e.g. `/127.0.0.1`. */
  host: string;
  assignment: LagTopicPartition[];
}

export interface LagPartitionOffsets extends LagTopicPartition {
  /** The group's committed offset; null when the group never committed for this partition. */
  committed: number | null;
  /** The partition's end offset (high watermark). */
  end: number;
}

export interface GroupSnapshot {
  groupId: string;
  /** Epoch ms when the sample was complete. */
  time: number;
  /** Kafka's group state (Stable, PreparingRebalance, CompletingRebalance, Empty, Dead); null when the broker cannot say. */
  state: string | null;
  members: LagGroupMember[];
  /** Every partition the group committed for or has assigned, sorted by topic and partition. */
  partitions: LagPartitionOffsets[];
}

/** A group is active when it has members (Empty and Dead groups have none). Unknown when the broker cannot say. */
export function groupActive(s: GroupSnapshot): boolean | undefined {
  if (s.state === null) return undefined;
  return s.members.length > 0 && s.state !== 'Empty' && s.state !== 'Dead';
}

export const partitionKey = (p: LagTopicPartition) => `${p.topic}\u0000${p.partition}`;
