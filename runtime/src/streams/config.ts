// KafkaStreams configuration (SPEC section 2), validated up front with specific messages. The
// TopologyTestDriver takes the same type and validator (every option optional there).
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../logger';
import { silentLogger } from '../logger';
import type { ExceptionHandler } from '../processor/stream-task';

export type { ExceptionHandler };

export interface StreamsConfig {
  applicationId: string;
  /** Omitted: an embedded dev cluster is started with the app and closed with it. */
  bootstrapServers?: string[];
  numStreamThreads?: number;
  processingGuarantee?: 'at_least_once' | 'exactly_once_v2';
  commitIntervalMs?: number;
  autoOffsetReset?: 'earliest' | 'latest';
  processingExceptionHandler?: ExceptionHandler;
  deserializationExceptionHandler?: ExceptionHandler;
  productionExceptionHandler?: ExceptionHandler;
  /** Replication factor for internal topics (-1: broker default). */
  replicationFactor?: number;
  /** Names this instance in assignment and metrics, and (under exactly_once_v2) in its stream
   *  threads' transactional ids. Default: the process id kept in `stateDir`, as Kafka Streams'
   *  processId, so a restart of the same instance keeps it. */
  instanceId?: string;
  /** Kafka's state.dir: holds `<applicationId>/kafka-streams-process-metadata` (the instance's
   *  process id) and is locked while the instance runs. Default: `<os.tmpdir()>/streamwise`. */
  stateDir?: string;
  logger?: Logger;
  /** Newline-delimited JSON events (state, metrics, assignment) are written here. */
  metricsSink?: (line: string) => void;
  metricsIntervalMs?: number;
  sessionTimeoutMs?: number;
  /** Where print(Printed.toSysOut()) writes its lines (default process.stdout). */
  stdout?: (text: string) => void;
}

export interface ResolvedConfig {
  applicationId: string;
  bootstrapServers: string[] | undefined;
  numStreamThreads: number;
  processingGuarantee: 'at_least_once' | 'exactly_once_v2';
  commitIntervalMs: number;
  autoOffsetReset: 'earliest' | 'latest';
  processingExceptionHandler: ExceptionHandler;
  deserializationExceptionHandler: ExceptionHandler;
  productionExceptionHandler: ExceptionHandler;
  replicationFactor: number;
  instanceId: string;
  stateDir: string;
  logger: Logger;
  metricsSink: ((line: string) => void) | undefined;
  metricsIntervalMs: number;
  sessionTimeoutMs: number;
  stdout: ((text: string) => void) | undefined;
}

export class StreamsConfigError extends Error {
  override name = 'StreamsConfigError';
}

const LEGAL_ID = /^[A-Za-z0-9._-]+$/;
const KNOWN = new Set(['applicationId', 'bootstrapServers', 'numStreamThreads', 'processingGuarantee', 'commitIntervalMs',
  'autoOffsetReset', 'processingExceptionHandler', 'deserializationExceptionHandler', 'productionExceptionHandler',
  'replicationFactor', 'instanceId', 'stateDir', 'logger', 'metricsSink', 'metricsIntervalMs', 'sessionTimeoutMs', 'stdout']);

function handler(name: string, value: unknown): ExceptionHandler {
  if (value === undefined) return 'fail';
  if (value === 'fail' || value === 'continue') return value;
  if (typeof value === 'object' && value !== null && 'deadLetterTopic' in value) {
    const topic = value.deadLetterTopic;
    if (typeof topic === 'string' && LEGAL_ID.test(topic) && topic.length <= 249) return { deadLetterTopic: topic };
    throw new StreamsConfigError(`${name}.deadLetterTopic must be a legal topic name ([A-Za-z0-9._-], 1-249 chars), got ${JSON.stringify(topic)}`);
  }
  throw new StreamsConfigError(`${name} must be 'fail', 'continue' or { deadLetterTopic: '...' }, got ${JSON.stringify(value)}`);
}

