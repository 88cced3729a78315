// `streamwise dev-cluster`: runs the embedded Kafka-protocol broker until SIGINT/SIGTERM.
import { DEFAULT_PARTITIONS, DEFAULT_PORT } from 'streamwise/model';
import type { CliCommand } from '../command';

export const devClusterFlags = { port: { type: 'string' }, 'data-dir': { type: 'string' }, partitions: { type: 'string' }, host: { type: 'string' }, flush: { type: 'string' } } as const;

export const devClusterCommand: CliCommand = {
  name: 'dev-cluster',
  usage: `dev-cluster [--port P (${DEFAULT_PORT})] [--data-dir DIR] [--partitions N (${DEFAULT_PARTITIONS})] [--host H (127.0.0.1)] [--flush every|interval|none (interval)]`,
  summary: 'start the embedded Kafka-protocol broker',
  run: async (args, io) => (await import('./dev-cluster-handler')).runDevCluster(args, io),
};
