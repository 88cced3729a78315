import { parseArgs } from 'node:util';
import { MissingFileError, UsageError, type CliIo } from './command';
import { commandTable } from './command-table';
import { closestFlag } from './parse-flags';
import { VERSION } from './version';

export { VERSION };

export function helpText(): string {
  const lines = commandTable.flatMap((c) => [`  streamwise ${c.usage}`, `      ${c.summary}`]);
  return [
    'streamwise - tooling for Kafka-Streams-style topologies in TypeScript',
    '',
    'Usage:',
    ...lines,
    '',
    'Options:',
    '  -h, --help       show help (also `streamwise COMMAND --help`)',
    '  -v, --version    print the version',
    '',
  ].join('\n');
}

const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  cwd: process.cwd(),
};

export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    io.out(helpText());
    return 0;
  }
  if (name === '-v' || name === '--version') {
    io.out(VERSION);
    return 0;
  }
  const command = commandTable.find((c) => c.name === name);
  if (command === undefined) {
    const names = commandTable.map((c) => c.name);
    const guess = closestFlag(name, names);
    io.err(`streamwise: unknown command '${name}'${guess === undefined ? '' : ` (did you mean ${guess}?)`}; commands: ${names.join(', ')} (streamwise --help)`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`Usage: streamwise ${command.usage}\n\n${command.summary}`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof MissingFileError) {
      io.err(`streamwise ${name}: ${error.message}`);
      return 2;
    }
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.err(`streamwise ${name}: ${error instanceof Error ? error.message : String(error)} (streamwise ${name} --help shows the usage)`);
      return 2;
    }
    // One line; the stack only when asked for (STREAMWISE_DEBUG=1).
    const detail = error instanceof Error ? (process.env.STREAMWISE_DEBUG === '1' ? (error.stack ?? error.message) : error.message) : String(error);
    io.err(`streamwise ${name}: ${detail}`);
    return command.unexpectedErrorExitCode ?? 1;
  }
}

/** `util.parseArgs` throws TypeErrors with ERR_PARSE_ARGS_* codes for bad options. */
function isParseArgsError(error: unknown): error is Error {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('ERR_PARSE_ARGS');
}

export { parseArgs };
