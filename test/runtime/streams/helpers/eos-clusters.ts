// Brokers the exactly_once_v2 tests run against, with what each can show.
import { startDevCluster } from 'streamwise/devcluster';
import { createTopics } from './kafka-io';
import { startMockCluster } from './mock-cluster';
import type { TestCluster } from './clusters';

export type { TestCluster };

export interface EosClusterKind {
  name: string;
  /** Commit markers, read_committed fetch and transactional offsets really work. */
  exactlyOnce: boolean;
  /** InitProducerId with a known transactional id fences the older producer. */
  fences: boolean;
  start(): Promise<TestCluster>;
  /** Makes the test's topics exist (the mock creates them on first use; it has no CreateTopics). */
  createTopics(brokers: string[], topics: string[]): Promise<void>;
}

export const eosClusterKinds: EosClusterKind[] = [
  {
    name: 'embedded dev cluster', exactlyOnce: true, fences: true,
    start: async () => {
      const c = await startDevCluster({ port: 0, defaultPartitions: 4 });
      return { brokers: c.bootstrapServers, close: () => c.close() };
    },
    createTopics: (brokers, topics) => createTopics(brokers, topics),
  },
  // librdkafka 2.0.2's mock answers the transactional APIs without their semantics.
  { name: 'librdkafka mock cluster', exactlyOnce: false, fences: false, start: () => startMockCluster(1), createTopics: async () => undefined },
];
