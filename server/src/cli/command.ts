// One CLI command: `streamwise <name> ...`. Commands live one per file in ./commands and are
// listed in ./command-table.ts.
export interface CliIo {
  /** Writes a line (or more) to standard output. */
  out(text: string): void;
  /** Writes a line (or more) to standard error. */
  err(text: string): void;
  cwd: string;
}

export interface CliCommand {
  name: string;
  /** One usage line, shown by `--help`. */
  usage: string;
  summary: string;
  /** Returns the process exit code. Throw `UsageError` for bad arguments (exit 2). */
  run(args: readonly string[], io: CliIo): Promise<number>;
  /** Exit code when run() throws something unexpected (default 1, a failure of the work; check: 2 as SPEC section 5 says). */
  unexpectedErrorExitCode?: number;
}

/** Bad command-line input: one line on stderr, exit code 2. */
export class UsageError extends Error {}

/** A file named on the command line does not exist (or cannot be read): exit code 2, no usage hint. */
export class MissingFileError extends UsageError {}
