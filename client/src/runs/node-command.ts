// How to start the CLI as a child: the extension host's own Node (Electron's, run as plain Node in
// desktop VS Code), so runs need no Node on PATH.
export interface NodeCommand {
  /** Executable (process.execPath in the extension host). */
  node: string;
  /** Extra environment (ELECTRON_RUN_AS_NODE for Electron). */
  env: Record<string, string>;
}

export function currentNode(): NodeCommand {
  return { node: process.execPath, env: process.versions.electron !== undefined ? { ELECTRON_RUN_AS_NODE: '1' } : {} };
}
