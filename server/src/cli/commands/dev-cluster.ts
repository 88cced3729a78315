// `streamwise dev-cluster`: runs the embedded Kafka-protocol broker until SIGINT/SIGTERM (or, when
// the extension started it, until the extension host is gone).
import { consoleLogger } from 'streamwise';
import { DEFAULT_PARTITIONS, DEFAULT_PORT, startDevCluster } from 'streamwise/devcluster';
import { UsageError, type CliCommand } from '../command';
import { intOption } from '../int-option';
import { parseFlags } from '../parse-flags';
import { watchParent } from '../parent-watch';

const FLAGS = { port: { type: 'string' }, 'data-dir': { type: 'string' }, partitions: { type: 'string' }, host: { type: 'string' }, flush: { type: 'string' } } as const;

export const devClusterCommand: CliCommand = {
  name: 'dev-cluster',
  usage: `dev-cluster [--port P (${DEFAULT_PORT})] [--data-dir DIR] [--partitions N (${DEFAULT_PARTITIONS})] [--host H (127.0.0.1)] [--flush every|interval|none (interval)]`,
  summary: 'start the embedded Kafka-protocol broker',
  async run(args, io) {
    const { values, positionals } = parseFlags(args, FLAGS);
    if (positionals.length > 0) throw new UsageError(`unexpected argument(s): ${positionals.join(' ')}`);
    const port = intOption('port', values.port, DEFAULT_PORT, 0, 65535);
    const defaultPartitions = intOption('partitions', values.partitions, DEFAULT_PARTITIONS, 1, 10_000);
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
      watchParent(resolve);
    });
    await cluster.close();
    io.err(`dev cluster stopped (${signal})`);
    return 0;
  },
};
