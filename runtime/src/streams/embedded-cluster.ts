// The embedded dev cluster KafkaStreams starts when no bootstrapServers are configured.
import type { Logger } from '../logger';

export interface EmbeddedCluster { bootstrapServers: string[]; close(): Promise<void> }

export async function startEmbeddedCluster(logger: Logger): Promise<EmbeddedCluster> {
  logger.debug('starting the embedded dev cluster');
  throw new Error('the embedded dev cluster is not available in this build; set bootstrapServers');
}
