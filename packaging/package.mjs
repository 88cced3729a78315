// `npm run package`: stages the .vsix contents in out/vsix (production bundles from
// `esbuild.mjs --vsix`, the manifest, the marketplace README and the files the manifest names),
// packs them with @vscode/vsce and prints what dominates the size. Run after `npm run build`.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { readZipEntries } from './zip-entries.mjs';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const stage = join(root, 'out', 'vsix');
const fail = (message) => {
  process.stderr.write(`package: ${message}\n`);
  process.exit(1);
};
const run = (command, args, cwd) => {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) fail(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
};

if (!existsSync(join(root, 'runtime', 'dist', 'index.d.ts'))) fail('run `npm run build` first (runtime/dist is missing)');
rmSync(stage, { recursive: true, force: true });
run(process.execPath, ['esbuild.mjs', '--vsix', stage], root);

// Build artefacts that are not bundles (the config schema, styles) come from the normal build.
for (const name of readdirSync(join(root, 'dist'))) {
  const from = join(root, 'dist', name);
  const to = join(stage, 'dist', name);
  if (statSync(from).isFile() && !/\.(js|map)$/.test(name) && !existsSync(to)) copyFileSync(from, to);
}

// The manifest: the root package.json is also the npm workspace root; keep only what VS Code reads.
const source = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const dropped = new Set(['private', 'bin', 'workspaces', 'scripts', 'dependencies', 'devDependencies', 'optionalDependencies', 'overrides', 'allowScripts']);
const manifest = Object.fromEntries(Object.entries(source).filter(([key]) => !dropped.has(key)));
manifest.engines = { vscode: source.engines.vscode };
writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

// Every file the manifest names (icon, walkthrough media, view icons, schemas) must be in the stage.
const copyIntoStage = (path) => {
  const to = join(stage, path);
  mkdirSync(dirname(to), { recursive: true });
  cpSync(join(root, path), to, { recursive: true });
};
const missing = [];
const visit = (value, where) => {
  if (typeof value === 'string') {
    const path = value.replace(/^\.\//, '');
    if (!/^[\w.-]+(\/[\w.-]+)+\.\w+$|^[\w-]+\.(png|svg|md|json)$/.test(path) || /^https?:/.test(value)) return;
    if (existsSync(join(stage, path))) return;
    if (existsSync(join(root, path))) copyIntoStage(path);
    else missing.push(`${where}: ${value}`);
  } else if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${where}[${i}]`));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, `${where}.${k}`);
};
visit({ main: manifest.main, icon: manifest.icon, contributes: manifest.contributes }, 'package.json');
if (missing.length > 0) fail(`the manifest names files that do not exist:\n  ${missing.join('\n  ')}`);

// Marketplace README (its images are staged at the same relative paths), changelog, licence.
const readme = readFileSync(join(root, 'packaging', 'README.md'), 'utf8');
for (const [, image] of readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)) {
  if (/^https?:/.test(image)) fail(`packaging/README.md: remote image ${image} (the package must work offline)`);
  if (!existsSync(join(root, image))) fail(`packaging/README.md names ${image}, which does not exist (npm run test:e2e takes the screenshots)`);
  copyIntoStage(image);
}
writeFileSync(join(stage, 'README.md'), readme);
copyFileSync(join(root, 'CHANGELOG.md'), join(stage, 'CHANGELOG.md'));
copyFileSync(join(root, 'LICENSE'), join(stage, 'LICENSE'));
copyFileSync(join(root, 'packaging', 'vscodeignore'), join(stage, '.vscodeignore'));

const vsix = join(root, 'out', `${manifest.name}-${manifest.version}.vsix`);
rmSync(vsix, { force: true });
run(process.execPath, [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--no-rewrite-relative-links', '--allow-missing-repository', '--out', vsix], stage);

// What dominates: compressed bytes per file, largest first.
const entries = readZipEntries(readFileSync(vsix)).sort((a, b) => b.compressed - a.compressed);
const total = statSync(vsix).size;
const mb = (n) => `${(n / 1024 / 1024).toFixed(2)} MB`;
const kb = (n) => `${(n / 1024).toFixed(0)} KB`.padStart(9);
process.stdout.write(`\n${relative(root, vsix)}: ${mb(total)} (${entries.length} files; goal under 5 MB${total < 5 * 1024 * 1024 ? '' : ': OVER THE GOAL'})\n`);
process.stdout.write('  compressed  unpacked  file\n');
for (const e of entries.slice(0, 12)) process.stdout.write(`  ${kb(e.compressed)} ${kb(e.size)}  ${e.name}\n`);
const rest = entries.slice(12);
if (rest.length > 0) process.stdout.write(`  ${kb(rest.reduce((n, e) => n + e.compressed, 0))} ${kb(rest.reduce((n, e) => n + e.size, 0))}  ${rest.length} other files\n`);
