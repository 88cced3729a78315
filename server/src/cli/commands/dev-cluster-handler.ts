// The work of `streamwise dev-cluster` (its name, usage and flags: ./dev-cluster.ts), loaded only when it runs:
// it needs the runtime, which `streamwise check` must not pay for.
import { consoleLogger } from 'streamwise';
import { DEFAULT_PARTITIONS, DEFAULT_PORT, startDevCluster } from 'streamwise/devcluster';
import { UsageError, type CliIo } from '../command';
import { intOption } from '../int-option';
import { parseFlags } from '../parse-flags';
import { watchParent } from '../parent-watch';
import { devClusterFlags } from './dev-cluster';

/** `streamwise dev-cluster`: loaded by ./dev-cluster.ts only when the command runs. */
export async function runDevCluster(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(args, devClusterFlags);
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
    // Started by the extension: also until the extension host is gone (however it ended).
    watchParent(resolve);
  });
  await cluster.close();
  io.err(`dev cluster stopped (${signal})`);
  return 0;
}
