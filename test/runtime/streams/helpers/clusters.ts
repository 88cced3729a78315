// The brokers every KafkaStreams test runs against: librdkafka's mock cluster (a broker nobody
// here wrote) and our embedded dev cluster. Both auto-create topics with 4 partitions.
import { startDevCluster } from 'streamwise/devcluster';
import { startMockCluster } from './mock-cluster';

export interface TestCluster { brokers: string[]; close(): Promise<void> }

export interface ClusterKind {
  name: string;
  /** Rejects illegal topic names on produce (the mock accepts anything). */
  validatesTopics: boolean;
  start(): Promise<TestCluster>;
}

export const clusterKinds: ClusterKind[] = [
  { name: 'librdkafka mock cluster', validatesTopics: false, start: () => startMockCluster(1) },
  {
    name: 'embedded dev cluster',
    validatesTopics: true,
    start: async () => {
      const c = await startDevCluster({ port: 0, defaultPartitions: 4 });
      return { brokers: c.bootstrapServers, close: () => c.close() };
    },
  },
];
