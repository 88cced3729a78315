// Stop-gap declaration of KafkaStreams (SPEC section 2), used by the analyzer only while the
// runtime's own build (runtime/dist) does not declare it yet.
import type { ExceptionHandler, Logger, ReadOnlyKeyValueStore, Topology } from './index';

export interface StreamsConfig {
  applicationId: string;
  bootstrapServers?: string[];
  numStreamThreads?: number;
  processingGuarantee?: 'at_least_once' | 'exactly_once_v2';
  commitIntervalMs?: number;
  autoOffsetReset?: 'earliest' | 'latest';
  processingExceptionHandler?: ExceptionHandler;
  deserializationExceptionHandler?: ExceptionHandler;
  productionExceptionHandler?: 'fail' | 'continue';
  logger?: Logger;
}
export type StreamsState = 'CREATED' | 'REBALANCING' | 'RUNNING' | 'PENDING_SHUTDOWN' | 'NOT_RUNNING' | 'PENDING_ERROR' | 'ERROR';
export declare class KafkaStreams {
  constructor(topology: Topology, config: StreamsConfig);
  onStateChange(listener: (newState: StreamsState, oldState: StreamsState) => void): void;
  setUncaughtExceptionHandler(handler: (error: Error) => 'REPLACE_THREAD' | 'SHUTDOWN_CLIENT'): void;
  start(): Promise<void>;
  close(): Promise<void>;
  store<K, V>(name: string): ReadOnlyKeyValueStore<K, V>;
}
