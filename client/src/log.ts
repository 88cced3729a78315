// The logger the client's modules take: a vscode LogOutputChannel satisfies it, and so does a
// plain object in node tests (the modules under runs/ stay vscode-free).
export interface Log {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string | Error): void;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : JSON.stringify(error);
}
