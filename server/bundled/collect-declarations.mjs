// Collects the declarations the analyzer bundles for workspaces where 'streamwise' does not resolve:
// the runtime's own runtime/dist/**/*.d.ts, plus stop-gap declarations (server/bundled/) of what the
// runtime does not declare yet. Used by esbuild.mjs (embedded via `define`); the server
// reads the same files from disk when it runs unbundled (tests through tsx).
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
  // Stop-gap for what the runtime does not declare yet (the DSL).
  const declared = (cls) => Object.values(files).some((text) => new RegExp(`\\bclass ${cls}\\b`).test(text));
  let index = files['dist/index.d.ts'] ?? '';
  for (const [cls, stopGap] of [['StreamsBuilder', 'streamwise-dsl']]) {
    if (declared(cls)) continue;
    files[`dist/${stopGap}.d.ts`] = readFileSync(join(repoRoot, 'server', 'bundled', `${stopGap}.d.ts`), 'utf8');
    index = `${index}\nexport * from './${stopGap}';\n`;
  }
  files['dist/index.d.ts'] = index;
  return files;
}
