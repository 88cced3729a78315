export * from './model';
export * from './logger';
export { Serdes, type Serde, type Windowed } from './serdes';
export { SerdeError, StreamsProcessingError, TopologyError } from './errors';
export { StreamsBuilder, type ConsumedOptions, type StreamsBuilderOptions, type StateStoreOptions } from './dsl/streams-builder';
export { KStream, type JoinedOptions, type ProducedOptions } from './dsl/kstream';
export { KTable, type TableOperationOptions } from './dsl/ktable';
export { Stores, type KeyValueBytesStoreSupplier, type SessionBytesStoreSupplier, type StoreSupplier, type WindowBytesStoreSupplier } from './dsl/stores';
export { KGroupedTable } from './dsl/grouped-table';
export { GlobalKTable } from './dsl/global-ktable';
export { BranchedKStream, type BranchedOptions } from './dsl/branched';
export { EmitStrategy, KGroupedStream, SessionWindowedKStream, SlidingWindowedKStream, TimeWindowedKStream, type GroupedOptions, type StoreOptions } from './dsl/grouped';
export { JoinWindows, SessionWindows, SlidingWindows, TimeWindows } from './dsl/windows';
export { Printed, type KeyValueMapper } from './dsl/printed';
export { BufferConfig, EagerBufferConfig, StrictBufferConfig, Suppressed } from './dsl/suppress';
export type { StreamJoinedOptions } from './dsl/stream-stream-join';
export { Topology } from './topology';
export { TopologyDescription } from './describe/topology-description';
export type { RecordContext, StreamPartitioner, TopicExtractor } from './processor/node-defs';
export type { RepartitionedOptions } from './dsl/repartition';
export type { Processor, ProcessorContext, ProcessorSupplier, StreamRecord, Cancellable } from './processor/processor-api';
export type { KeyValueStore, ReadOnlyKeyValueStore, ValueAndTimestamp } from './processor/key-value-store';
export type { ReadOnlyWindowStore, WindowStore } from './processor/window-store';
export type { ReadOnlySessionStore, SessionStore } from './processor/session-store';
// The processing engine (interface 1): runners (the test driver, KafkaStreams) use these.
export type { RawRecord, OutgoingRecord, RecordCollector } from './processor/raw-record';
export { planOf, type SubTopologyPlan } from './processor/topology-internals';
export { StreamTask, DLQ_HEADERS, LATENCY_SAMPLE_EVERY, type TaskOptions, type TaskMetricsSink, type NodeCounts, type ExceptionHandler } from './processor/stream-task';
// Running on Kafka (issue 5).
export { InvalidStateStoreError } from './streams/task-manager';
export { KafkaStreams, type UncaughtExceptionHandler, type UncaughtExceptionResponse, type RunnableTopology } from './streams/kafka-streams';
export { ApplicationResetError, applyApplicationReset, isInternalTopic, planApplicationReset, type ResetPlan, type ResetTarget } from './streams/application-reset';
export { StreamsConfigError, type StreamsConfig } from './streams/config';
export { IllegalStateTransitionError, type StreamsState } from './streams/state-machine';
export type { StreamsEngine, EngineTask, EngineTaskOptions } from './streams/engine';
// A Kafka client behind the runtime's own interface (the CLI and tools use it; kafkajs stays in one module).
export { createKafkajsClient as createKafkaClient } from './kafka/kafkajs-adapter';
export type { KafkaClient, StreamsAdmin, StreamsProducer, ProducedRecord, PartitionOffsets, GroupDescription, GroupMemberDescription, TopicReader, OffsetRange, TopicReplication,
  TransactionalProducer, GroupConsumer, GroupAssignor, GroupMetadata, BatchContext } from './kafka/client';
export { CommitFailedError, ProducerFencedError, TransactionsUnsupportedError } from './kafka/client';
