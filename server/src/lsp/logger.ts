// The analyzer's injected Logger, written to the connection console (never to stdout: that is
// the LSP channel under --stdio).
import type { Logger, LogFields } from 'streamwise';

export interface RemoteConsoleLike {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  log(message: string): void;
}

export function connectionLogger(console: RemoteConsoleLike, isVerbose: () => boolean): Logger {
  const format = (message: string, fields?: LogFields): string =>
    fields === undefined || Object.keys(fields).length === 0 ? message : `${message} ${JSON.stringify(fields)}`;
  return {
    debug: (message, fields) => {
      if (isVerbose()) console.log(format(message, fields));
    },
    info: (message, fields) => console.info(format(message, fields)),
    warn: (message, fields) => console.warn(format(message, fields)),
    error: (message, fields) => console.error(format(message, fields)),
  };
}
