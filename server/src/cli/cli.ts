const HELP = `streamwise - tooling for Kafka-Streams-style topologies in TypeScript

Usage:
  streamwise check PATH [--format text|json|sarif]   analyse a workspace; exit 1 on errors
  streamwise describe FILE                           print a topology module's topology
  streamwise run FILE [--brokers a,b] [--instances N] [--input topic=file.jsonl]
                                                     run a topology module (no brokers: embedded dev cluster)
  streamwise dev-cluster [--port P] [--data-dir DIR] start the embedded Kafka-protocol broker
  streamwise lag --group ID [--brokers ...]          per-partition lag, rates and status for a group

Options:
  -h, --help       show this help
  -v, --version    print the version
`;

export const VERSION = '0.1.0';

export async function runCli(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    console.log(HELP);
    return 0;
  }
  if (command === '-v' || command === '--version') {
    console.log(VERSION);
    return 0;
  }
  console.error(`streamwise: unknown command '${command}'${rest.length > 0 ? '' : ''}\n\n${HELP}`);
  return 2;
}
