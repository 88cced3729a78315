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
}

/** Bad command-line input: printed with the usage line, exit code 2. */
export class UsageError extends Error {}
