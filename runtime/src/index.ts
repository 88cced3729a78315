export * from './model';
export * from './logger';
export { KafkaStreams, type UncaughtExceptionHandler, type UncaughtExceptionResponse, type RunnableTopology } from './streams/kafka-streams';
export { StreamsConfigError, type StreamsConfig, type ExceptionHandler } from './streams/config';
export { IllegalStateTransitionError, type StreamsState } from './streams/state-machine';
export type { StreamsEngine, EngineTask, EngineTaskOptions, SubTopologyPlan as EngineSubTopologyPlan } from './streams/engine';
export { DLQ_HEADERS } from './streams/dead-letter';
