// Collects the declarations the analyzer bundles for workspaces where 'streamwise' does not resolve:
// the runtime's own runtime/dist/**/*.d.ts (built by `tsc -b` before esbuild runs). Used by
// esbuild.mjs (embedded via `define`); the server reads the same files from disk when it runs
// unbundled (tests through tsx).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export function collectDeclarations(repoRoot) {
  const runtimeDir = join(repoRoot, 'runtime');
  const files = { 'package.json': readFileSync(join(runtimeDir, 'package.json'), 'utf8') };
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.d.ts')) files[relative(runtimeDir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(join(runtimeDir, 'dist'));
  return files;
}
