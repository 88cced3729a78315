import { UsageError } from './command';

/** An integer flag value in [min, max]; `fallback` when the flag is absent. */
export function intOption(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got '${value}'`);
  return Number(value);
}
