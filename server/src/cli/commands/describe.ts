// `streamwise describe FILE`: prints a topology module's topology (Kafka Streams format).
import { UsageError, type CliCommand } from '../command';
import { parseFlags } from '../parse-flags';
import { loadTopologyModule, runnableOf, TopologyModuleError } from '../run/topology-module';

export const describeCommand: CliCommand = {
  name: 'describe',
  usage: 'describe FILE',
  summary: "print a topology module's topology",
  async run(args, io) {
    const { positionals } = parseFlags(args, {});
    const [file, ...extra] = positionals;
    if (file === undefined) throw new UsageError('missing FILE (a .ts module exporting a KafkaStreams or a Topology)');
    if (extra.length > 0) throw new UsageError(`unexpected argument(s): ${extra.join(' ')}`);
    try {
      const runnable = await runnableOf(await loadTopologyModule(file, io.cwd), file, io.cwd);
      io.out(runnable.kind === 'app' ? runnable.app.describe() : runnable.topology.describe().toString());
      return 0;
    } catch (error) {
      if (!(error instanceof TopologyModuleError)) throw error;
      io.err(`streamwise describe: ${error.message}`);
      return 1;
    }
  },
};
