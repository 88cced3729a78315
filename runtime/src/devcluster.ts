// 'streamwise/devcluster': the embedded Kafka-protocol broker.
export { startDevCluster, type DevCluster, type DevClusterOptions } from './devcluster/dev-cluster';
