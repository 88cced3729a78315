import { relative, sep } from 'node:path';

/** A workspace-relative path with forward slashes, for messages. */
export function relativeForMessage(root: string, file: string): string {
  const rel = relative(root, file);
  return (rel.startsWith('..') ? file : rel).split(sep).join('/');
}
