// `npm run test:e2e:desktop`: the same in-host suite in desktop VS Code (Electron) through
// @vscode/test-electron: an installed VS Code (STREAMWISE_VSCODE_EXECUTABLE), else one downloaded
// from update.code.visualstudio.com (STREAMWISE_VSCODE_VERSION, default stable). The machines here
// have neither, so CI uses the web workbench (`npm run test:e2e`) and this runner has not run
// here. Installs the packaged .vsix into a fresh extensions folder first, as the web run does.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } from '@vscode/test-electron';
import { repo, results } from '../lib/context';
import { bundleSuite, suiteDir } from '../lib/suite-bundle';

async function desktopVSCode(): Promise<string> {
  const installed = process.env.STREAMWISE_VSCODE_EXECUTABLE;
  if (installed !== undefined && installed !== '') {
    if (!existsSync(installed)) throw new Error(`STREAMWISE_VSCODE_EXECUTABLE=${installed} does not exist`);
    return installed;
  }
  try {
    return await downloadAndUnzipVSCode(process.env.STREAMWISE_VSCODE_VERSION ?? 'stable');
  } catch (error) {
    throw new Error(`cannot download desktop VS Code (${error instanceof Error ? error.message : String(error)}): set STREAMWISE_VSCODE_EXECUTABLE to an installed VS Code, or use \`npm run test:e2e\` (code-server, offline)`, { cause: error });
  }
}

async function main(): Promise<number> {
  const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { name: string; version: string; engines: { vscode: string } };
  const vsix = join(repo, 'out', `${manifest.name}-${manifest.version}.vsix`);
  const root = mkdtempSync(join(tmpdir(), 'streamwise-desktop-'));
  try {
    const extensions = join(root, 'extensions');
    const executable = await desktopVSCode();
    const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(executable);
    const install = spawnSync(cli ?? executable, [...cliArgs, '--extensions-dir', extensions, '--install-extension', vsix], { encoding: 'utf8', stdio: 'inherit' });
    if (install.status !== 0) throw new Error(`installing ${vsix} failed`);
    await bundleSuite();
    const workspace = join(root, 'workspace');
    cpSync(join(repo, 'test', 'e2e', 'fixtures', 'gateway'), workspace, { recursive: true });
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: join(repo, 'test', 'e2e', 'harness'),
      extensionTestsPath: join(suiteDir, 'trusted.js'),
      extensionTestsEnv: { STREAMWISE_E2E_RESULTS: results, STREAMWISE_E2E_EXTENSIONS_DIR: extensions },
      launchArgs: [workspace, '--extensions-dir', extensions, '--user-data-dir', join(root, 'user-data'), '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
    return 0;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().then((code) => {
  process.exitCode = code;
}, (error: unknown) => {
  process.stderr.write(`test:e2e:desktop: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
