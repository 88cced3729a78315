// Bundles the in-host mocha suite: one entry per phase (test/e2e/suite/<phase>.ts), each a module
// exporting run() for extensionTestsPath. Written inside the clone so it resolves mocha there.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { repo } from './context';

export const suiteDir = join(repo, 'out', 'e2e', 'suite');

export async function bundleSuite(): Promise<void> {
  const src = join(repo, 'test', 'e2e', 'suite');
  const entries = readdirSync(src).filter((f) => f.endsWith('.ts') && !f.endsWith('.e2e.ts') && f !== 'helpers.ts' && f !== 'run-mocha.ts');
  await esbuild.build({
    entryPoints: entries.map((f) => join(src, f)), outdir: suiteDir, bundle: true, platform: 'node', format: 'cjs', target: 'node20',
    external: ['vscode', 'mocha'], sourcemap: 'inline', logLevel: 'warning',
  });
}
