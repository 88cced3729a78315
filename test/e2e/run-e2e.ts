// `npm run test:e2e`: the packaged .vsix in a real VS Code (code-server's bundled server, driven
// from Debian's chromium). Phases run in order on one server; any failure fails the run.
// Screenshots and logs go to test-results/e2e; `--only PHASE` runs one phase.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './lib/browser';
import { repo, results, workspaceCopy, type Context, type Phase } from './lib/context';
import { inHostPhase } from './lib/in-host';
import { processesMentioning } from './lib/processes';
import { bundleSuite, suiteDir } from './lib/suite-bundle';
import { loadTools } from './lib/tools';
import { installExtension, serverDirs, startServer, type RunningServer } from './lib/vscode-server';
import { uiBrokenConfigPhase } from './ui/ui-broken-config';
import { uiGraphPhase } from './ui/ui-graph';
import { uiTrustedPhase } from './ui/ui-trusted';
import { uiUntrustedPhase } from './ui/ui-untrusted';

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function vsixPath(): string {
  const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { name: string; version: string };
  return join(repo, 'out', `${manifest.name}-${manifest.version}.vsix`);
}

const builtIn: Phase[] = [
  {
    name: 'api-trusted',
    run: (ctx) => inHostPhase(ctx, 'trusted', workspaceCopy(ctx, 'gateway', 'api-trusted')),
  },
  { name: 'ui-trusted', run: uiTrustedPhase },
  { name: 'ui-graph', run: uiGraphPhase },
  { name: 'ui-broken-config', run: uiBrokenConfigPhase },
  { name: 'ui-untrusted', run: uiUntrustedPhase },
];

/** The built-in phases, then every `<name>.phase.ts` under test/e2e (exporting `phase: Phase`), by file name. */
async function allPhases(): Promise<Phase[]> {
  const found: Phase[] = [];
  for (const file of phaseFiles(join(repo, 'test', 'e2e'))) {
    const loaded = (await import(file)) as { phase?: Phase };
    if (loaded.phase === undefined || typeof loaded.phase.run !== 'function') throw new Error(`${file} does not export \`phase: Phase\``);
    found.push(loaded.phase);
  }
  return [...builtIn, ...found];
}

function phaseFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' ? [] : phaseFiles(path);
    return e.name.endsWith('.phase.ts') ? [path] : [];
  }).sort((a, b) => basename(a).localeCompare(basename(b)));
}

async function main(): Promise<number> {
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  const started = Date.now();
  const timings: [string, number][] = [];
  const timed = async <T>(name: string, work: () => Promise<T> | T): Promise<T> => {
    const t0 = Date.now();
    try {
      return await work();
    } finally {
      timings.push([name, Date.now() - t0]);
    }
  };
  rmSync(results, { recursive: true, force: true });
  mkdirSync(results, { recursive: true });
  const tools = loadTools();
  say(`e2e: VS Code ${tools.vscodeVersion} server on ${tools.node}, browser ${tools.chromium}`);
  const vsix = vsixPath();
  const root = mkdtempSync(join(tmpdir(), 'streamwise-e2e-'));
  const dirs = serverDirs(root);
  const failures: string[] = [];
  const measures: [string, unknown][] = [];
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  try {
    await timed('install .vsix', () => installExtension(tools, dirs, vsix));
    await timed('bundle in-host suite', () => bundleSuite());
    const env = { STREAMWISE_E2E_RESULTS: results, STREAMWISE_E2E_EXTENSIONS_DIR: dirs.extensions };
    // Trusted windows everywhere but the untrusted phase (which runs its own server).
    server = await timed('start server', () => startServer(tools, dirs, env, ['--disable-workspace-trust']));
    browser = await timed('launch chromium', () => launchBrowser(tools));
    const installed = readdirSync(dirs.extensions).find((name) => name.startsWith('streamwise.streamwise-vscode-'));
    if (installed === undefined) throw new Error(`the .vsix did not install into ${dirs.extensions}`);
    const ctx: Context = { tools, dirs, server, browser, suiteDir, installed: join(dirs.extensions, installed), say,
      startServer: (name, extraArgs) => startServer(tools, { ...serverDirs(join(root, name)), extensions: dirs.extensions }, env, extraArgs), measure: (name, value) => measures.push([name, value]) };
    const phases = await allPhases();
    if (only !== undefined && !phases.some((p) => p.name === only)) throw new Error(`no phase ${only}; phases: ${phases.map((p) => p.name).join(', ')}`);
    for (const phase of phases.filter((p) => only === undefined || p.name === only)) {
      say(`e2e: phase ${phase.name}`);
      try {
        await timed(`phase ${phase.name}`, () => phase.run(ctx));
        say(`e2e: phase ${phase.name} passed`);
      } catch (error) {
        failures.push(`${phase.name}: ${error instanceof Error ? error.message : String(error)}`);
        say(`e2e: phase ${phase.name} FAILED: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      }
    }
  } finally {
    await browser?.close();
    const hard = server === undefined ? [] : await server.stop();
    if (hard.length > 0) say(`e2e: killed after SIGTERM: ${hard.join('; ')}`);
    const leaked = processesMentioning(root);
    if (leaked.length > 0) {
      failures.push(`processes left behind: ${leaked.map((p) => `${p.pid} ${p.cmdline}`).join('; ')}`);
      for (const p of leaked) {
        try {
          process.kill(p.pid, 'SIGKILL');
        } catch {
          // Ended meanwhile.
        }
      }
    }
    cpSync(join(root, 'server.log'), join(results, 'server.log'));
    if (existsSync(join(root, 'untrusted', 'server.log'))) cpSync(join(root, 'untrusted', 'server.log'), join(results, 'server-untrusted.log'));
    // The extension hosts' logs (Streamwise's output channels among them) are artefacts too.
    for (const logs of [join(dirs.userData, 'logs'), join(dirs.serverData, 'logs')]) {
      if (existsSync(logs)) cpSync(logs, join(results, 'server-logs'), { recursive: true });
    }
    rmSync(root, { recursive: true, force: true });
  }
  for (const [name, ms] of timings) say(`e2e: ${name.padEnd(28)} ${(ms / 1000).toFixed(1)} s`);
  say(`e2e: total ${((Date.now() - started) / 1000).toFixed(1)} s (artefacts in ${results})`);
  for (const measure of readdirSync(results).filter((f) => f.startsWith('measure-'))) measures.push([measure.slice(8, -5), JSON.parse(readFileSync(join(results, measure), 'utf8'))]);
  for (const [name, value] of measures) say(`e2e: measured ${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  if (failures.length > 0) {
    say(`e2e: FAILED\n  ${failures.join('\n  ')}`);
    return 1;
  }
  say('e2e: all phases passed');
  // The marketplace README shows screenshots of a green full run (packaging/README.md names them).
  if (only === undefined) {
    for (const shot of readdirSync(results).filter((f) => f.startsWith('readme-') && f.endsWith('.png'))) cpSync(join(results, shot), join(repo, 'docs', 'images', shot.slice('readme-'.length)));
    say('e2e: README screenshots copied to docs/images');
  }
  return 0;
}

main().then((code) => {
  process.exitCode = code;
}, (error: unknown) => {
  say(`e2e: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
