// The work of `streamwise describe` (its name, usage and flags: ./describe.ts), loaded only when it runs:
// it needs the runtime, which `streamwise check` must not pay for.
import { UsageError, type CliIo } from '../command';
import { parseFlags } from '../parse-flags';
import { loadTopologyModule, runnableOf, TopologyModuleError } from '../run/topology-module';

/** `streamwise describe`: loaded by ./describe.ts only when the command runs. */
export async function runDescribe(args: readonly string[], io: CliIo): Promise<number> {
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
}
