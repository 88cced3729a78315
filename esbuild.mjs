// Bundles the extension, language server, CLI and webview. Type-checking is `tsc -b`'s job.
import * as esbuild from 'esbuild';
import { collectDeclarations } from './server/bundled/collect-declarations.mjs';

const production = process.argv.includes('--production');
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning' };
// The analyzer's fallback 'streamwise' declarations, generated from runtime/dist after `tsc -b`.
const bundledDeclarations = { STREAMWISE_BUNDLED_DECLARATIONS: JSON.stringify(JSON.stringify(collectDeclarations(process.cwd()))) };

await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: ['client/src/main.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    // jsonc-parser's UMD build hides its requires from esbuild: take its ESM build.
    mainFields: ['module', 'main'],
  }),
  esbuild.build({
    ...common,
    entryPoints: ['server/src/server.ts'],
    outfile: 'dist/server.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    define: bundledDeclarations,
    // jsonc-parser's UMD build hides its requires from esbuild: take its ESM build.
    mainFields: ['module', 'main'],
  }),
  esbuild.build({
    ...common,
    // The language server's analysis worker (ts-morph off the LSP thread), loaded beside server.js.
    entryPoints: ['server/src/analysis-worker.ts'],
    outfile: 'dist/analysis-worker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    define: bundledDeclarations,
    mainFields: ['module', 'main'],
  }),
  esbuild.build({
    ...common,
    entryPoints: ['server/src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    define: bundledDeclarations,
    // jsonc-parser's UMD build hides its requires from esbuild: take its ESM build.
    mainFields: ['module', 'main'],
    banner: { js: '#!/usr/bin/env node' },
    // User topology modules import 'streamwise' too: both must get the same copy of the runtime.
    external: ['streamwise', 'streamwise/*', 'ts-morph', 'kafkajs', 'esbuild'],
  }),
  esbuild.build({
    ...common,
    // The graph panel's layout worker (ELK off the extension host's event loop), beside extension.js.
    entryPoints: ['client/src/graph/layout-worker.ts'],
    outfile: 'dist/graph-layout-worker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  }),
  esbuild.build({
    ...common,
    // The graph webview: its own folder, the only one the panel's localResourceRoots allow.
    entryPoints: ['webview/src/main.ts'],
    outfile: 'dist/webview/graph.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  }),
]);
