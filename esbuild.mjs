// Bundles the extension, language server, CLI and webview. Type-checking is `tsc -b`'s job.
// `node esbuild.mjs` builds dist/ for development and tests; `node esbuild.mjs --vsix DIR` builds
// the same bundles in production mode into DIR/dist for the .vsix (see packaging/package.mjs).
import * as esbuild from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { collectDeclarations } from './server/bundled/collect-declarations.mjs';

const vsixIndex = process.argv.indexOf('--vsix');
const vsixDir = vsixIndex >= 0 ? resolve(process.argv[vsixIndex + 1] ?? 'out/vsix') : undefined;
const production = process.argv.includes('--production') || vsixDir !== undefined;
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning' };
// The analyzer's fallback 'streamwise' declarations, generated from runtime/dist after `tsc -b`.
const bundledDeclarations = { STREAMWISE_BUNDLED_DECLARATIONS: JSON.stringify(JSON.stringify(collectDeclarations(process.cwd()))) };

// Node bundles (extension host, language server, CLI): CommonJS for Node 20. jsonc-parser's UMD
// build hides its requires from esbuild, so every Node bundle takes its ESM build.
const nodeBundle = (entry, outfile, extra = {}) => ({
  ...common, entryPoints: [entry], outfile, platform: 'node', format: 'cjs', target: 'node20', mainFields: ['module', 'main'], ...extra,
});

const builds = [
  nodeBundle('client/src/main.ts', 'dist/extension.js', { external: ['vscode'] }),
  nodeBundle('server/src/server.ts', 'dist/server.js', { define: bundledDeclarations }),
  // The language server's analysis worker (ts-morph off the LSP thread), loaded beside server.js.
  nodeBundle('server/src/analysis-worker.ts', 'dist/analysis-worker.js', { define: bundledDeclarations }),
  nodeBundle('server/src/cli/main.ts', 'dist/cli.js', {
    define: bundledDeclarations,
    banner: { js: '#!/usr/bin/env node' },
    // User topology modules import 'streamwise' too: both must get the same copy of the runtime.
    external: ['streamwise', 'streamwise/*', 'ts-morph', 'kafkajs', 'esbuild'],
  }),
  // The graph panel's layout worker (ELK off the extension host's event loop), beside extension.js.
  nodeBundle('client/src/graph/layout-worker.ts', 'dist/graph-layout-worker.js'),
  {
    ...common,
    // The graph webview: its own folder, the only one the panel's localResourceRoots allow.
    entryPoints: ['webview/src/main.ts'],
    outfile: 'dist/webview/graph.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

// The streamwise-cli package's bin (server/package.json): the same CLI bundle, no source map.
const cliPackageBuild = { ...builds.find((b) => b.outfile === 'dist/cli.js'), outfile: 'server/dist/cli.js', sourcemap: false };

if (vsixDir === undefined) {
  await Promise.all([...builds, cliPackageBuild].map((options) => esbuild.build(options)));
  await emitConfigSchema('dist');
} else {
  await buildVsix(vsixDir);
  await emitConfigSchema(join(vsixDir, 'dist'));
}

/**
 * DIST/streamwise.config.schema.json: the config schema (one module, streamwise/model) closed over
 * the analyzer's rule ids, for the extension's contributes.jsonValidation.
 */
async function emitConfigSchema(distDir) {
  const generator = 'out/config-json-schema.cjs';
  mkdirSync(dirname(generator), { recursive: true });
  await esbuild.build({
    bundle: true,
    logLevel: 'warning',
    entryPoints: ['server/src/analysis/config-json-schema.ts'],
    outfile: generator,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  });
  const { configJsonSchema } = createRequire(import.meta.url)(resolve(generator));
  mkdirSync(distDir, { recursive: true });
  writeFileSync(join(distDir, 'streamwise.config.schema.json'), `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
}

/**
 * The .vsix bundles: one shared ts-morph (with its one TypeScript) beside the bundles that need it,
 * and the runtime as `dist/node_modules/streamwise`, so the CLI and the user's topology modules
 * (which import 'streamwise') resolve the same copy when the workspace has none of its own.
 */
async function buildVsix(outDir) {
  const dist = join(outDir, 'dist');
  const sharedTs = {
    name: 'shared-typescript',
    setup(build) {
      build.onResolve({ filter: /^ts-morph$/ }, () => ({ path: './ts-morph.js', external: true }));
      // Anything importing TypeScript itself gets ts-morph's copy, never a second one.
      build.onResolve({ filter: /^typescript$/ }, () => ({ path: 'shared-typescript', namespace: 'shared-typescript' }));
      build.onLoad({ filter: /.*/, namespace: 'shared-typescript' }, () => ({ contents: "module.exports = require('./ts-morph.js').ts;", loader: 'js' }));
    },
  };
  const vsixBuilds = builds.map((options) => {
    const out = { ...options, outfile: join(outDir, options.outfile) };
    if (options.platform !== 'node' || options.outfile === 'dist/extension.js') return out;
    out.plugins = [...(options.plugins ?? []), sharedTs];
    // import() of a bundled CommonJS file would see only its `default`: let esbuild turn it into require().
    out.supported = { ...(options.supported ?? {}), 'dynamic-import': false };
    // The CLI resolves 'streamwise' at run time (the user's modules must see the same copy); esbuild
    // is optional there (absent from the .vsix: the CLI then transpiles with TypeScript).
    if (options.outfile === 'dist/cli.js') out.external = ['streamwise', 'streamwise/*', 'esbuild'];
    else out.external = (options.external ?? []).filter((id) => id !== 'ts-morph' && id !== 'typescript');
    return out;
  });
  vsixBuilds.push({
    ...common,
    stdin: { contents: "export * from 'ts-morph';", resolveDir: process.cwd(), loader: 'js' },
    outfile: join(dist, 'ts-morph.js'),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  });
  // The runtime package: one bundle holding every entry point (so classes are shared between
  // them), and one small file per `exports` entry of runtime/package.json picking its part.
  const runtimeManifest = JSON.parse(readFileSync('runtime/package.json', 'utf8'));
  const runtimeDir = join(dist, 'node_modules', 'streamwise');
  const entries = Object.entries(runtimeManifest.exports)
    .filter(([, target]) => typeof target === 'object' && typeof target.require === 'string')
    .map(([key, target], index) => ({ key, file: target.require, name: `entry${index}` }));
  const source = (file) => `./${file.replace(/^\.\/dist\//, 'runtime/src/').replace(/\.js$/, '.ts')}`;
  vsixBuilds.push({
    ...common,
    stdin: { contents: entries.map((e) => `export * as ${e.name} from '${source(e.file)}';`).join('\n'), resolveDir: process.cwd(), loader: 'ts' },
    outfile: join(runtimeDir, 'runtime.js'),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  });
  await Promise.all(vsixBuilds.map((options) => esbuild.build(options)));
  const exportsMap = {};
  for (const entry of entries) {
    const facade = join(runtimeDir, entry.file);
    mkdirSync(dirname(facade), { recursive: true });
    const back = entry.file.split('/').length - 2;
    const runtimePath = back === 0 ? './runtime.js' : `${'../'.repeat(back)}runtime.js`;
    writeFileSync(facade, `module.exports = require('${runtimePath}').${entry.name};\n`);
    exportsMap[entry.key] = entry.file;
  }
  const manifest = { name: runtimeManifest.name, version: runtimeManifest.version, license: runtimeManifest.license, main: runtimeManifest.main, exports: { ...exportsMap, './package.json': './package.json' } };
  writeFileSync(join(runtimeDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}
