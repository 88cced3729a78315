// Dependency recording for incremental re-analysis: while a topology is extracted and its rules
// run, every file whose declarations were consulted and every exported name searched is recorded.
// After an edit, only topologies depending on an edited file (or whose searched names the edited
// text mentions) are analysed again.
import type { Node } from 'ts-morph';

export interface Deps { files: Set<string>; names: Set<string> }

let current: Deps | undefined;

export function recording<T>(deps: Deps, run: () => T): T {
  const previous = current;
  current = deps;
  try {
    return run();
  } finally {
    current = previous;
  }
}

export function recordNode(node: Node): void {
  current?.files.add(node.getSourceFile().getFilePath());
}

export function recordName(name: string): void {
  current?.names.add(name);
}

export function newDeps(): Deps {
  return { files: new Set(), names: new Set() };
}

/** True when an edit of `file` (now `text`) may change what was recorded. */
export function affectedBy(deps: Deps, file: string, text: string | undefined): boolean {
  if (deps.files.has(file)) return true;
  if (text === undefined) return false;
  for (const name of deps.names) if (text.includes(name)) return true;
  return false;
}
