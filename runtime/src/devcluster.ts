// 'streamwise/devcluster': the embedded Kafka-protocol broker.
export { DEFAULT_PARTITIONS, DEFAULT_PORT, startDevCluster, type DevCluster, type DevClusterOptions } from './devcluster/dev-cluster';
