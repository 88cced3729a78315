// Shared helpers for the run manager tests: a real CLI, a logger that records, event waits.
import { join } from 'node:path';
import type { Log } from '../../../client/src/log';
import type { Event } from '../../../client/src/runs/emitter';
import type { RunOutput } from '../../../client/src/runs/run-manager';

export const root = new URL('../../../', import.meta.url).pathname;
export const cli = join(root, 'dist', 'cli.js');
export const fixture = (name: string): string => join(root, 'test', 'fixtures', 'client', 'runs', name);

export interface RecordingLog extends Log {
  lines: string[];
}

export function recordingLog(): RecordingLog {
  const lines: string[] = [];
  const add = (level: string) => (message: string | Error): void => {
    lines.push(`${level} ${message instanceof Error ? message.message : message}`);
  };
  return { lines, trace: add('trace'), debug: add('debug'), info: add('info'), warn: add('warn'), error: add('error') };
}

export interface RecordingOutput extends RunOutput {
  lines: string[];
  shown: number;
  disposed: boolean;
}

export function recordingOutputs(): { outputs: Map<string, RecordingOutput>; create(name: string): RecordingOutput } {
  const outputs = new Map<string, RecordingOutput>();
  return {
    outputs,
    create(name) {
      const output: RecordingOutput = {
        lines: [], shown: 0, disposed: false,
        appendLine(line) { output.lines.push(line); },
        show() { output.shown++; },
        dispose() { output.disposed = true; },
      };
      outputs.set(name, output);
      return output;
    },
  };
}

/** Resolves with the first event value (or current state) satisfying `predicate`; rejects on timeout with `describe()`. */
export function waitFor<T>(event: Event<T>, predicate: (value: T) => boolean, timeoutMs: number, describe: () => string, now?: T): Promise<T> {
  if (now !== undefined && predicate(now)) return Promise.resolve(now);
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms: ${describe()}`));
    }, timeoutMs);
    const subscription = event((value) => {
      if (!predicate(value)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(value);
    });
  });
}

export function randomName(prefix: string): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
}
