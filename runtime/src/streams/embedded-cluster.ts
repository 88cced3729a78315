// The embedded dev cluster KafkaStreams starts when no bootstrapServers are configured.
import { startDevCluster } from '../devcluster/dev-cluster';
import type { Logger } from '../logger';

export interface EmbeddedCluster { bootstrapServers: string[]; close(): Promise<void> }

export async function startEmbeddedCluster(logger: Logger): Promise<EmbeddedCluster> {
  const cluster = await startDevCluster({ port: 0, logger });
  logger.info(`embedded dev cluster on ${cluster.bootstrapServers.join(',')}`);
  return cluster;
}
