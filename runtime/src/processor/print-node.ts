// KStream.print: Kafka's KStreamPrint with PrintForeachAction, one `[label]: text` line per record.
import { RuntimeNode, type TaskContext } from './runtime-node';

/** Where a printer writes: the task's stdout or a file shared by every task printing to it. */
export interface PrintTarget {
  write(text: string): void;
  acquire?(): void;
  release?(): void;
}

export class PrintNode extends RuntimeNode {
  constructor(
    name: string,
    ctx: TaskContext,
    private readonly label: string,
    private readonly mapper: ((key: unknown, value: unknown) => unknown) | undefined,
    private readonly target: PrintTarget | 'stdout',
  ) {
    super(name, ctx);
  }
  override init(): void {
    if (this.target !== 'stdout') this.target.acquire?.();
  }
  override close(): void {
    if (this.target !== 'stdout') this.target.release?.();
  }
  protected process(key: unknown, value: unknown): void {
    const text = this.mapper === undefined ? `${javaString(key)}, ${javaString(value)}` : javaString(this.mapper(key, value));
    const line = `[${this.label}]: ${text}\n`;
    if (this.target === 'stdout') this.ctx.stdout(line);
    else this.target.write(line);
  }
}

/** Java's String.valueOf for what records hold: null for null/undefined, Kafka's Windowed
 *  `[key@start/end]`; bytes as Arrays.toString and other objects as JSON, where Java would print
 *  a class name and hash. */
export function javaString(x: unknown): string {
  if (x === null || x === undefined) return 'null';
  if (typeof x === 'string') return x;
  if (typeof x !== 'object') return String(x);
  if (Buffer.isBuffer(x)) return `[${[...x].map((b) => (b > 127 ? b - 256 : b)).join(', ')}]`;
  if (isWindowed(x)) return `[${javaString(x.key)}@${x.window.start}/${x.window.end}]`;
  try {
    return JSON.stringify(x) ?? String(x);
  } catch {
    return String(x);
  }
}

function isWindowed(x: object): x is { key: unknown; window: { start: number; end: number } } {
  const w = (x as { window?: unknown }).window;
  return Object.keys(x).length === 2 && 'key' in x && typeof w === 'object' && w !== null && typeof (w as { start?: unknown }).start === 'number' && typeof (w as { end?: unknown }).end === 'number';
}
