import type { CliCommand } from './command';
import { checkCommand } from './commands/check';

// Every command of the CLI, in `--help` order. Add a command: a file in ./commands, a line here.
export const commandTable: readonly CliCommand[] = [
  checkCommand,
];
