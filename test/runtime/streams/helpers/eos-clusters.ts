// Brokers the exactly_once_v2 tests run against, with what each can show.
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
}

export const eosClusterKinds: EosClusterKind[] = [
  // librdkafka 2.0.2's mock answers the transactional APIs without their semantics.
  { name: 'librdkafka mock cluster', exactlyOnce: false, fences: false, start: () => startMockCluster(1) },
];
