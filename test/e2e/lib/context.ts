// What every e2e phase gets: the tools, the running server and browser, and where things live.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Tools } from './tools';
import type { RunningServer, ServerDirs } from './vscode-server';

export const repo = resolve(__dirname, '../../..');
export const results = join(repo, 'test-results', 'e2e');

/**
 * One step of `npm run test:e2e`. The built-in phases are listed in run-e2e.ts; any other file
 * `<name>.phase.ts` under test/e2e exporting `phase: Phase` is picked up and run after them.
 */
export interface Phase {
  /** Unique; `--only NAME` runs just this one. */
  name: string;
  run(ctx: Context): Promise<void>;
}

export interface Context {
  tools: Tools;
  dirs: ServerDirs;
  /** A server whose windows trust their folders (`--disable-workspace-trust`). */
  server: RunningServer;
  browser: Browser;
  /** The bundled in-host suite (one entry per phase). */
  suiteDir: string;
  /** The installed extension's folder (the unpacked .vsix). */
  installed: string;
  /** Another server on the same installed .vsix (its own data folders), stopped by the caller. */
  startServer(name: string, extraArgs: string[]): Promise<RunningServer>;
  say(line: string): void;
  /** Records a number the run measured; printed at the end. */
  measure(name: string, value: unknown): void;
}

/**
 * A fresh copy of a fixture workspace (tests edit files; every phase starts clean), with window
 * settings that keep the workbench quiet: no chat side bar, no welcome page.
 */
export function workspaceCopy(ctx: Context, fixture: string, name: string): string {
  const target = join(ctx.dirs.root, 'workspaces', name);
  cpSync(join(repo, 'test', 'e2e', 'fixtures', fixture), target, { recursive: true });
  mkdirSync(join(target, '.vscode'), { recursive: true });
  writeFileSync(join(target, '.vscode', 'settings.json'), JSON.stringify({
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'git.enabled': false,
  }, null, 2));
  return target;
}

export async function screenshot(page: Page, name: string, clip?: { x: number; y: number; width: number; height: number }): Promise<string> {
  const path = join(results, `${name}.png`);
  await page.screenshot(clip === undefined ? { path } : { path, clip });
  return path;
}

/** `npm install` of the runtime package (packed from runtime/, offline from npm's cache) into a workspace. */
export function installRuntime(ctx: Context, folder: string): void {
  const packDir = join(ctx.dirs.root, 'pack');
  if (!existsSync(packDir)) {
    mkdirSync(packDir, { recursive: true });
    const pack = spawnSync('npm', ['pack', '--silent', '--pack-destination', packDir], { cwd: join(repo, 'runtime'), encoding: 'utf8' });
    if (pack.status !== 0) throw new Error(`npm pack of runtime/ failed: ${pack.stderr}`);
  }
  const tarball = readdirSync(packDir).find((f) => f.endsWith('.tgz'));
  if (tarball === undefined) throw new Error(`npm pack wrote no tarball into ${packDir}`);
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: 'gateway-example', private: true }, null, 2));
  const install = spawnSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', join(packDir, tarball)], { cwd: folder, encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`npm install of the runtime into ${folder} failed: ${install.stderr}`);
}
