import type { CliCommand } from './command';
import { checkCommand } from './commands/check';
import { describeCommand } from './commands/describe';
import { devClusterCommand } from './commands/dev-cluster';
import { lagCommand } from './commands/lag';
import { resetCommand } from './commands/reset';
import { runCommand } from './commands/run';

// Every command of the CLI, in `--help` order. Add a command: a file in ./commands, a line here.
export const commandTable: readonly CliCommand[] = [
  checkCommand,
  describeCommand,
  runCommand,
  devClusterCommand,
  lagCommand,
  resetCommand,
];
