// Every handler runs through `guard`: bad user code or an analyzer bug must never take the
// server down; the handler logs to the connection console and answers its empty value.
export interface ErrorSink {
  error(message: string): void;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/** True for errors a handler throws on purpose to reach the client (cancellation). */
export type PassThrough = (error: unknown) => boolean;

export function guard<A extends unknown[], R>(
  sink: ErrorSink,
  name: string,
  empty: () => R,
  handler: (...args: A) => R | Promise<R>,
  passThrough: PassThrough = () => false,
): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await handler(...args);
    } catch (error) {
      if (passThrough(error)) throw error;
      sink.error(`streamwise: ${name} failed: ${describeError(error)}`);
      return empty();
    }
  };
}

/** For notification handlers: same as `guard` without a result. */
export function guardVoid<A extends unknown[]>(sink: ErrorSink, name: string, handler: (...args: A) => void | Promise<void>): (...args: A) => void {
  const guarded = guard(sink, name, () => undefined, handler);
  return (...args: A) => {
    void guarded(...args);
  };
}
