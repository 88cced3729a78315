// `streamwise dev-cluster`: runs the embedded Kafka-protocol broker until SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { consoleLogger } from 'streamwise';
import { startDevCluster } from 'streamwise/devcluster';
import { UsageError, type CliCommand } from '../command';

function intOption(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got '${value}'`);
  return n;
}

export const devClusterCommand: CliCommand = {
  name: 'dev-cluster',
  usage: 'dev-cluster [--port P] [--data-dir DIR] [--partitions N] [--host H] [--flush every|interval|none]',
  summary: 'start the embedded Kafka-protocol broker',
  async run(args, io) {
    const { values } = parseArgs({
      args: [...args],
      strict: true,
      options: {
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        partitions: { type: 'string' },
        host: { type: 'string' },
        flush: { type: 'string' },
      },
    });
    const port = intOption('port', values.port, 9092, 0, 65535);
    const defaultPartitions = intOption('partitions', values.partitions, 1, 1, 10_000);
    const host = values.host ?? '127.0.0.1';
    const flush = values.flush ?? 'interval';
    if (flush !== 'every' && flush !== 'interval' && flush !== 'none') {
      throw new UsageError(`--flush must be every, interval or none, got '${flush}'`);
    }
    let cluster;
    try {
      cluster = await startDevCluster({ port, defaultPartitions, dataDir: values['data-dir'], host, flush, logger: consoleLogger('info') });
    } catch (error) {
      const code = error instanceof Error && 'code' in error ? error.code : undefined;
      if (code !== 'EADDRINUSE' && code !== 'EACCES' && code !== 'EADDRNOTAVAIL') throw error;
      io.err(`streamwise dev-cluster: cannot listen on ${host}:${port}: ${(error as Error).message}`);
      return 1;
    }
    io.out(`dev cluster listening on ${cluster.bootstrapServers.join(',')}`);
    const signal = await new Promise<string>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    });
    await cluster.close();
    io.err(`dev cluster stopped (${signal})`);
    return 0;
  },
};
