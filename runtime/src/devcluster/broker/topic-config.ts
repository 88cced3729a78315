// Topic configuration: Kafka's names, the broker's defaults and their validation. One table is
// the source for CreateTopics/AlterConfigs validation, DescribeConfigs and the effective values.

export interface BrokerDefaults {
  /** message.max.bytes: largest record batch (Kafka's default 1048588 = 1 MiB + overhead). */
  messageMaxBytes: number;
  /** log.retention.ms (Kafka: 7 days). */
  retentionMs: number;
  /** log.retention.bytes (-1: no size limit). */
  retentionBytes: number;
  /** log.segment.bytes (Kafka: 1 GiB; the dev cluster's default is 64 MiB). */
  segmentBytes: number;
  /** log.roll.ms (Kafka: 7 days). */
  segmentMs: number;
}

export const KAFKA_DEFAULTS: BrokerDefaults = {
  messageMaxBytes: 1_048_588,
  retentionMs: 7 * 24 * 3600 * 1000,
  retentionBytes: -1,
  segmentBytes: 64 * 1024 * 1024,
  segmentMs: 7 * 24 * 3600 * 1000,
};

export interface TopicConfig {
  maxMessageBytes: number;
  retentionMs: number;
  retentionBytes: number;
  segmentBytes: number;
  segmentMs: number;
  cleanupPolicy: 'delete' | 'compact' | 'compact,delete';
  /** delete.retention.ms: how long a compacted topic keeps tombstones. */
  deleteRetentionMs: number;
  /** min.cleanable.dirty.ratio: compaction starts once this share of the old segments is uncleaned. */
  minCleanableDirtyRatio: number;
  /** min.compaction.lag.ms: segments with a record younger than this are not cleaned. */
  minCompactionLagMs: number;
  /** max.compaction.lag.ms: a dirty segment older than this is cleaned whatever the dirty ratio;
   *  a compacted topic's active segment rolls after this too (Kafka's maxSegmentMs). */
  maxCompactionLagMs: number;
}

type Check = (v: string) => string | undefined;
const long = (min: number): Check => (v) => (/^-?\d+$/.test(v) && Number(v) >= min && Number.isSafeInteger(Number(v)) ? undefined : `must be an integer >= ${min}`);
const oneOf = (...xs: string[]): Check => (v) => (xs.includes(v) ? undefined : `must be one of ${xs.join(', ')}`);

/** Every topic config the dev cluster knows: its check and its default (as Kafka shows it). */
export const TOPIC_CONFIGS: Record<string, { check: Check; fallback: (d: BrokerDefaults) => string }> = {
  'cleanup.policy': { check: oneOf('delete', 'compact', 'compact,delete', 'delete,compact'), fallback: () => 'delete' },
  'retention.ms': { check: long(-1), fallback: (d) => String(d.retentionMs) },
  'retention.bytes': { check: long(-1), fallback: (d) => String(d.retentionBytes) },
  'segment.bytes': { check: long(14), fallback: (d) => String(d.segmentBytes) },
  'segment.ms': { check: long(1), fallback: (d) => String(d.segmentMs) },
  'max.message.bytes': { check: long(0), fallback: (d) => String(d.messageMaxBytes) },
  'compression.type': { check: oneOf('producer', 'uncompressed', 'gzip', 'snappy', 'lz4', 'zstd'), fallback: () => 'producer' },
  'min.insync.replicas': { check: long(1), fallback: () => '1' },
  'message.timestamp.type': { check: oneOf('CreateTime', 'LogAppendTime'), fallback: () => 'CreateTime' },
  'delete.retention.ms': { check: long(0), fallback: () => '86400000' },
  'min.compaction.lag.ms': { check: long(0), fallback: () => '0' },
  'max.compaction.lag.ms': { check: long(1), fallback: () => '9223372036854775807' },
  'min.cleanable.dirty.ratio': { check: (v) => (/^\d*\.?\d+$/.test(v) && Number(v) <= 1 ? undefined : 'must be a number from 0 to 1'), fallback: () => '0.5' },
  'unclean.leader.election.enable': { check: oneOf('true', 'false'), fallback: () => 'false' },
  'message.downconversion.enable': { check: oneOf('true', 'false'), fallback: () => 'true' },
  'flush.messages': { check: long(1), fallback: () => '9223372036854775807' },
  'flush.ms': { check: long(0), fallback: () => '9223372036854775807' },
};

/** Why `name=value` is not a valid topic config, or undefined. */
export function topicConfigProblem(name: string, value: string | null): string | undefined {
  const def = TOPIC_CONFIGS[name];
  if (def === undefined) return `unknown topic config '${name}'`;
  if (value === null) return undefined;
  const problem = def.check(value);
  return problem === undefined ? undefined : `invalid value '${value}' for ${name}: ${problem}`;
}

export function resolveTopicConfig(d: BrokerDefaults, configs: Readonly<Record<string, string>>): TopicConfig {
  const num = (name: string, fallback: number): number => {
    const v = configs[name];
    return v === undefined || !/^-?\d+$/.test(v) ? fallback : Number(v);
  };
  const policy = configs['cleanup.policy'];
  const compacted = policy === 'compact' || policy === 'compact,delete' || policy === 'delete,compact';
  const maxCompactionLagMs = num('max.compaction.lag.ms', Number.MAX_SAFE_INTEGER);
  return {
    maxMessageBytes: num('max.message.bytes', d.messageMaxBytes),
    retentionMs: num('retention.ms', d.retentionMs),
    retentionBytes: num('retention.bytes', d.retentionBytes),
    segmentBytes: num('segment.bytes', d.segmentBytes),
    segmentMs: compacted ? Math.min(num('segment.ms', d.segmentMs), maxCompactionLagMs) : num('segment.ms', d.segmentMs),
    cleanupPolicy: policy === 'compact' ? 'compact' : policy === 'compact,delete' || policy === 'delete,compact' ? 'compact,delete' : 'delete',
    deleteRetentionMs: num('delete.retention.ms', 86_400_000),
    minCleanableDirtyRatio: Number(configs['min.cleanable.dirty.ratio'] ?? '0.5'),
    minCompactionLagMs: num('min.compaction.lag.ms', 0),
    maxCompactionLagMs,
  };
}
