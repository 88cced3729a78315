// The streamwise declarations bundled with the server, as package-relative path -> text.
// esbuild embeds them at build time (define STREAMWISE_BUNDLED_DECLARATIONS, see esbuild.mjs);
// unbundled (tests through tsx) they are read from the repository, as the build would.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

declare const STREAMWISE_BUNDLED_DECLARATIONS: string | undefined;

let cached: Record<string, string> | undefined;

export function bundledDeclarations(): Record<string, string> {
  if (cached !== undefined) return cached;
  if (typeof STREAMWISE_BUNDLED_DECLARATIONS === 'string') {
    const parsed: unknown = JSON.parse(STREAMWISE_BUNDLED_DECLARATIONS);
    cached = isStringRecord(parsed) ? parsed : {};
  } else {
    cached = readFromRepository(join(__dirname, '..', '..', '..'));
  }
  return cached;
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string');
}

/** Mirrors server/bundled/collect-declarations.mjs. */
function readFromRepository(repoRoot: string): Record<string, string> {
  const runtimeDir = join(repoRoot, 'runtime');
  const files: Record<string, string> = {};
  const pkg = join(runtimeDir, 'package.json');
  if (existsSync(pkg)) files['package.json'] = readFileSync(pkg, 'utf8');
  const walk = (dir: string): void => {
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
