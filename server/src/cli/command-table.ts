import type { CliCommand } from './command';
import { checkCommand } from './commands/check';
import { devClusterCommand } from './commands/dev-cluster';

// Every command of the CLI, in `--help` order. Add a command: a file in ./commands, a line here.
export const commandTable: readonly CliCommand[] = [
  checkCommand,
  devClusterCommand,
];
