import type { CliCommand } from './command';
import { devClusterCommand } from './commands/dev-cluster';

// Every command of the CLI, in `--help` order. Add a command: a file in ./commands, a line here.
export const commandTable: readonly CliCommand[] = [
  devClusterCommand,
];