function positiveInt(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new StreamsConfigError(`${name} must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

export interface ResolveOptions {
  /** Names the configured class in messages (default KafkaStreams). */
  owner?: string;
  /** Used when applicationId is omitted; without it, applicationId is required. */
  defaultApplicationId?: string;
  /** Option names the owner accepts on top of KafkaStreams' (the driver's initialWallClockTimeMs). */
  extraOptions?: readonly string[];
}

export function resolveConfig(config: unknown, options: ResolveOptions = {}): ResolvedConfig {
  const owner = options.owner ?? 'KafkaStreams';
  if (typeof config !== 'object' || config === null) {
    throw new StreamsConfigError(`${owner} config must be an object${options.defaultApplicationId === undefined ? ' with at least applicationId' : ''}`);
  }
  const c = config as Record<string, unknown>;
  for (const key of Object.keys(c)) {
    if (!KNOWN.has(key) && !(options.extraOptions ?? []).includes(key)) throw new StreamsConfigError(`unknown ${owner} config option '${key}'`);
  }
  const id = c.applicationId ?? options.defaultApplicationId;
  if (id === undefined || id === '') throw new StreamsConfigError('applicationId is required (it is the consumer group id and the prefix of internal topics)');
  if (typeof id !== 'string' || !LEGAL_ID.test(id) || id.length > 249) {
    throw new StreamsConfigError(`applicationId ${JSON.stringify(id)} is not legal: use only [A-Za-z0-9._-], at most 249 characters`);
  }
  let brokers: string[] | undefined;
  if (c.bootstrapServers !== undefined) {
    const b = c.bootstrapServers;
    if (!Array.isArray(b) || b.length === 0 || !b.every((s) => typeof s === 'string' && /^[^\s:]+:\d+$/.test(s))) {
      throw new StreamsConfigError(`bootstrapServers must be a non-empty array of 'host:port' strings, got ${JSON.stringify(b)}`);
    }
    brokers = b as string[];
  }
  const guarantee = c.processingGuarantee ?? 'at_least_once';
  if (guarantee !== 'at_least_once' && guarantee !== 'exactly_once_v2') {
    throw new StreamsConfigError(`processingGuarantee must be 'at_least_once' or 'exactly_once_v2', got ${JSON.stringify(guarantee)}`);
  }
  const reset = c.autoOffsetReset ?? 'earliest';
  if (reset !== 'earliest' && reset !== 'latest') throw new StreamsConfigError(`autoOffsetReset must be 'earliest' or 'latest', got ${JSON.stringify(reset)}`);
  const instanceId = c.instanceId ?? `${id}-${Math.random().toString(36).slice(2, 8)}`;
  if (typeof instanceId !== 'string' || instanceId === '') throw new StreamsConfigError('instanceId must be a non-empty string');
  const stateDir = c.stateDir ?? join(tmpdir(), 'streamwise');
  if (typeof stateDir !== 'string' || stateDir === '') throw new StreamsConfigError(`stateDir must be a non-empty path, got ${JSON.stringify(stateDir)}`);
  const logger = (c.logger as Logger | undefined) ?? silentLogger;
  const sink = c.metricsSink;
  if (sink !== undefined && typeof sink !== 'function') throw new StreamsConfigError('metricsSink must be a function (line: string) => void');
  const stdout = c.stdout;
  if (stdout !== undefined && typeof stdout !== 'function') throw new StreamsConfigError('stdout must be a function (text: string) => void');
  const rf = c.replicationFactor ?? -1;
  if (typeof rf !== 'number' || !Number.isInteger(rf) || rf === 0 || rf < -1) throw new StreamsConfigError(`replicationFactor must be -1 or a positive integer, got ${JSON.stringify(rf)}`);
  return {
    applicationId: id,
    bootstrapServers: brokers,
    numStreamThreads: positiveInt('numStreamThreads', c.numStreamThreads, 1),
    processingGuarantee: guarantee,
    // As Kafka Streams: 100 ms under exactly_once_v2 (each commit ends a transaction; output becomes visible then).
    commitIntervalMs: positiveInt('commitIntervalMs', c.commitIntervalMs, guarantee === 'exactly_once_v2' ? 100 : 30000),
    autoOffsetReset: reset,
    processingExceptionHandler: handler('processingExceptionHandler', c.processingExceptionHandler),
    deserializationExceptionHandler: handler('deserializationExceptionHandler', c.deserializationExceptionHandler),
    productionExceptionHandler: handler('productionExceptionHandler', c.productionExceptionHandler),
    replicationFactor: rf,
    instanceId,
    stateDir,
    logger,
    metricsSink: sink as ((line: string) => void) | undefined,
    metricsIntervalMs: positiveInt('metricsIntervalMs', c.metricsIntervalMs, 2000),
    sessionTimeoutMs: positiveInt('sessionTimeoutMs', c.sessionTimeoutMs, 10000),
    stdout: stdout as ((text: string) => void) | undefined,
  };
}

/** KafkaStreams' config: the shared validation (one place, so `check`, `describe` and `run` agree). */
export function resolveStreamsConfig(config: unknown): ResolvedConfig {
  return resolveConfig(config);
}
