// Every command parses its flags here: strict, and an unknown flag is one line with "did you mean".
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './command';

export type FlagSpec = NonNullable<ParseArgsConfig['options']>;
type Parsed<T extends FlagSpec> = ReturnType<typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: true }>>;

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j] ?? 0;
      row[j] = Math.min(cur + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length] ?? 0;
}

/** The closest known flag within a small edit distance (or a prefix match), if any. */
export function closestFlag(name: string, known: readonly string[]): string | undefined {
  const bare = name.replace(/^-+/, '').split('=')[0] ?? '';
  let best: { flag: string; d: number } | undefined;
  for (const flag of known) {
    const d = flag.startsWith(bare) || bare.startsWith(flag) ? 1 : distance(bare, flag);
    if (d <= Math.max(2, Math.floor(flag.length / 3)) && (best === undefined || d < best.d)) best = { flag, d };
  }
  return best?.flag;
}

export function parseFlags<T extends FlagSpec>(args: readonly string[], flags: T): Parsed<T> {
  try {
    return parseArgs({ args: [...args], options: flags, strict: true, allowPositionals: true });
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? error.code : undefined;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const token = args.find((a) => a.startsWith('-') && !Object.keys(flags).some((f) => a === `--${f}` || a.startsWith(`--${f}=`)) && a !== '--') ?? '';
      const flag = token.split('=')[0] ?? token;
      const guess = closestFlag(flag, Object.keys(flags));
      throw new UsageError(`unknown option '${flag}'${guess === undefined ? '' : ` (did you mean --${guess}?)`}`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const first = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
      const name = /'(?:-\w, )?(--[\w-]+)/.exec(first)?.[1];
      // "argument missing" and "argument is ambiguous" (a value starting with '-'): one plain line.
      if (name !== undefined && /argument (missing|is ambiguous)/.test(first)) throw new UsageError(`${name} needs a value (a value starting with '-' goes as ${name}=VALUE)`);
      throw new UsageError(first);
    }
    throw error;
  }
}
