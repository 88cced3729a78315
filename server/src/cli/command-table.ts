import type { CliCommand } from './command';
import { checkCommand } from './commands/check';
import { describeCommand } from './commands/describe';
import { devClusterCommand } from './commands/dev-cluster';
import { lagCommand } from './commands/lag';
import { resetCommand } from './commands/reset';
import { runCommand } from './commands/run';

// Every command of the CLI, in `--help` order. Add a command: a file in ./commands with its name,
// usage and flags, its work in a ./commands/*-handler.ts it import()s when it runs (so `check` and
// `--help` never evaluate the runtime: test/server/cli/lazy-runtime.test.ts), and a line here.
export const commandTable: readonly CliCommand[] = [
  checkCommand,
  describeCommand,
  runCommand,
  devClusterCommand,
  lagCommand,
  resetCommand,
];
