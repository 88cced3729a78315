// Kafka's Printed: where print() writes (the runtime's stdout, or a file), its label, its
// key-value mapper and its processor name. Mutable like Kafka's: each with* returns this.
import { closeSync, openSync, writeSync } from 'node:fs';
import { TopologyError } from '../errors';
import type { PrintTarget } from '../processor/print-node';

export type KeyValueMapper<K, V, R> = (key: K, value: V) => R;

export class Printed<K = unknown, V = unknown> {
  /** @internal */ label: string | undefined;
  /** @internal */ processorName: string | undefined;
  /** @internal Typed loosely so a Printed<K, V> fits any print() (as the serdes). */
  mapper: KeyValueMapper<unknown, unknown, unknown> | undefined;

  private constructor(/** @internal */ readonly target: PrintTarget | 'stdout') {}

  /** Prints to the runtime's stdout (the `stdout` config option; default process.stdout). */
  static toSysOut<K = unknown, V = unknown>(): Printed<K, V> {
    return new Printed<K, V>('stdout');
  }

  /** Prints to a file, created (or truncated) now, as Kafka's Files.newOutputStream. */
  static toFile<K = unknown, V = unknown>(filePath: string): Printed<K, V> {
    if (filePath === null || filePath === undefined) throw new TypeError("filePath can't be null");
    if (typeof filePath !== 'string' || filePath.trim() === '') throw new TopologyError(["filePath can't be an empty string"]);
    return new Printed<K, V>(new FileTarget(filePath));
  }

  withLabel(label: string): this {
    if (label === null || label === undefined) throw new TypeError("label can't be null");
    this.label = String(label);
    return this;
  }

  /** The text after `[label]: ` (default `key, value`). */
  withKeyValueMapper(mapper: KeyValueMapper<K, V, unknown>): this {
    if (mapper === null || mapper === undefined) throw new TypeError("mapper can't be null");
    if (typeof mapper !== 'function') throw new TypeError(`mapper must be a function (key, value) => string, got ${typeof mapper}`);
    this.mapper = mapper as KeyValueMapper<unknown, unknown, unknown>;
    return this;
  }

  /** Names the printer node (Kafka's NamedOperation.withName); it still draws its counter value. */
  withName(processorName: string): this {
    this.processorName = processorName;
    return this;
  }
}

/** A file opened at toFile(); closed when the last task printing to it closes, reopened for
 *  appending if a task starts after that (another driver or app on the same topology). */
class FileTarget implements PrintTarget {
  private fd: number | undefined;
  private users = 0;
  constructor(private readonly path: string) {
    this.fd = this.open('w');
  }
  private open(flags: 'w' | 'a'): number {
    try {
      return openSync(this.path, flags);
    } catch (e) {
      throw new TopologyError([`Unable to write stream to file at [${this.path}] ${e instanceof Error ? e.message : String(e)}`]);
    }
  }
  acquire(): void {
    this.users++;
    this.fd ??= this.open('a');
  }
  write(text: string): void {
    if (this.fd === undefined) this.fd = this.open('a');
    writeSync(this.fd, text);
  }
  release(): void {
    this.users = Math.max(0, this.users - 1);
    if (this.users === 0 && this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
    }
  }
}
